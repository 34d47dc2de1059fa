// Every statement the runtime sends to the version table. The table has Alembic's exact
// shape (one varchar(32) primary-key column, one row per head) so that a database Alembic
// managed can be taken over with the same revision ids.
//
// Revision ids are written as quoted literals rather than bound parameters: the same text
// then serves a live connection and an offline script, and Alembic's offline output reads
// the same way.
import type { Statement } from "../../ops/types.js";
import { quoteIdent, quoteQualified, quoteString } from "./quote.js";

export interface VersionTableLocation {
  readonly table: string;
  /** Unset: the connection's search_path decides, as Alembic does without version_table_schema. */
  readonly schema?: string;
}

/** One row change, as the graph decides them (structurally the graph's VersionChange). */
export type VersionRowChange =
  | { readonly kind: "insert"; readonly id: string }
  | { readonly kind: "update"; readonly from: string; readonly to: string }
  | { readonly kind: "delete"; readonly id: string };

export interface VersionTableSql {
  /** CREATE TABLE IF NOT EXISTS with Alembic's columns and `<table>_pkc` constraint name. */
  create(): Statement;
  /** One row, column `present` (boolean): whether the table exists. Creates nothing. */
  exists(): Statement;
  /** Rows with one column, `version_num`, in a stable order. */
  read(): Statement;
  /** The INSERT, UPDATE or DELETE for one change the graph decided. */
  change(change: VersionRowChange): Statement;
  /** DELETE of every row, for `stamp --purge`. */
  purge(): Statement;
  /** DROP TABLE, which an offline downgrade to base ends with, as Alembic's does. */
  drop(): Statement;
}

const plain = (sql: string): Statement => ({ sql, params: [] });

export const versionTableSql = (location: VersionTableLocation): VersionTableSql => {
  const table = quoteQualified(location.table, location.schema);
  const column = quoteIdent("version_num");
  const constraint = quoteIdent(`${location.table}_pkc`);
  // to_regclass takes the name as text and resolves it like the parser would, so the
  // quoted form keeps mixed-case and odd names exact; it returns NULL instead of raising.
  const regclassName = quoteQualified(location.table, location.schema);
  return {
    create: () =>
      plain(
        `CREATE TABLE IF NOT EXISTS ${table} (${column} VARCHAR(32) NOT NULL, CONSTRAINT ${constraint} PRIMARY KEY (${column}))`,
      ),
    exists: () => ({ sql: "SELECT to_regclass($1) IS NOT NULL AS present", params: [regclassName] }),
    read: () => plain(`SELECT ${column} AS version_num FROM ${table} ORDER BY ${column}`),
    change: (change) => {
      switch (change.kind) {
        case "insert":
          return plain(`INSERT INTO ${table} (${column}) VALUES (${quoteString(change.id)})`);
        case "update":
          return plain(
            `UPDATE ${table} SET ${column} = ${quoteString(change.to)} WHERE ${column} = ${quoteString(change.from)}`,
          );
        case "delete":
          return plain(`DELETE FROM ${table} WHERE ${column} = ${quoteString(change.id)}`);
      }
    },
    purge: () => plain(`DELETE FROM ${table}`),
    drop: () => plain(`DROP TABLE ${table}`),
  };
};
