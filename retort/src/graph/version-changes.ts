// Which rows of the version table a migration step inserts, updates or deletes: Alembic's
// head maintenance, replayed on the list of heads. Where Alembic picks from an unordered
// set (which parent row a merge keeps, which a split re-inserts), retort follows the order
// of downRevision: a merge deletes every parent row but the last and updates the last; a
// downgraded merge inserts every parent but the last and updates its own row to the last.
import { RetortError } from "../errors.js";
import type { GraphData, Node } from "./internal.js";
import { ancestors } from "./traverse.js";
import type { RevisionId, VersionChange } from "./types.js";

const conflict = (message: string): RetortError =>
  new RetortError("VERSION_TABLE_CONFLICT", message, {
    hint: "Check the version table with `retort current`; `retort stamp --purge <revision>` resets it.",
  });

/** The version table as a list of heads, changed one VersionChange at a time. */
export class Heads {
  private readonly rows: RevisionId[];
  constructor(initial: readonly RevisionId[]) {
    this.rows = [...new Set(initial)];
  }
  get ids(): readonly RevisionId[] {
    return this.rows;
  }
  has(id: string): boolean {
    return this.rows.includes(id as RevisionId);
  }
  apply(change: VersionChange): VersionChange {
    if (change.kind === "insert") {
      if (this.has(change.id)) throw conflict(`Revision ${change.id} is already in the version table`);
      this.rows.push(change.id);
    } else if (change.kind === "delete") {
      const at = this.rows.indexOf(change.id);
      if (at === -1) throw conflict(`Revision ${change.id} is not in the version table`);
      this.rows.splice(at, 1);
    } else {
      const at = this.rows.indexOf(change.from);
      if (at === -1) throw conflict(`Revision ${change.from} is not in the version table`);
      if (this.has(change.to)) throw conflict(`Revision ${change.to} is already in the version table`);
      this.rows[at] = change.to;
    }
    return change;
  }
}

/**
 * The revisions applied so far (every ancestor of a head), kept up to date step by step so
 * that "is this parent still implied by another head" is a look at the parent's children.
 */
export class Applied {
  private readonly set: Set<Node>;
  constructor(data: GraphData, heads: readonly Node[]) {
    this.set = ancestors(data, heads);
  }
  add(node: Node): void {
    this.set.add(node);
  }
  remove(node: Node): void {
    this.set.delete(node);
  }
  /** Whether an applied revision other than `except` sits directly on `id`. */
  hasChildOf(data: GraphData, id: string, except: Node): boolean {
    return data.nodes.get(id)!.normalizedNext.some((c) => c !== except.id && this.set.has(data.nodes.get(c)!));
  }
}

/**
 * The parents a downgraded revision leaves as heads: those no other applied revision sits
 * on (with other heads, Alembic drops the parents their ancestry implies; without, the
 * parents below another parent; both are this test).
 */
const unmergeTargets = (data: GraphData, applied: Applied, node: Node): RevisionId[] =>
  node.normalizedDown.filter((d) => !applied.hasChildOf(data, d, node));

/** Runs one migration step against `heads` and returns the statements it takes. */
export const stepChanges = (
  data: GraphData,
  applied: Applied,
  heads: Heads,
  node: Node,
  up: boolean,
): VersionChange[] => {
  const downs = node.normalizedDown;
  const apply = (changes: VersionChange[]) => {
    if (up) applied.add(node);
    else applied.remove(node);
    return changes.map((c) => heads.apply(c));
  };
  if (!up) {
    if (!heads.has(node.id)) throw conflict(`Cannot downgrade ${node.id}: it is not a head in the version table`);
    const targets = downs.length === 0 ? [] : unmergeTargets(data, applied, node);
    if (targets.length === 0) return apply([{ kind: "delete", id: node.id }]);
    if (downs.length > 1) {
      return apply([
        ...targets.slice(0, -1).map((id): VersionChange => ({ kind: "insert", id })),
        { kind: "update", from: node.id, to: targets[targets.length - 1]! },
      ]);
    }
    return apply([{ kind: "update", from: node.id, to: downs[0]! }]);
  }
  const present = downs.filter((d) => heads.has(d));
  if (present.length === 0) return apply([{ kind: "insert", id: node.id }]);
  if (present.length > 1) {
    // A parent row that another applied revision also sits on stays implied by it; only a
    // corrupt table has one, but then the row must not be the one updated.
    const kept = present.filter((d) => !applied.hasChildOf(data, d, node));
    const from = kept.length > 0 ? kept : present;
    return apply([
      ...from.slice(0, -1).map((id): VersionChange => ({ kind: "delete", id })),
      { kind: "update", from: from[from.length - 1]!, to: node.id },
    ]);
  }
  return apply([{ kind: "update", from: present[0]!, to: node.id }]);
};
