// Every statement the runtime sends to the version table. The table has Alembic's exact
// shape (one varchar(32) primary-key column, one row per head) so that a database Alembic
// managed can be taken over with the same revision ids.
//
// Revision ids are written as quoted literals rather than bound parameters: the same text
// then serves a live connection and an offline script, and Alembic's offline output reads
// the same way.
import type { Statement } from "../../ops/types.js";
import type { VersionTableLocation, VersionTableSql } from "../types.js";
import { quoteIdent, quoteQualified, quoteString } from "./quote.js";

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
