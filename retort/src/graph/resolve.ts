// Turning target strings into revisions, with Alembic's grammar: head, heads, base, full and
// partial ids, label@head|heads|base|rev, and relative forms (+N, -N, rev+N, head-1, base+2,
// label@+1, label@head-2). Relative forms need the database's current heads.
import { RetortError } from "../errors.js";
import type { GraphData, Node } from "./internal.js";
import { byIndex } from "./internal.js";
import { closest } from "./suggest.js";
import { ancestors, descendants } from "./traverse.js";

/** A partial id must have at least this many characters. */
export const MIN_PARTIAL_LENGTH = 4;

/** Where a walk can stand: a revision, "base" (below every base), or null (nowhere yet). */
export type Position = Node | "base" | null;

/** Every name a target may start with: the keywords, branch labels, then revision ids. */
const targetNames = (data: GraphData): string[] => ["head", "heads", "base", ...data.labels.keys(), ...data.nodes.keys()];

const didYouMean = (suggestion: string | null): string => (suggestion === null ? "" : `; did you mean '${suggestion}'?`);

export const unknownRevision = (data: GraphData, ident: string): RetortError => {
  const suggestion = closest(ident, targetNames(data));
  return new RetortError(
    "UNKNOWN_REVISION",
    `No such revision or branch '${ident}'` +
      (ident.length < MIN_PARTIAL_LENGTH && suggestion === null
        ? "; please ensure at least four characters are present for partial revision identifier matches"
        : didYouMean(suggestion)),
    {
      hint: "Run `retort history` to list revision ids and `retort branches` for branch labels.",
      details: { revision: ident, suggestion },
    },
  );
};

const multipleHeads = (heads: readonly Node[], argument: string): RetortError =>
  new RetortError(
    "MULTIPLE_HEADS",
    `Multiple head revisions are present for given argument '${argument}': ${heads.map((h) => h.id).join(", ")}`,
    {
      hint: `Specify a specific target revision, '<branchname>@${argument.slice(argument.lastIndexOf("@") + 1)}' to narrow to a specific head, or 'heads' for all heads.`,
      details: { argument, heads: heads.map((h) => h.id) },
    },
  );

export const badRelative = (message: string, target: string): RetortError =>
  new RetortError("BAD_RELATIVE_TARGET", message, {
    hint: "Count the steps with `retort history`, or name the target revision explicitly.",
    details: { target },
  });

const didNotProduce = (relative: string, target: string): RetortError =>
  badRelative(`Relative revision ${relative} didn't produce ${Math.abs(Number(relative))} migrations`, target);

/** The revision an identifier names exactly: a full id, or a label (its declaring revision). */
const exact = (data: GraphData, ident: string): Node | undefined => data.nodes.get(ident) ?? data.labels.get(ident);

/** Whether `target` is an ancestor or descendant of (or is) one of `against`. */
export const sharesLineage = (
  data: GraphData,
  target: Node,
  against: readonly Node[],
  includeDeps = false,
): boolean => {
  if (against.length === 0) return true;
  const line = descendants(data, [target], includeDeps);
  for (const n of ancestors(data, [target], includeDeps)) line.add(n);
  return against.some((n) => line.has(n));
};

/** The revision `ident` names (full id, label, or unique partial id), within `branch` if given. */
export const revisionForIdent = (data: GraphData, ident: string, branch?: string): Node => {
  const branchNode = branch === undefined ? undefined : resolveBranch(data, branch);
  let node = exact(data, ident);
  if (node === undefined) {
    let candidates =
      ident.length >= MIN_PARTIAL_LENGTH ? [...data.nodes.values()].filter((n) => n.id.startsWith(ident)) : [];
    if (branchNode !== undefined) candidates = candidates.filter((n) => sharesLineage(data, n, [branchNode]));
    if (candidates.length === 0) throw unknownRevision(data, ident);
    if (candidates.length > 1) {
      const ids = candidates.map((n) => `'${n.id}'`).join(", ");
      throw new RetortError("AMBIGUOUS_REVISION", `Multiple revisions start with '${ident}': ${ids}`, {
        hint: "Give more characters of the revision id.",
        details: { revision: ident, candidates: candidates.map((n) => n.id) },
      });
    }
    node = candidates[0]!;
  }
  if (branchNode !== undefined && !sharesLineage(data, node, [branchNode])) {
    throw new RetortError("UNKNOWN_REVISION", `Revision ${node.id} is not a member of branch '${branch}'`, {
      hint: `Run \`retort history -r ${branch}@base:${branch}@heads\` to list the revisions on that branch.`,
      details: { revision: node.id, branch },
    });
  }
  return node;
};

/** What stands before "@": a branch label, or a (partial) revision id naming a branch. */
export const resolveBranch = (data: GraphData, branch: string): Node => {
  const label = data.labels.get(branch);
  if (label !== undefined) return label;
  try {
    return revisionForIdent(data, branch);
  } catch (error) {
    if (error instanceof RetortError && error.code === "UNKNOWN_REVISION") {
      const suggestion = closest(branch, [...data.labels.keys(), ...data.nodes.keys()]);
      throw new RetortError("UNKNOWN_BRANCH", `No such branch: '${branch}'${didYouMean(suggestion)}`, {
        hint: "Run `retort branches` to list branch labels, or put a revision id before '@'.",
        details: { branch, suggestion },
      });
    }
    throw error;
  }
};

/** `targets` sharing lineage with what `checkAgainst` names (label, id, label@id...). */
export const filterForLineage = (
  data: GraphData,
  targets: readonly Node[],
  checkAgainst: string,
  includeDeps = false,
): Node[] => {
  const { ids, branch } = resolveNumber(data, checkAgainst);
  const against = [
    ...(branch === undefined ? [] : [resolveBranch(data, branch)]),
    ...ids.map((id) => revisionForIdent(data, id)),
  ];
  return targets.filter((t) => sharesLineage(data, t, against, includeDeps));
};

/** The single head (of a branch, if given); none when the graph is empty. */
export const currentHead = (data: GraphData, branch?: string): Node | undefined => {
  const heads = branch === undefined ? [...data.heads] : filterForLineage(data, data.heads, branch);
  if (heads.length > 1) throw multipleHeads(heads, branch === undefined ? "head" : `${branch}@head`);
  return heads[0];
};

/** Splits "label@symbol" and expands the symbolic names to revision ids. */
export const resolveNumber = (data: GraphData, target: string): { ids: string[]; branch?: string } => {
  const at = target.indexOf("@");
  const branch = at === -1 ? undefined : target.slice(0, at);
  const id = at === -1 ? target : target.slice(at + 1);
  if (branch !== undefined) resolveBranch(data, branch);
  const withBranch = (ids: string[]) => (branch === undefined ? { ids } : { ids, branch });
  if (id === "heads") {
    return withBranch(
      branch === undefined ? data.realHeads.map((n) => n.id) : filterForLineage(data, data.heads, branch).map((n) => n.id),
    );
  }
  if (id === "head") {
    const head = currentHead(data, branch);
    return withBranch(head === undefined ? [] : [head.id]);
  }
  if (id === "base") return withBranch([]);
  return withBranch([id]);
};

/**
 * Every revision a target names; null stands for base (a walk that ends below the bases).
 * A bare negative number walks down from each head ("label@-2" from the heads on a branch).
 */
export const getRevisions = (data: GraphData, target: string): (Node | null)[] => {
  const { ids, branch } = resolveNumber(data, target);
  const only = ids.length === 1 ? ids[0]! : undefined;
  if (only !== undefined && /^-\d+$/u.test(only) && Number(only) < 0) {
    let heads = [...data.realHeads];
    if (branch !== undefined) heads = heads.filter((h) => h.labels.has(branch));
    return heads.map((h) => {
      const end = walk(data, h, Number(only), target);
      if (end === undefined) throw didNotProduce(only, target);
      return end === "base" ? null : (end as Node);
    });
  }
  return ids.map((id) => revisionForIdent(data, id, branch));
};

/** One revision, or null for base; MULTIPLE_HEADS when the target names several. */
export const getRevision = (data: GraphData, target: string): Node | null => {
  const { ids, branch } = resolveNumber(data, target);
  if (ids.length > 1) throw multipleHeads(ids.map((id) => data.nodes.get(id)!), target);
  const id = ids[0];
  return id === undefined ? null : revisionForIdent(data, id, branch);
};

/**
 * Walks `steps` up (positive) or down (negative) from `start`. Up from null starts at the
 * bases; down past a base reaches "base". A fork on the way is an error; running off the
 * graph returns undefined, or with `overwalk` stops where it is.
 */
export const walk = (
  data: GraphData,
  start: Position,
  steps: number,
  target: string,
  branch?: string,
  overwalk = false,
): Position | undefined => {
  let at: Position = start;
  for (let i = 0; i < Math.abs(steps); i++) {
    let options: Position[];
    if (steps > 0) {
      if (at === "base") at = null;
      let up = at === null ? [...data.bases] : at.next.map((id) => data.nodes.get(id)!);
      if (branch !== undefined) up = filterForLineage(data, up, branch);
      options = up.sort(byIndex);
    } else if (at === "base" || at === null) {
      options = [];
    } else {
      options = at.down.map((id) => data.nodes.get(id)!);
      if (options.length === 0) options = ["base"];
    }
    if (options.length === 0) return overwalk ? at : undefined;
    if (options.length > 1) {
      const from = at === null || at === "base" ? "base" : `revision ${at.id}`;
      const ids = options.map((o) => (o === null || o === "base" ? "base" : o.id)).join(", ");
      throw badRelative(
        `Relative target '${target}' is ambiguous: ${from} ${steps > 0 ? "branches into" : "merges"} ${ids}`,
        target,
      );
    }
    at = options[0]!;
  }
  return at;
};

const RELATIVE = /^(?:(.+?)@)?([\p{L}\p{N}_]+)?([+-]\d+)$/u;

export interface RelativeTarget {
  readonly branch: string | undefined;
  readonly symbol: string | undefined;
  readonly relative: string;
  readonly steps: number;
}

export const parseRelative = (target: string): RelativeTarget | undefined => {
  const m = RELATIVE.exec(target);
  if (m === null) return undefined;
  return { branch: m[1], symbol: m[2], relative: m[3]!, steps: Number(m[3]) };
};

/** The revisions an upgrade (or `history` range end) goes to; null is base. */
export const parseUpgradeTarget = (
  data: GraphData,
  current: readonly Node[],
  target: string,
  overwalk = false,
): (Node | null)[] => {
  const rel = parseRelative(target);
  if (rel === undefined) return getRevisions(data, target);
  const { branch, symbol, relative, steps } = rel;
  if (steps > 0) {
    if (symbol !== undefined) {
      const end = walk(data, getRevision(data, symbol), steps, target, branch, overwalk);
      if (end === undefined) throw didNotProduce(relative, target);
      return [end === "base" ? null : end];
    }
    let starts: (Node | null)[] = current.length > 0 ? [...current] : [null];
    if (branch !== undefined) {
      starts = filterForLineage(data, current, branch);
      if (starts.length === 0) {
        // The branch has no current head: start from the highest applied revision on it.
        const active = filterForLineage(data, [...ancestors(data, current)], branch);
        const below = new Set(active.flatMap((n) => n.normalizedDown));
        starts = active.filter((n) => !below.has(n.id)).sort(byIndex);
        if (starts.length === 0) starts = [null];
      }
    }
    if (starts.length > 1) {
      throw badRelative(
        `Ambiguous upgrade from multiple current revisions (${starts.map((n) => n?.id).join(", ")})`,
        target,
      );
    }
    const end = walk(data, starts[0]!, steps, target, branch, overwalk);
    if (end === undefined) throw didNotProduce(relative, target);
    return [end === "base" ? null : end];
  }
  if (symbol === undefined) throw didNotProduce(relative, target);
  const start = getRevision(data, branch === undefined ? symbol : `${branch}@${symbol}`);
  const end = walk(data, start, steps, target, undefined, overwalk);
  if (end === undefined) throw didNotProduce(relative, target);
  return [end === "base" ? null : end];
};

export interface DowngradeTarget {
  /** Narrows which branches are removed when the target has several children. */
  readonly branch: string | undefined;
  /** null: base. */
  readonly target: Node | null;
  readonly warnings: string[];
}

/** The revision a downgrade goes to, relative forms counted from the current heads. */
export const parseDowngradeTarget = (data: GraphData, current: readonly Node[], target: string): DowngradeTarget => {
  const warnings: string[] = [];
  const rel = parseRelative(target);
  if (rel === undefined) {
    const at = target.lastIndexOf("@");
    return { branch: at === -1 ? undefined : target.slice(0, at), target: getRevision(data, target), warnings };
  }
  let { branch, symbol } = rel;
  const { relative, steps } = rel;
  if (steps >= 0) {
    if (symbol === undefined) throw didNotProduce(relative, target);
    const end = walk(data, getRevision(data, symbol), steps, target, branch);
    if (end === undefined) throw badRelative(`Relative target '${target}' walks past the newest revision`, target);
    return { branch, target: end === "base" ? null : end, warnings };
  }
  const fromCurrent = symbol === undefined;
  if (fromCurrent) {
    if (branch !== undefined) {
      let onBranch = filterForLineage(data, current, branch);
      if (onBranch.length === 0) onBranch = filterForLineage(data, allCurrent(data, current), branch);
      if (onBranch.length === 0) throw didNotProduce(relative, target);
      if (onBranch.length > 1) {
        throw new RetortError(
          "MULTIPLE_HEADS",
          `Multiple current revisions are on branch '${branch}': ${onBranch.map((n) => n.id).join(", ")}`,
          { hint: "Name the revision to step down from, as in <revision>-1.", details: { target } },
        );
      }
      symbol = onBranch[0]!.id;
    } else {
      if (current.length === 0) throw didNotProduce(relative, target);
      if (new Set(current).size > 1) {
        warnings.push(
          `downgrade ${target} from multiple heads is ambiguous; stepping down from the first current head, ${current[0]!.id}`,
        );
      }
      symbol = current[0]!.id;
      // Only the chosen head's branch is stepped down.
      branch = symbol;
    }
  }
  const start = getRevision(data, branch === undefined ? symbol! : `${branch}@${symbol}`);
  const end = walk(data, start, steps, target);
  if (end === undefined) {
    if (fromCurrent) throw didNotProduce(relative, target);
    throw badRelative(`Relative target '${target}' walks past the base`, target);
  }
  return { branch, target: end === "base" ? null : end, warnings };
};

/** The current heads plus what they imply, reduced to the tips of each branch. */
const allCurrent = (data: GraphData, current: readonly Node[]): Node[] => {
  const top = ancestors(data, current);
  return [...top]
    .filter((n) => ![...descendants(data, [n], false)].some((d) => d !== n && top.has(d)))
    .sort(byIndex);
};

/** Validates the version table's rows against the graph. */
export const currentNodes = (data: GraphData, current: readonly string[]): Node[] => {
  const nodes: Node[] = [];
  for (const id of current) {
    const node = data.nodes.get(id);
    if (node === undefined) {
      throw new RetortError(
        "UNKNOWN_REVISION",
        `The version table names revision '${id}', which is not in the versions folder`,
        {
          hint: `Restore the migration file of revision ${id}, or run \`retort stamp --purge <revision>\` to reset the table.`,
          details: { revision: id },
        },
      );
    }
    if (!nodes.includes(node)) nodes.push(node);
  }
  return nodes;
};
