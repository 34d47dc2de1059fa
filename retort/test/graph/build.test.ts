// buildGraph refuses every malformed versions folder with the error Alembic raises for it.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ErrorCode } from "../../src/errors.js";
import { RetortError } from "../../src/errors.js";
import { buildGraph, revisionId, type Revision } from "../../src/graph/index.js";
import { rev } from "./scenarios.js";

const broken: readonly { readonly name: string; readonly revisions: readonly Revision[]; readonly error: readonly [ErrorCode, string] }[] = [
  {
    name: "two files declare the same revision",
    revisions: [rev("a001", null), rev("a002", "a001"), rev("a001", "a002")],
    error: ["DUPLICATE_REVISION", "Revision a001 is present more than once"],
  },
  {
    name: "a downRevision names no file",
    revisions: [rev("a001", null), rev("a002", "a009")],
    error: ["MISSING_DOWN_REVISION", "Revision a009 referenced from a002 is not present"],
  },
  {
    name: "one parent of a merge names no file",
    revisions: [rev("a001", null), rev("a002", ["a001", "b001"])],
    error: ["MISSING_DOWN_REVISION", "Revision b001 referenced from a002 is not present"],
  },
  {
    name: "a dependsOn names neither a revision nor a label",
    revisions: [rev("a001", null), rev("a002", "a001", { dependsOn: ["nolabel"] })],
    error: ["MISSING_DOWN_REVISION", "Revision nolabel referenced from a002 (dependsOn) is not present"],
  },
  {
    name: "a revision is its own parent",
    revisions: [rev("a001", null), rev("a002", ["a001", "a002"])],
    error: ["CYCLE", "Self-loop is detected in revisions (a002)"],
  },
  {
    name: "a revision depends on itself",
    revisions: [rev("a001", null, { dependsOn: ["a001"] })],
    error: ["DEPENDENCY_CYCLE", "Dependency self-loop is detected in revisions (a001)"],
  },
  {
    name: "two revisions are each other's parent, beside a sound base",
    revisions: [rev("a001", null), rev("b001", "c001"), rev("c001", "b001")],
    error: ["CYCLE", "Cycle is detected in revisions (b001, c001)"],
  },
  {
    name: "every revision has a parent",
    revisions: [rev("b001", "a001"), rev("a001", "b001")],
    error: ["CYCLE", "Cycle is detected in revisions (b001, a001)"],
  },
  {
    name: "a loop above a base leaves no head",
    revisions: [rev("a001", null), rev("a002", "a001"), rev("a003", ["a002", "a004"]), rev("a004", "a003")],
    error: ["CYCLE", "Cycle is detected in revisions (a001, a002, a003, a004)"],
  },
  {
    name: "dependencies loop between two lines",
    revisions: [rev("a001", null), rev("a002", "a001", { dependsOn: ["b001"] }), rev("b001", null, { dependsOn: ["a002"] })],
    error: ["DEPENDENCY_CYCLE", "Dependency cycle is detected in revisions (a001, a002, b001)"],
  },
  {
    name: "two revisions declare the same branch label",
    revisions: [rev("a001", null, { labels: ["shop"] }), rev("a002", "a001", { labels: ["shop"] })],
    error: ["DUPLICATE_BRANCH_LABEL", "Branch name 'shop' in revision a002 already used by revision a001"],
  },
  {
    name: "a branch label equals a revision id",
    revisions: [rev("a001", null), rev("a002", "a001", { labels: ["a001"] })],
    error: ["DUPLICATE_BRANCH_LABEL", "Branch name 'a001' in revision a002 already used by revision a001"],
  },
  {
    name: "a revision id holds target syntax",
    revisions: [rev("a001", null), rev("a-2@x", "a001")],
    error: ["INVALID_REVISION_ID", "Character(s) '-, @' not allowed in revision identifier 'a-2@x'"],
  },
  {
    name: "a revision id holds whitespace",
    revisions: [rev("a 01", null)],
    error: ["INVALID_REVISION_ID", "Character(s) 'whitespace' not allowed in revision identifier 'a 01'"],
  },
  {
    name: "a revision id is empty",
    revisions: [rev("", null)],
    error: ["INVALID_REVISION_ID", "A revision has an empty revision identifier"],
  },
];

for (const { name, revisions, error } of broken) {
  test(`buildGraph refuses a folder where ${name}`, () => {
    assert.throws(
      () => buildGraph(revisions),
      (e: unknown) => {
        assert.ok(e instanceof RetortError);
        assert.deepEqual([e.code, e.message], error);
        assert.ok((e.hint ?? "").length > 0);
        return true;
      },
    );
  });
}

test("an empty versions folder is an empty graph", () => {
  const graph = buildGraph([]);
  assert.deepEqual([graph.revisions, graph.heads(), graph.bases(), graph.branchPoints()], [[], [], [], []]);
});

test("the graph answers about single revisions and refuses unknown ids", () => {
  const graph = buildGraph([rev("a001", null, { labels: ["core"] }), rev("a002", "a001"), rev("a003", "a001")]);
  assert.equal(graph.get(revisionId("a002")).id, "a002");
  assert.equal(graph.has("a003"), true);
  assert.equal(graph.has("a00"), false);
  assert.deepEqual(graph.children(revisionId("a001")), ["a002", "a003"]);
  assert.deepEqual(graph.labelsOf(revisionId("a003")), ["core"]);
  for (const call of [() => graph.get(revisionId("a009")), () => graph.children(revisionId("a009")), () => graph.labelsOf(revisionId("a009"))]) {
    assert.throws(call, { code: "UNKNOWN_REVISION", message: "No such revision 'a009'" });
  }
});

test("the same files in the same order always give the same graph", () => {
  const files = [rev("c3", "a1"), rev("a1", null), rev("b2", "a1"), rev("d4", ["b2", "c3"])];
  const first = buildGraph(files);
  const second = buildGraph([...files]);
  assert.deepEqual(second.revisions.map((r) => r.id), first.revisions.map((r) => r.id));
  assert.deepEqual(first.revisions.map((r) => r.id), ["d4", "b2", "c3", "a1"]);
});
