// Runs the scenario tables of scenarios.ts: one test per scenario, one assertion per case.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RetortError } from "../../src/errors.js";
import {
  buildGraph,
  history,
  newRevisionParents,
  planDowngrade,
  planStamp,
  planUpgrade,
  resolveTarget,
  revisionId,
  type MigrationStep,
  type RevisionGraph,
  type VersionChange,
} from "../../src/graph/index.js";
import { type Case, scenarios, tableAfter } from "./scenarios.js";

export const showChange = (c: VersionChange): string =>
  c.kind === "update" ? `update ${c.from} -> ${c.to}` : `${c.kind} ${c.id}`;

export const showStep = (s: MigrationStep): string =>
  `${s.direction} ${s.revision}: ${s.versionChanges.map(showChange).join(", ")}`;

const ids = (list: readonly string[]) => list.map(revisionId);

/** What a case produces, in the shape its expectation is written in. */
const outcome = (graph: RevisionGraph, c: Case): Record<string, unknown> => {
  try {
    switch (c.run) {
      case "upgrade":
      case "downgrade": {
        const plan = (c.run === "upgrade" ? planUpgrade : planDowngrade)(graph, ids(c.current), c.target);
        const out: Record<string, unknown> = {
          steps: plan.steps.map(showStep),
          table: tableAfter(c.current, plan.steps.flatMap((s) => s.versionChanges)),
        };
        if (plan.warnings.length > 0 || "warnings" in c) out.warnings = plan.warnings;
        return out;
      }
      case "stamp": {
        const { changes } = planStamp(graph, ids(c.current), c.targets, { purge: c.purge ?? false });
        return { changes: changes.map(showChange), table: tableAfter(c.purge ? [] : c.current, changes) };
      }
      case "resolve":
        return { ids: resolveTarget(graph, c.target, ids(c.current)) };
      case "history": {
        const options = { ...(c.range === undefined ? {} : { range: c.range }), ...(c.current === undefined ? {} : { current: ids(c.current) }) };
        return { ids: history(graph, options).map((e) => e.revision.id) };
      }
      case "parents": {
        const options = {
          ...(c.head === undefined ? {} : { head: c.head }),
          ...(c.splice === undefined ? {} : { splice: c.splice }),
          ...(c.dependsOn === undefined ? {} : { dependsOn: c.dependsOn }),
        };
        const parents = newRevisionParents(graph, options);
        return { downRevisions: parents.downRevisions, dependsOnIds: parents.dependsOn };
      }
    }
  } catch (error) {
    if (!(error instanceof RetortError)) throw error;
    assert.ok(error.hint !== undefined && error.hint.length > 0, `${error.code} has a hint`);
    return { error: [error.code, error.message] };
  }
};

const expected = (c: Case): Record<string, unknown> => {
  const { run: _run, current: _current, target: _target, targets: _targets, purge: _purge, range: _range, head: _head, splice: _splice, dependsOn: _dependsOn, ...rest } =
    c as Case & Record<string, unknown>;
  return { ...rest, ...("table" in rest ? { table: [...(rest.table as string[])].sort() } : {}) };
};

const title = (c: Case): string => {
  const current = "current" in c && c.current !== undefined ? ` from [${c.current.join(", ")}]` : "";
  switch (c.run) {
    case "stamp":
      return `stamp ${c.purge ? "--purge " : ""}${c.targets.join(" ") || "(none)"}${current}`;
    case "history":
      return `history${c.range === undefined ? "" : ` -r ${c.range}`}${current}`;
    case "parents":
      return `revision${c.head === undefined ? "" : ` --head ${c.head}`}${c.splice ? " --splice" : ""}${(c.dependsOn ?? []).map((d) => ` --depends-on ${d}`).join("")}`;
    default:
      return `${c.run} ${c.target}${current}`;
  }
};

describe("revision graph scenarios", () => {
  for (const scenario of scenarios) {
    test(scenario.name, async (t) => {
      const graph = buildGraph(scenario.revisions);
      assert.deepEqual(graph.heads(), scenario.heads, "heads");
      assert.deepEqual(graph.bases(), scenario.bases, "bases");
      assert.deepEqual(graph.branchPoints(), scenario.branchPoints, "branch points");
      assert.deepEqual(graph.revisions.map((r) => r.id), scenario.order, "history order");
      for (const [id, labels] of Object.entries(scenario.labels ?? {})) {
        assert.deepEqual(graph.labelsOf(revisionId(id)), labels, `labels of ${id}`);
      }
      for (const c of scenario.cases) {
        await t.test(title(c), () => assert.deepEqual(outcome(graph, c), expected(c)));
      }
    });
  }
});
