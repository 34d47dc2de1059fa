// Whatever the shape of the graph, the version table a plan leaves must hold exactly the tips
// of what is applied: every applied revision that no other applied revision sits on (by
// downRevision or dependsOn). Checked over generated graphs with branches, merges and
// dependencies, from a fixed seed so that every run checks the same graphs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildGraph, planDowngrade, planUpgrade, revisionId, type Revision } from "../../src/graph/index.js";
import { rev, tableAfter } from "./scenarios.js";

const lcg = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

const generate = (random: () => number, size: number): Revision[] => {
  const out: Revision[] = [];
  for (let i = 0; i < size; i++) {
    const earlier = out.map((r) => r.id as string);
    const pick = () => earlier[Math.floor(random() * earlier.length)]!;
    const roll = random();
    const down = earlier.length === 0 || roll < 0.12 ? [] : roll < 0.3 && earlier.length > 1 ? [...new Set([pick(), pick()])] : [pick()];
    const dependsOn = earlier.length > 2 && random() < 0.15 ? [pick()].filter((d) => !down.includes(d)) : [];
    out.push(rev(`r${String(i).padStart(3, "0")}`, down, { dependsOn }));
  }
  return out;
};

const parentsOf = (r: Revision): string[] => [...r.downRevisions, ...r.dependsOn];

const closure = (byId: Map<string, Revision>, start: Iterable<string>, step: (id: string) => string[]): Set<string> => {
  const seen = new Set<string>();
  const todo = [...start];
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...step(id));
  }
  return seen;
};

const tips = (revisions: readonly Revision[], applied: Set<string>): string[] =>
  [...applied].filter((id) => !revisions.some((r) => applied.has(r.id) && parentsOf(r).includes(id))).sort();

test("every plan leaves the tips of the applied revisions in the version table", () => {
  const random = lcg(20261124);
  let plans = 0;
  for (let g = 0; g < 40; g++) {
    const revisions = generate(random, 6 + Math.floor(random() * 14));
    const byId = new Map(revisions.map((r) => [r.id as string, r]));
    const below = (ids: Iterable<string>) => closure(byId, ids, (id) => parentsOf(byId.get(id)!));
    const above = (ids: Iterable<string>) =>
      closure(byId, ids, (id) => revisions.filter((r) => parentsOf(r).includes(id)).map((r) => r.id));
    const graph = buildGraph(revisions);

    // Upgrade to each revision from nothing, then to a second one, then downgrade to a third.
    for (const first of revisions) {
      const up = planUpgrade(graph, [], first.id);
      const appliedUp = below([first.id]);
      const table = tableAfter([], up.steps.flatMap((s) => s.versionChanges));
      assert.deepEqual(table, tips(revisions, appliedUp), `${g}: upgrade ${first.id}`);
      assert.equal(up.steps.length, appliedUp.size);

      const second = revisions[Math.floor(random() * revisions.length)]!;
      const up2 = planUpgrade(graph, table.map(revisionId), second.id);
      const applied2 = new Set([...appliedUp, ...below([second.id])]);
      const table2 = tableAfter(table, up2.steps.flatMap((s) => s.versionChanges));
      assert.deepEqual(table2, tips(revisions, applied2), `${g}: upgrade ${first.id} then ${second.id}`);

      const third = revisions[Math.floor(random() * revisions.length)]!;
      const children = revisions.filter((r) => r.downRevisions.includes(third.id)).map((r) => r.id);
      const dropped = above(children);
      const applied3 = new Set([...applied2].filter((id) => !dropped.has(id)));
      // Alembic refuses a downgrade target that removes nothing and is not a current head.
      if (applied3.size === applied2.size && !table2.includes(third.id)) {
        assert.throws(() => planDowngrade(graph, table2.map(revisionId), third.id), { code: "NOT_AN_ANCESTOR" });
      } else {
        const down = planDowngrade(graph, table2.map(revisionId), third.id);
        const table3 = tableAfter(table2, down.steps.flatMap((s) => s.versionChanges));
        assert.deepEqual(table3, tips(revisions, applied3), `${g}: then downgrade to ${third.id}`);
        assert.equal(down.steps.length, applied2.size - applied3.size);
      }
      plans += 3;
    }
    const all = planUpgrade(graph, [], "heads");
    const full = tableAfter([], all.steps.flatMap((s) => s.versionChanges));
    assert.deepEqual(full, tips(revisions, new Set(byId.keys())), `${g}: upgrade heads`);
    const none = planDowngrade(graph, full.map(revisionId), "base");
    assert.deepEqual(tableAfter(full, none.steps.flatMap((s) => s.versionChanges)), [], `${g}: downgrade base`);
    assert.equal(none.steps.length, revisions.length);
  }
  assert.ok(plans > 1000);
});
