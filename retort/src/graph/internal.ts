// The graph's working data, kept off the public RevisionGraph interface: every function in
// graph/ reaches it through `dataOf`, so callers see only the documented surface.
import type { Revision, RevisionId } from "./types.js";

/** One revision with the relations Alembic derives from the headers. */
export interface Node {
  readonly id: RevisionId;
  readonly revision: Revision;
  /** Position in the input (file order), the tie-breaker wherever order is otherwise free. */
  readonly index: number;
  /** downRevision: the "versioned" parents. */
  readonly down: readonly RevisionId[];
  /** dependsOn resolved to revision ids (a label names the revision that declares it). */
  deps: readonly RevisionId[];
  /** dependsOn minus what an ancestor already depends on. */
  normalizedDeps: readonly RevisionId[];
  /** down + normalizedDeps: what a migration step moves from, and what ordering follows. */
  normalizedDown: readonly RevisionId[];
  /** down + deps. */
  allDown: readonly RevisionId[];
  /** Revisions naming this one in downRevision, in input order. */
  readonly next: RevisionId[];
  /** Revisions naming this one in downRevision or dependsOn, in input order. */
  readonly allNext: RevisionId[];
  /** Revisions having this one in normalizedDown, in input order. */
  readonly normalizedNext: RevisionId[];
  /** Declared labels plus those propagated along the branch. */
  readonly labels: Set<string>;
}

export interface GraphData {
  readonly nodes: ReadonlyMap<string, Node>;
  /** Each declared branch label -> the revision declaring it. */
  readonly labels: ReadonlyMap<string, Node>;
  /** No child by downRevision (what `heads` lists, what `head` must be unique among). */
  readonly heads: readonly Node[];
  /** No child by downRevision nor dependsOn (what the `heads` target upgrades to). */
  readonly realHeads: readonly Node[];
  /** No downRevision. */
  readonly bases: readonly Node[];
}

const registry = new WeakMap<object, GraphData>();

export const register = (graph: object, data: GraphData): void => {
  registry.set(graph, data);
};

export const dataOf = (graph: object): GraphData => {
  const data = registry.get(graph);
  if (data === undefined) throw new TypeError("not a RevisionGraph made by buildGraph()");
  return data;
};

export const isHead = (n: Node): boolean => n.next.length === 0;
export const isBranchPoint = (n: Node): boolean => n.next.length > 1;
export const isRealBranchPoint = (n: Node): boolean => n.allNext.length > 1;
export const isMergePoint = (n: Node): boolean => n.down.length > 1;

export const byIndex = (a: Node, b: Node): number => a.index - b.index;
