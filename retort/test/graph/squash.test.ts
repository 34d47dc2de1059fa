// A squashed revision's two views of the history: squashed (fresh databases run the squash
// in place of what it replaces) and legacy (databases at a replaced revision keep the old
// files until past the squash point); a history without `replaces` stays as written.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildGraph, needsLegacyView, planUpgrade, revisionId, squashViews, type Revision } from "../../src/graph/index.js";
import { rev } from "./scenarios.js";

const ids = (list: readonly string[]) => list.map(revisionId);
const squash = (id: string, replaces: readonly string[]): Revision => ({ ...rev(id, null), replaces: ids(replaces) });

const chain = [rev("a001", null), rev("a002", "a001"), rev("a003", "a002"), rev("a004", "a003", { dependsOn: ["a003"] })];

test("without replaces the revisions are kept exactly, and there is no legacy view", () => {
  const views = squashViews(chain);
  assert.equal(views.squashed, chain);
  assert.equal(views.legacy, null);
  assert.equal(views.replacedBy.size, 0);
});

test("the squashed view runs the squash then the rest; references to the squash point name the squash", () => {
  const views = squashViews([...chain, squash("s003", ["a001", "a002", "a003"])]);
  const plan = planUpgrade(buildGraph(views.squashed), [], "head");
  assert.deepEqual(
    plan.steps.map((s) => [s.revision, s.versionChanges]),
    [
      ["s003", [{ kind: "insert", id: "s003" }]],
      ["a004", [{ kind: "update", from: "s003", to: "a004" }]],
    ],
  );
  assert.deepEqual(views.squashed.find((r) => r.id === "a004")?.dependsOn, ids(["s003"]));
});

test("the legacy view is the history as written, without the squash; a database at a replaced revision uses it", () => {
  const views = squashViews([...chain, squash("s003", ["a001", "a002", "a003"])]);
  assert.deepEqual(views.legacy?.map((r) => r.id), ids(["a001", "a002", "a003", "a004"]));
  const plan = planUpgrade(buildGraph(views.legacy ?? []), ids(["a002"]), "head");
  assert.deepEqual(plan.steps.map((s) => s.revision), ids(["a003", "a004"]));
  assert.equal(needsLegacyView(ids(["a002"]), views.replacedBy), true);
  assert.equal(needsLegacyView(ids(["a003"]), views.replacedBy), true);
  assert.equal(needsLegacyView(ids(["a004"]), views.replacedBy), false);
  assert.equal(needsLegacyView(ids(["s003"]), views.replacedBy), false);
  assert.equal(needsLegacyView([], views.replacedBy), false);
});

test("once the replaced files are deleted, the squash stands alone and no legacy view remains", () => {
  const views = squashViews([squash("s003", ["a001", "a002", "a003"]), rev("a004", "a003")]);
  assert.equal(views.legacy, null);
  assert.deepEqual(planUpgrade(buildGraph(views.squashed), [], "head").steps.map((s) => s.revision), ids(["s003", "a004"]));
});
