// The version table on MySQL/MariaDB, in the exact shape Alembic creates there: one
// VARCHAR(32) NOT NULL column, primary key `<table>_pkc` (MySQL keeps every primary key
// under the name PRIMARY; the clause is Alembic's text all the same). Revision ids are
// literals, so a live run and a script send the same text.
//
// There is no guarded form: MySQL runs no anonymous blocks. Its sink does not batch (each
// DDL statement commits on its own anyway), so the runtime checks the row count instead.
import type { Statement } from "../../ops/types.js";
import type { VersionRowChange, VersionTableLocation, VersionTableSql } from "../types.js";
import { quoteIdent, quoteQualified, quoteString } from "./quote.js";

const plain = (sql: string): Statement => ({ sql, params: [] });

export const versionTableSql = (location: VersionTableLocation): VersionTableSql => {
  const table = quoteQualified(location.table, location.schema);
  const column = quoteIdent("version_num");
  const constraint = quoteIdent(`${location.table}_pkc`);
  const change = (row: VersionRowChange): Statement => {
    switch (row.kind) {
      case "insert":
        return plain(`INSERT INTO ${table} (${column}) VALUES (${quoteString(row.id)})`);
      case "update":
        return plain(`UPDATE ${table} SET ${column} = ${quoteString(row.to)} WHERE ${column} = ${quoteString(row.from)}`);
      case "delete":
        return plain(`DELETE FROM ${table} WHERE ${column} = ${quoteString(row.id)}`);
    }
  };
  return {
    change,
    guardedChange: change,
    conflictOf: () => undefined,
    create: () => plain(`CREATE TABLE IF NOT EXISTS ${table} (${column} VARCHAR(32) NOT NULL, CONSTRAINT ${constraint} PRIMARY KEY (${column}))`),
    exists: () => ({
      sql: "SELECT COUNT(*) > 0 AS present FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?",
      params: [location.schema ?? null, location.table],
    }),
    read: () => plain(`SELECT ${column} AS version_num FROM ${table} ORDER BY ${column}`),
    purge: () => plain(`DELETE FROM ${table}`),
    drop: () => plain(`DROP TABLE ${table}`),
  };
};
