// Text output in Alembic's shapes, so that people who know `alembic history` read it at
// a glance:  "<base> -> 1975ea83b712 (branchpoint), create account table".
import type { RevisionInfo } from "../commands/revision-info.js";
import type { GraphRow } from "../graph/index.js";
import type { Style } from "./style.js";

const parents = (info: RevisionInfo): string =>
  info.downRevisions.length === 0 ? "<base>" : info.downRevisions.join(", ");

const labels = (info: RevisionInfo): string =>
  info.branchLabels.length === 0 ? "" : ` (${info.branchLabels.join(", ")})`;

const headMarks = (info: RevisionInfo, showCurrent: boolean): string =>
  `${info.isHead ? " (head)" : ""}${showCurrent && info.isCurrent ? " (current)" : ""}`;

const treeMarks = (info: RevisionInfo): string =>
  `${info.isBranchPoint ? " (branchpoint)" : ""}${info.isMergePoint ? " (mergepoint)" : ""}`;

const doc = (info: RevisionInfo): string => (info.message === null ? "" : `, ${info.message}`);

/** `heads` and `current`: "ae1027a6acf4 (shoppingcart) (head)". */
export const headLine = (info: RevisionInfo): string => `${info.revision}${labels(info)}${headMarks(info, false)}`;

/** `history`: parents -> revision, labels, marks, message. */
export const historyLine = (info: RevisionInfo, showCurrent: boolean): string => {
  const dependencies = info.dependsOn.length === 0 ? "" : ` (${info.dependsOn.join(", ")})`;
  return `${parents(info)}${dependencies} -> ${info.revision}${labels(info)}${headMarks(info, showCurrent)}${treeMarks(info)}${doc(info)}`;
};

/** The verbose block used by `show` and every -v listing. */
export const verboseEntry = (info: RevisionInfo, showCurrent: boolean): string[] => {
  const lines = [`Rev: ${info.revision}${headMarks(info, showCurrent)}${treeMarks(info)}`];
  if (info.isMergePoint) lines.push(`Merges: ${info.downRevisions.join(", ")}`);
  else lines.push(`Parent: ${parents(info)}`);
  if (info.dependsOn.length > 0) lines.push(`Also depends on: ${info.dependsOn.join(", ")}`);
  if (info.isBranchPoint) lines.push(`Branches into: ${info.children.join(", ")}`);
  if (info.branchLabels.length > 0) lines.push(`Branch names: ${info.branchLabels.join(", ")}`);
  lines.push(`Path: ${info.path}`, "");
  if (info.message !== null) lines.push(`    ${info.message}`, "");
  lines.push(`    Revision ID: ${info.revision}`);
  lines.push(`    Revises: ${info.downRevisions.join(", ")}`);
  if (info.createDate !== null) lines.push(`    Create Date: ${info.createDate}`);
  lines.push("");
  return lines;
};

/** `branches`: the branch point, then one indented arrow line per child. */
export const branchLines = (point: RevisionInfo, children: readonly RevisionInfo[], verbose: boolean): string[] => {
  const indent = " ".repeat(point.revision.length);
  const first = verbose ? verboseEntry(point, false) : [`${point.revision}${labels(point)}${treeMarks(point)}${doc(point)}`];
  return [
    ...first,
    ...children.map((child) => `${indent} -> ${child.revision}${labels(child)}${headMarks(child, false)}${treeMarks(child)}${doc(child)}`),
  ];
};

/**
 * `history --graph`: the drawing with its captions; on a terminal the current revisions
 * stand out, heads are bold and dependsOn lanes are dimmed.
 */
export const graphLines = (rows: readonly GraphRow[], style: Style): string[] =>
  rows.map((row) => {
    const graph = [...row.graph]
      .map((c) => (c === "@" ? style.green(style.bold(c)) : c === ":" ? style.dim(c) : c))
      .join("");
    if (row.revision === null) return graph;
    const text = row.isCurrent ? style.green(row.caption) : row.isHead ? style.bold(row.caption) : row.caption;
    return `${graph}${" ".repeat(row.width - row.graph.length)} ${text}`;
  });
