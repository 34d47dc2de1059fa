// The version table on SQLite: Alembic's exact shape (version_num VARCHAR(32) NOT NULL,
// primary key <table>_pkc), so Alembic and retort can take over from each other. Revision
// ids are literals, so the same text serves a live run and an offline script.
import type { Statement } from "../../ops/types.js";
import type { VersionRowChange, VersionTableLocation, VersionTableSql } from "../types.js";
import { quoteIdent, quoteQualified, quoteString } from "./quote.js";

const plain = (sql: string, params: readonly unknown[] = []): Statement => ({ sql, params });

const CONFLICT_MESSAGE = "retort: version row not found: ";

export const versionTableSql = (location: VersionTableLocation): VersionTableSql => {
  const table = quoteQualified(location.table, location.schema);
  const column = quoteIdent("version_num");
  const master = location.schema === undefined ? "sqlite_master" : `${quoteIdent(location.schema)}.sqlite_master`;
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
    // SQLite has no procedural block: the statement after the change fails when it changed
    // no row, through the one error a plain SELECT can raise with our text (a bad JSON path).
    guardedChange: (row) => {
      const statement = change(row);
      if (row.kind === "insert") return statement;
      const missing = row.kind === "update" ? row.from : row.id;
      return plain(
        `${statement.sql};\nSELECT json_extract('{}', CASE WHEN changes() = 0 THEN ${quoteString(CONFLICT_MESSAGE + missing)} END)`,
      );
    },
    conflictOf: (error) => {
      const message = (error as { message?: unknown } | null)?.message;
      if (typeof message !== "string") return undefined;
      const at = message.indexOf(CONFLICT_MESSAGE);
      if (at < 0) return undefined;
      return { missing: message.slice(at + CONFLICT_MESSAGE.length).replace(/'$/, "") };
    },
    create: () => plain(`CREATE TABLE IF NOT EXISTS ${table} (${column} VARCHAR(32) NOT NULL, CONSTRAINT ${quoteIdent(`${location.table}_pkc`)} PRIMARY KEY (${column}))`),
    exists: () => plain(`SELECT count(*) > 0 AS present FROM ${master} WHERE type = 'table' AND name = $1`, [location.table]),
    read: () => plain(`SELECT ${column} AS version_num FROM ${table} ORDER BY ${column}`),
    purge: () => plain(`DELETE FROM ${table}`),
    drop: () => plain(`DROP TABLE ${table}`),
  };
};
