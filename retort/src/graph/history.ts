// history: Alembic's `history -r start:end`, newest first.
import { RetortError } from "../errors.js";
import type { RevisionGraph } from "./build.js";
import type { GraphData, Node } from "./internal.js";
import { dataOf, isBranchPoint, isHead, isMergePoint } from "./internal.js";
import { currentNodes, getRevision, getRevisions, parseUpgradeTarget } from "./resolve.js";
import { ancestors, descendants, topologicalOrder } from "./traverse.js";
import type { Revision, RevisionId } from "./types.js";

export interface HistoryEntry {
  readonly revision: Revision;
  /** No revision names it as downRevision. */
  readonly isHead: boolean;
  readonly isBase: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** One of the `current` heads given. */
  readonly isCurrent: boolean;
  /** Revisions naming it as downRevision, in file order. */
  readonly children: RevisionId[];
}

const rangeError = (start: string, end: string): RetortError =>
  new RetortError(
    "NOT_AN_ANCESTOR",
    `Requested range ${start}:${end} does not refer to ancestor/descendant revisions along the same branch`,
    { hint: "Put the older revision before ':' and the newer after it.", details: { start, end } },
  );

/**
 * `range` is "start:end", either side optional (base and heads). Both sides take any target,
 * including relative ones ("-3:" is the last three revisions below each head, "ae10:+2" two
 * above ae10) and "current" for the `current` heads. A label on the start side ("shop@base:")
 * keeps only that branch's heads.
 */
export function history(
  graph: RevisionGraph,
  options: { range?: string; current?: readonly RevisionId[] } = {},
): HistoryEntry[] {
  const data = dataOf(graph);
  const current = currentNodes(data, options.current ?? []);
  let start = "base";
  let end = "heads";
  if (options.range !== undefined) {
    const parts = options.range.trim().split(":");
    if (parts.length !== 2) {
      throw new RetortError("USAGE", `History range requires [start]:[end], [start]:, or :[end], not '${options.range}'`, {
        hint: "Write the range as start:end, e.g. `-r base:head` or `-r ae10:`.",
      });
    }
    start = parts[0] || "base";
    end = parts[1] || "heads";
  }
  const lowerFound = start === "current" ? [...current] : getRevisions(data, start);
  // A relative start that walks off a base names no revision to start from (as Alembic).
  if (lowerFound.includes(null)) throw rangeError(start, end);
  const lower = nodes(lowerFound);
  let targets = end === "current" ? [...current] : nodes(parseUpgradeTarget(data, lower, end, true));
  if (start.includes("@")) targets = onBranch(data, start.slice(0, start.indexOf("@")), targets);
  const required = ancestors(data, targets);
  if (lower.some((n) => !required.has(n))) throw rangeError(start, end);
  const below = ancestors(data, lower);
  let needs = new Set([...required].filter((n) => !below.has(n) || lower.includes(n)));
  if (lower.length > 0) {
    const above = descendants(data, lower, false);
    needs = new Set([...needs].filter((n) => above.has(n)));
  }
  return topologicalOrder(data, needs, targets).map((node) => ({
    revision: node.revision,
    isHead: isHead(node),
    isBase: node.down.length === 0,
    isBranchPoint: isBranchPoint(node),
    isMergePoint: isMergePoint(node),
    isCurrent: current.includes(node),
    children: [...node.next],
  }));
}

const nodes = (list: readonly (Node | null)[]): Node[] => list.filter((n): n is Node => n !== null);

// "label@..." on the start side narrows the ends to heads carrying that label; a revision id
// before "@" stands for that revision's own label when it has exactly one, else its lineage.
const onBranch = (data: GraphData, branch: string, targets: readonly Node[]): Node[] => {
  const rev = getRevision(data, branch);
  if (rev === null) return [...targets];
  if (rev.id === branch) {
    const own = [...rev.labels];
    if (own.length === 1) return targets.filter((t) => t.labels.has(own[0]!));
    const line = ancestors(data, [rev], false);
    for (const n of descendants(data, [rev], false)) line.add(n);
    return targets.filter((t) => line.has(t));
  }
  return targets.filter((t) => t.labels.has(branch));
};
