// The applied-migration log on MySQL/MariaDB: the same columns and rows as PostgreSQL's
// (postgres/log-table.ts), timestamps as DATETIME(6) in UTC. DDL commits on its own there,
// so every step's row is written after the step, and its start is the client's measure
// before the row is written; the database user is CURRENT_USER().
import type { Statement } from "../../ops/types.js";
import type { LogEntry, LogTableSql, VersionTableLocation } from "../types.js";
import { LOG_COLUMNS, logReads, parseLogRow } from "../postgres/log-table.js";
import { quoteQualified, quoteString } from "./quote.js";

const plain = (sql: string, params: readonly unknown[] = []): Statement => ({ sql, params });

const literalOrNull = (value: string | null): string => (value === null ? "NULL" : quoteString(value));

const elapsedMicros = (started: LogEntry["started"]): number => Math.max(0, Math.round((Number.isFinite(started.ms) ? (started.ms ?? 0) : 0) * 1000));

export const mysqlLogTableSql = (location: VersionTableLocation): LogTableSql => {
  const table = quoteQualified(location.table, location.schema);
  return {
    create: () =>
      plain(
        `CREATE TABLE IF NOT EXISTS ${table} (id BIGINT NOT NULL AUTO_INCREMENT, revision VARCHAR(32) NOT NULL, ` +
          "direction VARCHAR(10) NOT NULL, heads_before TEXT NOT NULL, heads_after TEXT NOT NULL, checksum VARCHAR(64), " +
          "started_at DATETIME(6) NOT NULL, finished_at DATETIME(6) NOT NULL, duration_ms DOUBLE NOT NULL, " +
          "database_user VARCHAR(384) NOT NULL, os_user TEXT, host TEXT, retort_version VARCHAR(64) NOT NULL, PRIMARY KEY (id))",
      ),
    exists: () => ({
      sql: "SELECT COUNT(*) > 0 AS present FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?",
      params: [location.schema ?? null, location.table],
    }),
    insert: (entry) => {
      const micros = elapsedMicros(entry.started);
      return plain(
        `INSERT INTO ${table} (${LOG_COLUMNS.join(", ")}) SELECT ${quoteString(entry.revision)}, ${quoteString(entry.direction)}, ` +
          `${quoteString(entry.headsBefore.join(" "))}, ${quoteString(entry.headsAfter.join(" "))}, ${literalOrNull(entry.checksum)}, ` +
          `clock.finished - INTERVAL ${micros} MICROSECOND, clock.finished, ${(micros / 1000).toFixed(3)}, CURRENT_USER(), ` +
          `${literalOrNull(entry.osUser)}, ${literalOrNull(entry.host)}, ${quoteString(entry.retortVersion)} FROM (SELECT UTC_TIMESTAMP(6) AS finished) AS clock`,
      );
    },
    ...logReads(table, quoteString),
    parse: parseLogRow,
  };
};
