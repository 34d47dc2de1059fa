// planStamp: the version-table rows `stamp` writes, running no migration; Alembic's rules.
import { RetortError } from "../errors.js";
import type { RevisionGraph } from "./build.js";
import type { Node } from "./internal.js";
import { dataOf } from "./internal.js";
import { currentNodes, filterForLineage, getRevisions } from "./resolve.js";
import { ancestors, descendants } from "./traverse.js";
import type { RevisionId, VersionChange } from "./types.js";
import { Heads } from "./version-changes.js";

/**
 * Targets are applied one after another, each as Alembic's stamp does: base (or label@base)
 * deletes the rows on its lineage; a target already in the table changes nothing; a target
 * below or above existing rows replaces them (DELETE all but the last, UPDATE the last); a
 * target on a branch with no row is INSERTed. Alembic computes the rows to replace once for
 * all targets, which corrupts the table when two targets touch the same rows; retort looks at
 * the rows as the previous target left them.
 * With `purge`, `current` is not read (it may name revisions no file has any more): the
 * changes start from an empty table, and the caller empties the table before applying them.
 * `heads` is the table's rows once the changes are applied.
 */
export function planStamp(
  graph: RevisionGraph,
  current: readonly RevisionId[],
  targets: readonly string[],
  options: { purge: boolean },
): { changes: VersionChange[]; heads: RevisionId[]; warnings: string[] } {
  const data = dataOf(graph);
  const now = options.purge ? [] : currentNodes(data, current);
  const wanted = targets.length === 0 ? ["base"] : targets;
  const resolve = (target: string): (Node | null)[] => {
    try {
      return getRevisions(data, target);
    } catch (error) {
      if (error instanceof RetortError && error.code === "MULTIPLE_HEADS") {
        throw new RetortError("MULTIPLE_HEADS", `Multiple heads are present for '${target}'; please specify a single target revision`, {
          hint: "Name one revision, '<branchname>@head', or 'heads' to stamp every head.",
          details: error.details,
        });
      }
      throw error;
    }
  };
  const heads = new Heads(now.map((n) => n.id));
  const changes: VersionChange[] = [];
  const emit = (change: VersionChange) => changes.push(heads.apply(change));
  const rows = () => heads.ids.map((id) => data.nodes.get(id)!);
  for (const target of wanted) {
    const dests = resolve(target);
    if (dests.length === 0 || dests.includes(null)) {
      // base (or label@base): remove the rows on that lineage.
      for (const n of filterForLineage(data, rows(), target, true)) emit({ kind: "delete", id: n.id });
    }
    for (const dest of dests) {
      if (dest === null || heads.has(dest.id)) continue;
      const above = descendants(data, [dest]);
      const below = ancestors(data, [dest]);
      const higher = rows().filter((n) => above.has(n));
      const moving = higher.length > 0 ? higher : rows().filter((n) => below.has(n));
      if (moving.length === 0) {
        emit({ kind: "insert", id: dest.id });
        continue;
      }
      for (const n of moving.slice(0, -1)) emit({ kind: "delete", id: n.id });
      emit({ kind: "update", from: moving[moving.length - 1]!.id, to: dest.id });
    }
  }
  return { changes, heads: [...heads.ids], warnings: [] };
}
