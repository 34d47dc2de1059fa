// The version table's rows: read on a live session, written through any sink, so that an
// offline script holds exactly the statements a live run executes.
import { RetortError } from "../errors.js";
import { revisionId, type RevisionId, type VersionChange } from "../graph/types.js";
import { fileChecksum, type ScriptRevision } from "../script/index.js";
import { ensureLogTable, headsAfter, writeStepLog } from "./log-rows.js";
import { isTrue, type Session } from "./session.js";
import { StatementFailure, type MigrationTarget } from "./sink.js";

const describeTable = (target: MigrationTarget): string =>
  target.versionTable.schema === undefined
    ? target.versionTable.table
    : `${target.versionTable.schema}.${target.versionTable.table}`;

/** The heads the database is at; [] when the table does not exist. Creates nothing. */
export const readHeads = async (session: Session): Promise<RevisionId[]> => {
  const sql = session.dialect.compiler.versionTable(session.versionTable);
  const exists = sql.exists();
  const found = await session.connection.query<{ present: unknown }>(exists.sql, exists.params);
  if (!isTrue(found.rows[0]?.present)) return [];
  const read = sql.read();
  const rows = await session.connection.query<{ version_num: string }>(read.sql, read.params);
  return rows.rows.map((row) => revisionId(row.version_num));
};

export const ensureVersionTable = async (target: MigrationTarget): Promise<void> => {
  await target.sink.write(target.dialect.compiler.versionTable(target.versionTable).create());
};

/** DROP TABLE, which an offline run that ends at base closes with, as Alembic's does. */
export const dropVersionTable = async (target: MigrationTarget): Promise<void> => {
  await target.sink.write(target.dialect.compiler.versionTable(target.versionTable).drop());
};

/**
 * Applies the graph's row changes. An UPDATE or DELETE that matches no row means the table
 * no longer holds what this run read under its lock: something outside retort changed it,
 * and going on would record a state the schema is not in. A script cannot know; it states
 * the changes.
 */
const versionConflict = (target: MigrationTarget, expected: string, found: number, change: unknown): RetortError =>
  new RetortError(
    "VERSION_TABLE_CONFLICT",
    `the version table ${describeTable(target)} has no row '${expected}' (expected exactly one, found ${found})`,
    {
      hint: "another process or tool changed the version table during the run; check it with `retort current` and fix it with `retort stamp`",
      details: { change },
    },
  );

export const applyVersionChanges = async (target: MigrationTarget, changes: readonly VersionChange[]): Promise<void> => {
  const sql = target.dialect.compiler.versionTable(target.versionTable);
  for (const change of changes) {
    // A batching sink sends the change with the migration's statements and COMMIT in one
    // message: the database checks the row itself (see versionConflictOf).
    if (target.sink.batches) {
      await target.sink.execute(sql.guardedChange(change));
      continue;
    }
    const rowCount = await target.sink.write(sql.change(change));
    if (rowCount !== null && change.kind !== "insert" && rowCount !== 1) {
      throw versionConflict(target, change.kind === "update" ? change.from : change.id, rowCount, change);
    }
  }
};

/** The VERSION_TABLE_CONFLICT a guarded change failed with, or undefined for any other error. */
export const versionConflictOf = (target: MigrationTarget, error: unknown): RetortError | undefined => {
  const conflict = target.dialect.compiler.versionTable(target.versionTable).conflictOf(error);
  return conflict === undefined ? undefined : versionConflict(target, conflict.missing, 0, { missing: conflict.missing });
};

const stampChecksums = (changes: readonly VersionChange[], revisions: ReadonlyMap<string, ScriptRevision> | undefined): Map<string, string> => {
  const ids = [...new Set(changes.map((change) => (change.kind === "update" ? change.to : change.id)))];
  return new Map(
    ids.flatMap((id) => {
      const revision = revisions?.get(id);
      return revision === undefined ? [] : [[id, fileChecksum(revision.path)] as const];
    }),
  );
};

export const purgeVersionTable = async (target: MigrationTarget): Promise<void> => {
  await target.sink.write(target.dialect.compiler.versionTable(target.versionTable).purge());
};

/**
 * Sets the version table's rows without running any migration (`stamp`): with `purge`,
 * every row is deleted first. On a connection this is one transaction, so nobody sees half
 * of it; a script states the bare statements (its form since the first release), to be run
 * however its reader runs scripts.
 */
export const stampVersionTable = async (
  target: MigrationTarget,
  changes: readonly VersionChange[],
  options: {
    readonly purge: boolean;
    /** The rows before the stamp, for the log (the planned start is [] with purge). */
    readonly before?: readonly string[];
    /** The versions folder, for the checksum each log row carries. */
    readonly revisions?: ReadonlyMap<string, ScriptRevision>;
  },
): Promise<void> => {
  const { sink } = target;
  const atomic = sink.kind === "connection";
  const logged = target.logTable !== undefined && changes.length > 0;
  const checksums = logged ? stampChecksums(changes, options.revisions) : new Map<string, string>();
  if (logged) await ensureLogTable(target);
  if (atomic) await sink.begin();
  try {
    if (options.purge) await purgeVersionTable(target);
    await applyVersionChanges(target, changes);
    if (logged) {
      // One row per row change, each with the rows as they were before and after it.
      let rows: readonly string[] = [...(options.before ?? [])].sort();
      let planned: string[] = [];
      if (!options.purge) planned = [...rows];
      for (const change of changes) {
        const revision = change.kind === "update" ? change.to : change.id;
        planned = headsAfter(planned, [change]);
        await writeStepLog(
          target,
          { revision, direction: "stamp", headsBefore: rows, headsAfter: planned, checksum: checksums.get(revision) ?? null },
          { kind: "transaction" },
        );
        rows = planned;
      }
    }
    if (atomic) await sink.commit();
  } catch (thrown) {
    if (atomic) await sink.rollback().catch(() => {});
    const error = thrown instanceof StatementFailure ? thrown.error : thrown;
    throw versionConflictOf(target, error) ?? error;
  }
  sink.endSection();
};
