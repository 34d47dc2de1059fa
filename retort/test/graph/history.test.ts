// history() entries carry what `retort history` marks: head, base, branch point, merge point, current.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildGraph, history, revisionId } from "../../src/graph/index.js";
import { rev } from "./scenarios.js";

test("history marks heads, bases, branch points, merge points and the current heads", () => {
  const graph = buildGraph([
    rev("1975ea83b712", null),
    rev("27c6a30d7c24", "1975ea83b712"),
    rev("53fffde5ad5", ["ae1027a6acf", "27c6a30d7c24"]),
    rev("ae1027a6acf", "1975ea83b712"),
    rev("d747a8a8879", "27c6a30d7c24"),
  ]);
  const rows = history(graph, { current: [revisionId("53fffde5ad5")] }).map((e) => [
    e.revision.id,
    [e.isHead && "head", e.isBase && "base", e.isBranchPoint && "branchpoint", e.isMergePoint && "mergepoint", e.isCurrent && "current"]
      .filter(Boolean)
      .join(" "),
    e.children.join(","),
  ]);
  assert.deepEqual(rows, [
    ["53fffde5ad5", "head mergepoint current", ""],
    ["ae1027a6acf", "", "53fffde5ad5"],
    ["d747a8a8879", "head", ""],
    ["27c6a30d7c24", "branchpoint", "53fffde5ad5,d747a8a8879"],
    ["1975ea83b712", "base branchpoint", "27c6a30d7c24,ae1027a6acf"],
  ]);
});

test("history of an empty graph is empty", () => {
  assert.deepEqual(history(buildGraph([])), []);
});
