// Every statement the runtime sends to the version table. The table has Alembic's exact
// shape (one varchar(32) primary-key column, one row per head) so that a database Alembic
// managed can be taken over with the same revision ids.
//
// Revision ids are written as quoted literals rather than bound parameters: the same text
// then serves a live connection and an offline script, and Alembic's offline output reads
// the same way.
import type { Statement } from "../../ops/types.js";
import type { VersionRowChange, VersionTableLocation, VersionTableSql } from "../types.js";
import { quoteIdent, quoteQualified, quoteString } from "./quote.js";

const plain = (sql: string): Statement => ({ sql, params: [] });

// no_data_found, raised with this message by a guarded change whose row is missing; the
// DETAIL carries the revision id.
const CONFLICT_CODE = "P0002";
const CONFLICT_MESSAGE = "retort: version row not found";
const BODY_TAG = "$retort_version$";

export const versionTableSql = (location: VersionTableLocation): VersionTableSql => {
  const table = quoteQualified(location.table, location.schema);
  const column = quoteIdent("version_num");
  const constraint = quoteIdent(`${location.table}_pkc`);
  // to_regclass takes the name as text and resolves it like the parser would, so the
  // quoted form keeps mixed-case and odd names exact; it returns NULL instead of raising.
  const regclassName = quoteQualified(location.table, location.schema);
  const change = (change: VersionRowChange): Statement => {
    switch (change.kind) {
      case "insert":
        return plain(`INSERT INTO ${table} (${column}) VALUES (${quoteString(change.id)})`);
      case "update":
        return plain(`UPDATE ${table} SET ${column} = ${quoteString(change.to)} WHERE ${column} = ${quoteString(change.from)}`);
      case "delete":
        return plain(`DELETE FROM ${table} WHERE ${column} = ${quoteString(change.id)}`);
    }
  };
  return {
    change,
    guardedChange: (row) => {
      const statement = change(row);
      // An INSERT needs no guard: the primary key refuses a duplicate.
      if (row.kind === "insert" || statement.sql.includes(BODY_TAG)) return statement;
      const missing = row.kind === "update" ? row.from : row.id;
      return plain(
        `DO ${BODY_TAG} BEGIN ${statement.sql}; IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = '${CONFLICT_CODE}', ` +
          `MESSAGE = ${quoteString(CONFLICT_MESSAGE)}, DETAIL = ${quoteString(missing)}; END IF; END ${BODY_TAG}`,
      );
    },
    conflictOf: (error) => {
      const fields = error as { code?: unknown; message?: unknown; detail?: unknown } | null;
      return fields?.code === CONFLICT_CODE && fields.message === CONFLICT_MESSAGE && typeof fields.detail === "string"
        ? { missing: fields.detail }
        : undefined;
    },
    create: () =>
      plain(
        `CREATE TABLE IF NOT EXISTS ${table} (${column} VARCHAR(32) NOT NULL, CONSTRAINT ${constraint} PRIMARY KEY (${column}))`,
      ),
    exists: () => ({ sql: "SELECT to_regclass($1) IS NOT NULL AS present", params: [regclassName] }),
    read: () => plain(`SELECT ${column} AS version_num FROM ${table} ORDER BY ${column}`),
    purge: () => plain(`DELETE FROM ${table}`),
    drop: () => plain(`DROP TABLE ${table}`),
  };
};
