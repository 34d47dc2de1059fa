// The applied-migration log's rows: written through the sink beside the version-row change
// of each step (so a live run and an offline script hold the same statements), read on a
// live session. A database without the table (Alembic's, or older) reads as an empty log;
// the table is created by the first write.
import type { LogEntry, LogRow } from "../dialects/index.js";
import type { VersionChange } from "../graph/types.js";
import { isTrue, type Session } from "./session.js";
import type { MigrationTarget } from "./sink.js";
import { clientInfo } from "./client-info.js";

/** A step's row before the server adds its times and user. */
export type StepLog = Omit<LogEntry, "started" | "osUser" | "host" | "retortVersion">;

/** The heads once `changes` are applied to `heads`, sorted as the version table reads. */
export const headsAfter = (heads: readonly string[], changes: readonly VersionChange[]): string[] => {
  const rows = [...heads];
  for (const change of changes) {
    if (change.kind === "insert") rows.push(change.id);
    else if (change.kind === "delete") rows.splice(rows.indexOf(change.id), 1);
    else rows.splice(rows.indexOf(change.from), 1, change.to);
  }
  return rows.sort();
};

export const ensureLogTable = async (target: MigrationTarget): Promise<void> => {
  if (target.logTable === undefined) return;
  await target.sink.execute(target.dialect.compiler.logTable(target.logTable).create());
};

/**
 * Writes one step's row. `started` says where the step began: at its transaction's start,
 * or `ms` before now (a step that was not one transaction).
 */
export const writeStepLog = async (target: MigrationTarget, log: StepLog, started: LogEntry["started"]): Promise<void> => {
  if (target.logTable === undefined) return;
  const client = clientInfo();
  // A script is run later, by someone else, elsewhere: who generated it is not who ran it,
  // and a script that names its author's machine would differ between machines.
  const script = target.sink.kind === "script";
  const entry: LogEntry = {
    ...log,
    started,
    osUser: script ? null : client.osUser,
    host: script ? null : client.host,
    retortVersion: client.retortVersion,
  };
  await target.sink.execute(target.dialect.compiler.logTable(target.logTable).insert(entry));
};

const logExists = async (session: Session): Promise<boolean> => {
  if (session.logTable === undefined) return false;
  const exists = session.dialect.compiler.logTable(session.logTable).exists();
  // SQLite and MySQL answer 1 or 0.
  const found = await session.connection.query<{ present: unknown }>(exists.sql, exists.params);
  return isTrue(found.rows[0]?.present);
};

type Query = "read" | "checksums" | "latest";

const readRows = async (session: Session, query: Query, options = { limit: null as number | null, revisions: null as readonly string[] | null }): Promise<LogRow[]> => {
  if (session.logTable === undefined || !(await logExists(session))) return [];
  const sql = session.dialect.compiler.logTable(session.logTable);
  const statement = query === "read" ? sql.read(options) : query === "checksums" ? sql.checksums() : sql.latest();
  const result = await session.connection.query<Record<string, unknown>>(statement.sql, statement.params);
  return result.rows.map((row) => sql.parse(row));
};

/** The log newest first; [] when there is no log table (or the log is turned off). */
export const readLog = (session: Session, options: { readonly limit: number | null; readonly revisions: readonly string[] | null }): Promise<LogRow[]> =>
  readRows(session, "read", options);

/** Each revision's newest row with a checksum that is not a downgrade, by revision. */
export const readLoggedChecksums = async (session: Session): Promise<Map<string, LogRow>> =>
  new Map((await readRows(session, "checksums")).map((row) => [row.revision, row]));

/** Each revision's newest row, by revision. */
export const readLatestLogRows = async (session: Session): Promise<Map<string, LogRow>> =>
  new Map((await readRows(session, "latest")).map((row) => [row.revision, row]));
