// `retort history [-r start:end] [-i] [--graph]`: the revisions, newest first. Reads headers
// only, and the database only when `current` is asked about; with --graph also the rows of
// the drawn DAG, the database's revisions marked when it can be reached. The session code
// (current.ts, the runtime, every dialect) is imported only when the database is read, so
// that a plain `retort history` loads what `retort heads` does and the graph's walk.
import { existsSync } from "node:fs";
import { drawGraph, type GraphRow } from "../graph/draw.js";
import { history as walkHistory } from "../graph/history.js";
import type { RevisionId } from "../graph/types.js";
import { isRetortError } from "../errors.js";
import { report, type CommandContext } from "./context.js";
import type { DatabaseHeads } from "./current.js";
import { databaseTarget, loadProject, type Project } from "./project.js";
import { revisionInfo, type RevisionInfo } from "./revision-info.js";

export interface HistoryOptions {
  /** Alembic's `-r start:end`; either side may be empty or `current`. */
  readonly range?: string;
  /** -i: mark the revisions the database is at (reads the database). */
  readonly indicateCurrent?: boolean;
  /** --graph: draw the DAG as `git log --graph` does. */
  readonly graph?: boolean;
}

export interface HistoryResult {
  readonly revisions: RevisionInfo[];
  /** With --graph: the drawing, one row per line. */
  readonly graph?: GraphRow[];
}

/** `current` in a range means the database's heads; with none, base. */
const substituteCurrent = (range: string, current: readonly RevisionId[]): string =>
  range
    .split(":")
    .map((side) => (side === "current" ? (current[0] ?? "base") : side))
    .join(":");

const readDatabaseHeads = async (project: Project, context: CommandContext): Promise<DatabaseHeads> =>
  (await import("./current.js")).readDatabaseHeads(project, context);

/**
 * The database's heads when a drawing can show them: an embedded database that was never
 * created is not created for a picture, and an unreachable server only loses the marks.
 */
const headsIfReachable = async (project: Project, context: CommandContext): Promise<RevisionId[]> => {
  const { target, source } = databaseTarget(context, project.config);
  if (source === "default" && target.kind === "pglite" && (target.dataDir === null || !existsSync(target.dataDir))) return [];
  try {
    return (await readDatabaseHeads(project, context)).heads;
  } catch (error) {
    if (!isRetortError(error) || error.code !== "CONNECTION_FAILED") throw error;
    report(context, { kind: "warning", message: `${error.message}; drawn without the current revisions` });
    return [];
  }
};

export const history = async (options: HistoryOptions, context: CommandContext): Promise<HistoryResult> => {
  const project = await loadProject(context);
  const needsDatabase = options.indicateCurrent === true || (options.range?.split(":").includes("current") ?? false);
  const current = needsDatabase
    ? (await readDatabaseHeads(project, context)).heads
    : options.graph === true
      ? await headsIfReachable(project, context)
      : [];
  const range = options.range === undefined ? undefined : substituteCurrent(options.range, current);
  const entries = walkHistory(project.graph, range === undefined ? { current } : { range, current });
  const revisions = entries.map((entry) => revisionInfo(project, entry.revision.id, context.cwd, current));
  if (options.graph !== true) return { revisions };
  return { revisions, graph: drawGraph(entries.map((entry) => entry.revision), { current, heads: project.graph.heads() }) };
};
