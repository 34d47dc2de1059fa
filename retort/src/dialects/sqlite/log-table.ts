// The applied-migration log on SQLite: the same columns and rows as PostgreSQL's
// (postgres/log-table.ts), timestamps as UTC text with milliseconds. SQLite keeps no
// transaction start time and has no users, so a step's start is the client's measure
// before the row is written, and database_user is '' (the file has no user).
import type { Statement } from "../../ops/types.js";
import type { LogEntry, LogTableSql, VersionTableLocation } from "../types.js";
import { LOG_COLUMNS, logReads, parseLogRow } from "../postgres/log-table.js";
import { quoteIdent, quoteQualified, quoteString } from "./quote.js";

const plain = (sql: string, params: readonly unknown[] = []): Statement => ({ sql, params });

const literalOrNull = (value: string | null): string => (value === null ? "NULL" : quoteString(value));

const NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')";

const elapsedMs = (started: LogEntry["started"]): number => Math.max(0, Number.isFinite(started.ms) ? (started.ms ?? 0) : 0);

export const sqliteLogTableSql = (location: VersionTableLocation): LogTableSql => {
  const table = quoteQualified(location.table, location.schema);
  const master = location.schema === undefined ? "sqlite_master" : `${quoteIdent(location.schema)}.sqlite_master`;
  return {
    create: () =>
      plain(
        `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER NOT NULL CONSTRAINT ${quoteIdent(`${location.table}_pkey`)} PRIMARY KEY, ` +
          "revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, heads_before TEXT NOT NULL, heads_after TEXT NOT NULL, " +
          "checksum VARCHAR(64), started_at TEXT NOT NULL, finished_at TEXT NOT NULL, duration_ms REAL NOT NULL, " +
          "database_user TEXT NOT NULL, os_user TEXT, host TEXT, retort_version TEXT NOT NULL)",
      ),
    exists: () => plain(`SELECT count(*) > 0 AS present FROM ${master} WHERE type = 'table' AND name = $1`, [location.table]),
    insert: (entry) => {
      const ms = elapsedMs(entry.started);
      return plain(
        `INSERT INTO ${table} (${LOG_COLUMNS.join(", ")}) SELECT ${quoteString(entry.revision)}, ${quoteString(entry.direction)}, ` +
          `${quoteString(entry.headsBefore.join(" "))}, ${quoteString(entry.headsAfter.join(" "))}, ${literalOrNull(entry.checksum)}, ` +
          `strftime('%Y-%m-%d %H:%M:%f', clock.finished, ${quoteString(`-${(ms / 1000).toFixed(3)} seconds`)}), clock.finished, ${ms.toFixed(3)}, '', ` +
          `${literalOrNull(entry.osUser)}, ${literalOrNull(entry.host)}, ${quoteString(entry.retortVersion)} FROM (SELECT ${NOW} AS finished) AS clock`,
      );
    },
    ...logReads(table, quoteString),
    parse: parseLogRow,
  };
};
