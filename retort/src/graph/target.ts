// resolveTarget: what a target string names, for commands that show or compare revisions.
import type { RevisionGraph } from "./build.js";
import type { Node } from "./internal.js";
import { dataOf } from "./internal.js";
import { currentNodes, getRevisions, parseDowngradeTarget, parseRelative, parseUpgradeTarget } from "./resolve.js";
import type { RevisionId } from "./types.js";

/**
 * The revision ids `target` names; [] for base. Relative forms without a revision (+N, -N,
 * label@+1, label@-1) count from `current`, the database's heads: +N as `upgrade` would,
 * -N as `downgrade` would. "current" itself is the caller's to expand.
 */
export function resolveTarget(graph: RevisionGraph, target: string, current: readonly RevisionId[]): RevisionId[] {
  const data = dataOf(graph);
  const rel = parseRelative(target);
  let found: (Node | null)[];
  if (rel !== undefined && rel.steps < 0) {
    found = [parseDowngradeTarget(data, currentNodes(data, current), target).target];
  } else if (rel !== undefined) {
    found = parseUpgradeTarget(data, currentNodes(data, current), target);
  } else {
    found = getRevisions(data, target);
  }
  return [...new Set(found.filter((n): n is Node => n !== null).map((n) => n.id))];
}
