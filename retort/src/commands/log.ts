// `retort log [-n N] [-r start:end] [--accept REV]`: the applied-migration log, newest
// first; with --accept, records the current checksum of an applied migration's file after
// a deliberate edit, so upgrade, current and `check --history` stop reporting it.
import { existsSync } from "node:fs";
import { RetortError } from "../errors.js";
import { history as walkHistory, resolveTarget, type RevisionId } from "../graph/index.js";
import type { LogRow } from "../dialects/index.js";
import { ensureLogTable, openSession, readHeads, readLog, writeStepLog, type Session } from "../runtime/index.js";
import { fileChecksum } from "../script/index.js";
import { appliedRevisions } from "./applied-history.js";
import type { CommandContext } from "./context.js";
import { databaseTarget, loadProject, logTableOf, versionTableOf, type Project } from "./project.js";
import { displayPath } from "./revision-info.js";

export interface LogOptions {
  /** -n: at most this many rows (a positive whole number, as text from the CLI). */
  readonly limit?: string;
  /** -r start:end: rows of the revisions in that range (history's grammar). */
  readonly range?: string;
  /** --accept REV: record the file's current checksum for this applied revision. */
  readonly accept?: string;
}

export interface LogResult {
  readonly database: string;
  /** The log table's name as configured. */
  readonly table: string;
  /** Newest first. */
  readonly entries: LogRow[];
  /** With --accept: the revision, its file and the checksum now recorded. */
  readonly accepted?: { readonly revision: string; readonly path: string; readonly checksum: string; readonly previous: string | null };
}

const parseLimit = (text: string | undefined): number | null => {
  if (text === undefined) return null;
  if (!/^[1-9]\d*$/.test(text.trim())) {
    throw new RetortError("USAGE", `-n '${text}' is not a positive whole number`, { hint: "give how many rows to show, e.g. `retort log -n 20`" });
  }
  return Number(text.trim());
};

const noLog = (): RetortError =>
  new RetortError("LOG_DISABLED", "the config keeps no applied-migration log (logTable: false)", {
    hint: "remove `logTable: false` from retort.config.ts; the log starts with the next upgrade, downgrade or stamp",
  });

const accept = async (project: Project, session: Session, target: string, context: CommandContext): Promise<NonNullable<LogResult["accepted"]>> => {
  const heads = await readHeads(session);
  const ids = resolveTarget(project.graph, target, heads);
  if (ids.length !== 1) {
    throw new RetortError("USAGE", `--accept needs one revision, and '${target}' names ${ids.length === 0 ? "none (base)" : ids.join(", ")}`, {
      hint: "name the edited revision, e.g. `retort log --accept ae10`",
    });
  }
  const id = ids[0] as RevisionId;
  if (!appliedRevisions(project, heads).includes(id)) {
    throw new RetortError("USAGE", `revision ${id} is not applied to this database, so there is no run to accept an edit for`, {
      hint: "an edit to a migration that has not run needs no accepting; `retort current` shows where the database is",
    });
  }
  const revision = project.revisions.get(id);
  if (revision === undefined) throw new Error(`internal error: no script for revision ${id}`);
  const checksum = fileChecksum(revision.path);
  const previous = (await readLog(session, { limit: 1, revisions: [id] }))[0]?.checksum ?? null;
  await ensureLogTable(session);
  await writeStepLog(session, { revision: id, direction: "accept", headsBefore: heads, headsAfter: heads, checksum }, { kind: "transaction" });
  return { revision: id, path: displayPath(context.cwd, revision.path), checksum, previous };
};

export const log = async (options: LogOptions, context: CommandContext): Promise<LogResult> => {
  const project = await loadProject(context);
  const logTable = logTableOf(project.config);
  if (logTable === undefined) throw noLog();
  const limit = parseLimit(options.limit);
  const { target } = databaseTarget(context, project.config);
  // Reading must not create an embedded database; accepting writes, so it may.
  if (options.accept === undefined && target.kind === "pglite" && target.dataDir !== null && !existsSync(target.dataDir)) {
    return { database: target.display, table: logTable.table, entries: [] };
  }
  const session = await openSession({ target, versionTable: versionTableOf(project.config), logTable, lock: options.accept !== undefined });
  try {
    const accepted = options.accept === undefined ? undefined : await accept(project, session, options.accept, context);
    const revisions =
      options.range === undefined
        ? null
        : walkHistory(project.graph, { range: options.range, current: await readHeads(session) }).map((entry) => entry.revision.id as string);
    const entries = await readLog(session, { limit, revisions });
    return { database: target.display, table: logTable.table, entries, ...(accepted === undefined ? {} : { accepted }) };
  } finally {
    await session.close();
  }
};
