// planUpgrade / planDowngrade: which migrations run, in which order, and what each does to
// the version table, as Alembic's `upgrade` and `downgrade` decide them.
import { RetortError } from "../errors.js";
import type { RevisionGraph } from "./build.js";
import type { GraphData, Node } from "./internal.js";
import { dataOf } from "./internal.js";
import { currentNodes, parseDowngradeTarget, parseUpgradeTarget, resolveBranch } from "./resolve.js";
import { ancestors, descendants, topologicalOrder } from "./traverse.js";
import type { MigrationStep, RevisionId } from "./types.js";
import { Applied, Heads, stepChanges } from "./version-changes.js";

export interface Plan {
  readonly steps: MigrationStep[];
  /** The version table's rows once every step has run ([] = base). */
  readonly heads: RevisionId[];
  readonly warnings: string[];
}

const toSteps = (
  data: GraphData,
  current: readonly Node[],
  order: readonly Node[],
  up: boolean,
): { steps: MigrationStep[]; heads: RevisionId[] } => {
  const heads = new Heads(current.map((n) => n.id));
  const applied = new Applied(data, current);
  const steps: MigrationStep[] = order.map((node) => ({
    direction: up ? "up" : "down",
    revision: node.id,
    versionChanges: stepChanges(data, applied, heads, node, up),
  }));
  return { steps, heads: [...heads.ids] };
};

/** A version table naming both a revision and one of its ancestors is corrupt. */
const checkNoOverlap = (data: GraphData, current: readonly Node[]): void => {
  for (const node of current) {
    const below = ancestors(data, [node]);
    const overlap = current.find((other) => other !== node && below.has(other));
    if (overlap !== undefined) {
      throw new RetortError(
        "VERSION_TABLE_CONFLICT",
        `The version table lists both ${node.id} and its ancestor ${overlap.id}`,
        {
          hint: `Remove the row of ${overlap.id}, e.g. with \`retort stamp --purge ${node.id}\` after checking the schema.`,
          details: { revisions: [node.id, overlap.id] },
        },
      );
    }
  }
};

/**
 * Upgrade from the heads in `current` to `target`. Revisions already applied (ancestors of a
 * current head, dependencies included) are skipped, so a target already reached plans nothing.
 */
export function planUpgrade(graph: RevisionGraph, current: readonly RevisionId[], target: string): Plan {
  const data = dataOf(graph);
  const now = currentNodes(data, current);
  const targets = parseUpgradeTarget(data, now, target).filter((n): n is Node => n !== null);
  checkNoOverlap(data, now);
  const required = ancestors(data, targets);
  const applied = ancestors(data, now);
  const needs = new Set([...required].filter((n) => !applied.has(n)));
  const order = topologicalOrder(data, needs, targets).reverse();
  return { ...toSteps(data, now, order, true), warnings: [] };
}

/**
 * Downgrade from the heads in `current` to `target`: everything applied above the target
 * (and whatever depends on it) is undone, newest first. `base` undoes every branch.
 */
export function planDowngrade(graph: RevisionGraph, current: readonly RevisionId[], target: string): Plan {
  const data = dataOf(graph);
  const now = currentNodes(data, current);
  const { branch, target: to, warnings } = parseDowngradeTarget(data, now, target);
  let roots: Node[] = to === null ? [...data.bases] : to.next.map((id) => data.nodes.get(id)!);
  if (branch !== undefined && roots.length > 1) {
    const onBranch = ancestors(data, [resolveBranch(data, branch)], false);
    roots = roots.filter((r) => onBranch.has(r));
    if (roots.length === 0) {
      throw new RetortError("NOT_AN_ANCESTOR", `Not a valid downgrade target from current heads: '${target}'`, {
        hint: "Run `retort current` and `retort history` to pick a revision below the current heads.",
        details: { target },
      });
    }
  }
  const active = ancestors(data, now);
  const drop = new Set([...descendants(data, roots)].filter((n) => active.has(n)));
  if (to !== null && drop.size === 0 && !now.includes(to)) {
    throw new RetortError("NOT_AN_ANCESTOR", `Destination ${target} is not a valid downgrade target from current head(s)`, {
      hint: "Run `retort current` and `retort history` to pick a revision below the current heads.",
      details: { target, current: now.map((n) => n.id) },
    });
  }
  const order = topologicalOrder(data, drop, now);
  return { ...toSteps(data, now, order, false), warnings };
}
