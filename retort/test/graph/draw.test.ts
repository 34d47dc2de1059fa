// drawGraph: the revision DAG drawn as `git log --graph` draws commits, exact text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildGraph, drawGraph, graphText, revisionId, type Revision } from "../../src/graph/index.js";
import { rev } from "./scenarios.js";

const withMessage = (revision: Revision, message: string): Revision => ({ ...revision, message });

const drawn = (revisions: readonly Revision[], current: readonly string[] = []): string[] => {
  const graph = buildGraph(revisions);
  return graphText(drawGraph(graph.revisions, { current: current.map(revisionId), heads: graph.heads() }));
};

test("a linear history is one lane; the database's revision is drawn with @ and marked current", () => {
  const revisions = [
    withMessage(rev("1975ea83b712", null), "create users"),
    withMessage(rev("27c6a30d7c24", "1975ea83b712"), "add email"),
    withMessage(rev("ae1027a6acf4", "27c6a30d7c24"), "create orders"),
  ];
  assert.deepEqual(drawn(revisions, ["27c6a30d7c24"]), [
    "* ae1027a6acf4 (head) create orders",
    "@ 27c6a30d7c24 (current) add email",
    "* 1975ea83b712 create users",
  ]);
});

test("a branch point forks into two heads that join at it", () => {
  const revisions = [
    rev("aaaa", null),
    rev("bbbb", "aaaa"),
    withMessage(rev("cccc", "bbbb", { labels: ["shop"] }), "cart"),
    withMessage(rev("dddd", "bbbb"), "avatar"),
  ];
  assert.deepEqual(drawn(revisions, ["cccc", "dddd"]), [
    "@ cccc (shop, head, current) cart",
    "| @ dddd (head, current) avatar",
    "|/",
    "* bbbb",
    "* aaaa",
  ]);
});

test("a merge forks right below it; the later parent's line comes first, as in git", () => {
  const revisions = [
    rev("aaaa", null),
    rev("bbbb", "aaaa"),
    rev("cccc", "bbbb"),
    rev("dddd", "bbbb"),
    rev("eeee", "dddd"),
    withMessage(rev("ffff", ["cccc", "eeee"]), "merge"),
    rev("gggg", "ffff"),
  ];
  assert.deepEqual(drawn(revisions), [
    "* gggg (head)",
    "*   ffff merge",
    "|\\",
    "| * eeee",
    "| * dddd",
    "* | cccc",
    "|/",
    "* bbbb",
    "* aaaa",
  ]);
});

test("a merge of three heads forks twice; the lines never cross", () => {
  const revisions = [rev("aaaa", null), rev("bbbb", "aaaa"), rev("cccc", "aaaa"), rev("dddd", "aaaa"), rev("mmmm", ["bbbb", "cccc", "dddd"])];
  assert.deepEqual(drawn(revisions), [
    "*   mmmm (head)",
    "|\\",
    "|\\ \\",
    "| * | dddd",
    "| | * cccc",
    "* | | bbbb",
    "|/ /",
    "|/",
    "* aaaa",
  ]);
});

test("several bases: each line ends at its base, the lanes right of it move left", () => {
  const revisions = [
    rev("a1", null, { labels: ["core"] }),
    rev("a2", "a1"),
    rev("x1", null, { labels: ["audit"] }),
    rev("x2", "x1"),
    rev("x3", "x2"),
  ];
  assert.deepEqual(drawn(revisions), [
    "* a2 (head)",
    "* a1 (core)",
    "* x3 (head)",
    "* x2",
    "* x1 (audit)",
  ]);
});

test("a dependsOn edge to another base's line: named in the caption, joined across the lane between", () => {
  const revisions = [rev("a1", null, { labels: ["core"] }), rev("x1", null, { labels: ["audit"] }), rev("a2", "a1"), rev("y1", "x1", { dependsOn: ["a1"] })];
  assert.deepEqual(drawn(revisions), [
    "* a2 (head)",
    "| *   y1 (head, depends on a1)",
    "| |\\",
    "|_|/",
    "* | a1 (core)",
    " /",
    "* x1 (audit)",
  ]);
});

test("a dependsOn edge waiting for its revision runs as a dotted lane", () => {
  // Drawn in the order given: y1's dependency on a1 stays open while a3 and a2 are drawn.
  const revisions = [rev("y1", "x1", { dependsOn: ["a1"] }), rev("a3", "a2"), rev("x1", null, { labels: ["audit"] }), rev("a2", "a1"), rev("a1", null, { labels: ["core"] })];
  assert.deepEqual(graphText(drawGraph(revisions)), [
    "*   y1 (head, depends on a1)",
    "|\\",
    "* : x1 (audit)",
    " /",
    ": * a3 (head)",
    ": * a2",
    ":/",
    "* a1 (core)",
  ]);
});

// The shape of a real 126-revision history: a base, then 25 rounds of expand/contract. Each
// round starts a feature, expands on a side branch (add the new column, backfill it) while
// the main line goes on, and contracts in a merge that drops the old column.
const realHistory = (): Revision[] => {
  const id = (round: number, step: string): string => `${String(round).padStart(2, "0")}${step}`;
  const revisions: Revision[] = [withMessage(rev("00base", null), "initial schema")];
  let tip = "00base";
  for (let round = 1; round <= 25; round++) {
    revisions.push(
      withMessage(rev(id(round, "feat"), tip), `feature ${round}`),
      withMessage(rev(id(round, "add"), id(round, "feat")), `expand ${round}: add column`),
      withMessage(rev(id(round, "fill"), id(round, "add")), `expand ${round}: backfill`),
      withMessage(rev(id(round, "main"), id(round, "feat")), `main line ${round}`),
      withMessage(rev(id(round, "drop"), [id(round, "main"), id(round, "fill")]), `contract ${round}: drop old column`),
    );
    tip = id(round, "drop");
  }
  return revisions;
};

test("a 126-revision history with expand/contract branches: every round reads the same, two lanes wide", () => {
  const revisions = realHistory();
  assert.equal(revisions.length, 126);
  const round = (n: number): string[] => {
    const r = String(n).padStart(2, "0");
    return [
      n === 25 ? `@   ${r}drop (head, current) contract ${n}: drop old column` : `*   ${r}drop contract ${n}: drop old column`,
      "|\\",
      `| * ${r}fill expand ${n}: backfill`,
      `| * ${r}add expand ${n}: add column`,
      `* | ${r}main main line ${n}`,
      "|/",
      `* ${r}feat feature ${n}`,
    ];
  };
  const expected = [...Array.from({ length: 25 }, (_, i) => round(25 - i)).flat(), "* 00base initial schema"];
  assert.deepEqual(drawn(revisions, ["25drop"]), expected);
});
