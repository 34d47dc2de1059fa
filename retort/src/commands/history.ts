// `retort history [-r start:end] [-i]`: the revisions, newest first. Reads headers only,
// and the database only when `current` is asked about.
import { history as walkHistory, type RevisionId } from "../graph/index.js";
import type { CommandContext } from "./context.js";
import { readDatabaseHeads } from "./current.js";
import { loadProject } from "./project.js";
import { revisionInfo, type RevisionInfo } from "./revision-info.js";

export interface HistoryOptions {
  /** Alembic's `-r start:end`; either side may be empty or `current`. */
  readonly range?: string;
  /** -i: mark the revisions the database is at (reads the database). */
  readonly indicateCurrent?: boolean;
}

export interface HistoryResult {
  readonly revisions: RevisionInfo[];
}

/** `current` in a range means the database's heads; with none, base. */
const substituteCurrent = (range: string, current: readonly RevisionId[]): string =>
  range
    .split(":")
    .map((side) => (side === "current" ? (current[0] ?? "base") : side))
    .join(":");

export const history = async (options: HistoryOptions, context: CommandContext): Promise<HistoryResult> => {
  const project = await loadProject(context);
  const needsDatabase = options.indicateCurrent === true || (options.range?.split(":").includes("current") ?? false);
  const current = needsDatabase ? (await readDatabaseHeads(project, context)).heads : [];
  const range = options.range === undefined ? undefined : substituteCurrent(options.range, current);
  const entries = walkHistory(project.graph, range === undefined ? { current } : { range, current });
  return { revisions: entries.map((entry) => revisionInfo(project, entry.revision.id, context.cwd, current)) };
};
