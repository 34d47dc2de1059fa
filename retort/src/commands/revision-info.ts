// The data commands return about one revision: what `heads`, `history`, `show`,
// `branches` and `current` print in text or JSON.
import { relative, sep } from "node:path";
import type { RevisionId } from "../graph/index.js";
import type { Project } from "./project.js";

export interface RevisionInfo {
  readonly revision: string;
  readonly downRevisions: string[];
  readonly dependsOn: string[];
  readonly branchLabels: string[];
  readonly message: string | null;
  /** Relative to the working directory when inside it. */
  readonly path: string;
  readonly createDate: string | null;
  readonly children: string[];
  readonly isHead: boolean;
  readonly isBase: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** Only meaningful where the command read the database. */
  readonly isCurrent: boolean;
}

// relative() resolves and normalises both paths on each call; `history` asks for 1,000 files
// of one or two folders, so each folder's relative path is worked out once.
const relativeFolders = new Map<string, string>();

const relativePath = (cwd: string, path: string): string => {
  const cut = path.lastIndexOf(sep);
  const name = path.slice(cut + 1);
  if (cut <= 0 || name === "" || name === "." || name === "..") return relative(cwd, path);
  const dir = path.slice(0, cut);
  const key = `${cwd}\0${dir}`;
  let folder = relativeFolders.get(key);
  if (folder === undefined) relativeFolders.set(key, (folder = relative(cwd, dir)));
  return folder === "" ? name : `${folder}${sep}${name}`;
};

export const displayPath = (cwd: string, path: string): string => {
  const rel = relativePath(cwd, path);
  return rel === "" || rel.startsWith("..") ? path : rel;
};

export const revisionInfo = (
  project: Project,
  id: RevisionId,
  cwd: string,
  current: readonly RevisionId[] = [],
): RevisionInfo => {
  const script = project.revisions.get(id);
  if (script === undefined) throw new Error(`internal error: no script for ${id}`);
  // A revision a squash replaces is only in the legacy view of the history.
  const graph = project.graph.has(id) || project.legacyGraph === null ? project.graph : project.legacyGraph;
  const children = graph.children(id);
  return {
    revision: id,
    downRevisions: [...script.downRevisions],
    dependsOn: [...script.dependsOn],
    // As Alembic shows them: declared here or spread to it along its branch.
    branchLabels: graph.labelsOf(id),
    message: script.message ?? null,
    path: displayPath(cwd, script.path),
    createDate: script.createDate ?? null,
    children, // graph.children returns a copy
    isHead: children.length === 0,
    isBase: script.downRevisions.length === 0,
    isBranchPoint: children.length > 1,
    isMergePoint: script.downRevisions.length > 1,
    isCurrent: current.includes(id),
  };
};
