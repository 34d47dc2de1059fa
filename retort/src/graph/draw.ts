// The revision DAG drawn as text, the way `git log --graph` draws commits: one lane per
// line of descent, newest first, `*` for a revision (`@` for one the database is at),
// `|` for a downRevision edge, `:` for a dependsOn edge, `/` and `\` where lanes join
// and fork, `_` where a join crosses other lanes. Pure: revisions in, rows out.
//
// Lanes move at most one column per row, so every join or fork is its own connector row
// and each one reads unambiguously; branches stay together because the order is a
// depth-first one (a merge's later parents' lines come first, as in git).
import type { Revision, RevisionId } from "./types.js";

export interface GraphRow {
  /** The lane characters of this row, trailing spaces removed. */
  readonly graph: string;
  /** The revision drawn on this row; null for a connector row. */
  readonly revision: Revision | null;
  readonly isHead: boolean;
  readonly isCurrent: boolean;
  /** Width of the graph column this row's text starts after (node rows only matter). */
  readonly width: number;
  /** "ae1027a6acf4 (shop, head, current) add avatar"; empty on a connector row. */
  readonly caption: string;
}

export interface DrawOptions {
  /** Revisions the database is at; drawn with `@`. */
  readonly current?: readonly RevisionId[];
  /** The history's heads; by default the revisions given that no other given one revises. */
  readonly heads?: readonly RevisionId[];
}

interface Lane {
  readonly target: RevisionId;
  /** Only dependsOn edges lead here so far (drawn with `:`). */
  readonly dashed: boolean;
}

interface Edge {
  readonly to: RevisionId;
  readonly dashed: boolean;
}

/**
 * Revisions newest first, each before everything it revises or depends on: reverse
 * depth-first post-order from the revisions nothing else points at, taken in input order.
 */
const drawingOrder = (revisions: readonly Revision[], edges: ReadonlyMap<RevisionId, readonly Edge[]>): Revision[] => {
  const byId = new Map(revisions.map((r) => [r.id, r]));
  const pointedAt = new Set<RevisionId>();
  for (const list of edges.values()) for (const e of list) pointedAt.add(e.to);
  const roots = revisions.filter((r) => !pointedAt.has(r.id));
  const visited = new Set<RevisionId>();
  const postOrder: Revision[] = [];
  // Roots visited last come out first: visit in reverse so that input order is kept on top.
  for (const root of [...roots].reverse()) {
    visited.add(root.id);
    const stack: { revision: Revision; next: number }[] = [{ revision: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { revision: Revision; next: number };
      const out = edges.get(top.revision.id) ?? [];
      if (top.next < out.length) {
        const to = (out[top.next++] as Edge).to;
        if (!visited.has(to)) {
          visited.add(to);
          stack.push({ revision: byId.get(to) as Revision, next: 0 });
        }
      } else {
        stack.pop();
        postOrder.push(top.revision);
      }
    }
  }
  return postOrder.reverse();
};

const laneChar = (lane: Lane): string => (lane.dashed ? ":" : "|");

const finish = (chars: string[]): string => chars.join("").trimEnd();

const blank = (lanes: number): string[] => Array.from({ length: Math.max(0, 2 * lanes - 1) }, () => " ");

/**
 * Draws `revisions` (a whole history or a part of it: edges to revisions not given are
 * left out). Edges are taken from downRevisions (solid) and dependsOn (dashed).
 */
export const drawGraph = (revisions: readonly Revision[], options: DrawOptions = {}): GraphRow[] => {
  const present = new Set(revisions.map((r) => r.id));
  const current = new Set(options.current ?? []);
  const heads = options.heads === undefined ? undefined : new Set(options.heads);
  const edges = new Map<RevisionId, Edge[]>();
  const pointedAt = new Set<RevisionId>();
  for (const r of revisions) {
    const out: Edge[] = [];
    for (const to of r.downRevisions) if (present.has(to) && !out.some((e) => e.to === to)) out.push({ to, dashed: false });
    for (const to of r.dependsOn) if (present.has(to) && !out.some((e) => e.to === to)) out.push({ to, dashed: true });
    edges.set(r.id, out);
    for (const e of out) if (!e.dashed) pointedAt.add(e.to);
  }
  const rows: GraphRow[] = [];
  const connector = (graph: string): void => {
    rows.push({ graph, revision: null, isHead: false, isCurrent: false, width: graph.length, caption: "" });
  };
  let lanes: Lane[] = [];

  for (const revision of drawingOrder(revisions, edges)) {
    let at = lanes.flatMap((lane, i) => (lane.target === revision.id ? [i] : []));
    if (at.length === 0) {
      lanes = [...lanes, { target: revision.id, dashed: false }];
      at = [lanes.length - 1];
    }
    // Lanes waiting for this revision join the leftmost one, the nearest first.
    while (at.length > 1) {
      const [keep, join] = at as [number, number];
      const chars = blank(lanes.length);
      lanes.forEach((lane, k) => {
        if (k < join) chars[2 * k] = laneChar(lane);
        else chars[2 * k - 1] = "/";
      });
      for (let c = 2 * keep + 1; c < 2 * join - 1; c++) if (chars[c] === " ") chars[c] = "_";
      connector(finish(chars));
      const joined = { target: revision.id, dashed: (lanes[keep] as Lane).dashed && (lanes[join] as Lane).dashed };
      lanes = lanes.flatMap((lane, k) => (k === join ? [] : k === keep ? [joined] : [lane]));
      at = lanes.flatMap((lane, i) => (lane.target === revision.id ? [i] : []));
    }
    const column = at[0] as number;
    const out = edges.get(revision.id) ?? [];
    const nodeChars = blank(lanes.length);
    lanes.forEach((lane, k) => {
      nodeChars[2 * k] = k === column ? (current.has(revision.id) ? "@" : "*") : laneChar(lane);
    });
    const node = finish(nodeChars);
    const isHead = heads === undefined ? !pointedAt.has(revision.id) : heads.has(revision.id);
    rows.push({
      graph: node,
      revision,
      isHead,
      isCurrent: current.has(revision.id),
      caption: caption(revision, isHead, current.has(revision.id), present),
      // A merge's text starts past the fork below it, as git pads it.
      width: 2 * lanes.length - 1 + (out.length > 1 ? 2 : 0),
    });

    if (out.length === 0) {
      // A base: its lane ends, and the lanes to its right move one column left.
      if (column < lanes.length - 1) {
        const chars = blank(lanes.length);
        lanes.forEach((lane, k) => {
          if (k < column) chars[2 * k] = laneChar(lane);
          else if (k > column) chars[2 * k - 1] = "/";
        });
        connector(finish(chars));
      }
      lanes = lanes.filter((_, k) => k !== column);
      continue;
    }
    lanes = lanes.map((lane, k) => (k === column ? { target: (out[0] as Edge).to, dashed: (out[0] as Edge).dashed } : lane));
    // Each further parent forks off right of the revision's lane, pushing the rest right.
    for (const edge of out.slice(1)) {
      const chars = blank(lanes.length + 1);
      lanes.forEach((lane, k) => {
        if (k <= column) chars[2 * k] = laneChar(lane);
        else chars[2 * k + 1] = "\\";
      });
      chars[2 * column + 1] = "\\";
      connector(finish(chars));
      lanes = [...lanes.slice(0, column + 1), { target: edge.to, dashed: edge.dashed }, ...lanes.slice(column + 1)];
    }
  }
  return rows;
};

/** The rows as plain text: the graph, then on revision rows the caption. */
export const graphText = (rows: readonly GraphRow[]): string[] =>
  rows.map((row) => (row.revision === null ? row.graph : `${row.graph.padEnd(row.width)} ${row.caption}`));

// dependsOn is named in the caption too: an edge drawn as a fork or a join straight into
// the next row shows no `:` lane.
const caption = (revision: Revision, isHead: boolean, isCurrent: boolean, present: ReadonlySet<RevisionId>): string => {
  const needs = revision.dependsOn.filter((id) => present.has(id));
  const marks = [
    ...revision.branchLabels,
    ...(isHead ? ["head"] : []),
    ...(isCurrent ? ["current"] : []),
    ...(needs.length === 0 ? [] : [`depends on ${needs.join(", ")}`]),
  ];
  const message = revision.message === undefined || revision.message === "" ? "" : ` ${revision.message}`;
  return `${revision.id}${marks.length === 0 ? "" : ` (${marks.join(", ")})`}${message}`;
};
