// Reading and writing the version table's rows on a live connection.
import { RetortError } from "../errors.js";
import { revisionId, type RevisionId, type VersionChange } from "../graph/types.js";
import type { Session } from "./session.js";

const describeTable = (session: Session): string =>
  session.versionTable.schema === undefined
    ? session.versionTable.table
    : `${session.versionTable.schema}.${session.versionTable.table}`;

/** The heads the database is at; [] when the table does not exist. Creates nothing. */
export const readHeads = async (session: Session): Promise<RevisionId[]> => {
  const sql = session.dialect.compiler.versionTable(session.versionTable);
  const exists = sql.exists();
  const found = await session.connection.query<{ present: boolean }>(exists.sql, exists.params);
  if (found.rows[0]?.present !== true) return [];
  const read = sql.read();
  const rows = await session.connection.query<{ version_num: string }>(read.sql, read.params);
  return rows.rows.map((row) => revisionId(row.version_num));
};

export const ensureVersionTable = async (session: Session): Promise<void> => {
  const create = session.dialect.compiler.versionTable(session.versionTable).create();
  await session.connection.query(create.sql, create.params);
};

/**
 * Applies the graph's row changes. An UPDATE or DELETE that matches no row means the table
 * no longer holds what this run read under its lock: something outside retort changed it,
 * and going on would record a state the schema is not in.
 */
export const applyVersionChanges = async (session: Session, changes: readonly VersionChange[]): Promise<void> => {
  const sql = session.dialect.compiler.versionTable(session.versionTable);
  for (const change of changes) {
    const statement = sql.change(change);
    const result = await session.connection.query(statement.sql, statement.params);
    if (change.kind !== "insert" && result.rowCount !== 1) {
      const expected = change.kind === "update" ? change.from : change.id;
      throw new RetortError(
        "VERSION_TABLE_CONFLICT",
        `the version table ${describeTable(session)} has no row '${expected}' (expected exactly one, found ${result.rowCount})`,
        {
          hint: "another process or tool changed the version table during the run; check it with `retort current` and fix it with `retort stamp`",
          details: { change },
        },
      );
    }
  }
};

export const purgeVersionTable = async (session: Session): Promise<void> => {
  const purge = session.dialect.compiler.versionTable(session.versionTable).purge();
  await session.connection.query(purge.sql, purge.params);
};

/**
 * Sets the version table's rows in one transaction, without running any migration
 * (`stamp`): with `purge`, every row is deleted first.
 */
export const stampVersionTable = async (
  session: Session,
  changes: readonly VersionChange[],
  options: { readonly purge: boolean },
): Promise<void> => {
  const tx = session.dialect.compiler.transaction;
  await session.connection.exec(tx.begin);
  try {
    if (options.purge) await purgeVersionTable(session);
    await applyVersionChanges(session, changes);
    await session.connection.exec(tx.commit);
  } catch (error) {
    await session.connection.exec(tx.rollback).catch(() => {});
    throw error;
  }
};
