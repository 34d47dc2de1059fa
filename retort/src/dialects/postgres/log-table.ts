// The applied-migration log on PostgreSQL: one row per step, written in the step's own
// transaction (or right after an autocommit step) so the log never names a step that
// rolled back. Timestamps and the database user come from the server; the rest is written
// as literals, so a live batch and an offline script carry the same text.
//
// Heads are stored as one text column, ids separated by single spaces ('' = base): a
// revision id never holds a space (the graph refuses one), and every dialect can store it.
import type { Statement } from "../../ops/types.js";
import type { LogEntry, LogRow, LogTableSql, VersionTableLocation } from "../types.js";
import { quoteIdent, quoteQualified, quoteString } from "./quote.js";

const plain = (sql: string): Statement => ({ sql, params: [] });

export const LOG_COLUMNS = [
  "revision",
  "direction",
  "heads_before",
  "heads_after",
  "checksum",
  "started_at",
  "finished_at",
  "duration_ms",
  "database_user",
  "os_user",
  "host",
  "retort_version",
] as const;

const literalOrNull = (value: string | null): string => (value === null ? "NULL" : quoteString(value));

const heads = (ids: readonly string[]): string => quoteString(ids.join(" "));

export const splitHeads = (text: unknown): string[] => (typeof text === "string" && text !== "" ? text.split(" ") : []);

// A driver that hands back text (SQLite, MySQL with dateStrings) writes UTC without a zone.
const asDate = (value: unknown): Date => {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
};

const asText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** finished - started in ms, from the server's clock (the server computes it). */
const startedClause = (started: LogEntry["started"]): string => {
  if (started.kind === "transaction") return "now()";
  // Written as a number literal, so only a finite, non-negative one.
  const ms = Math.max(0, Number.isFinite(started.ms) ? started.ms : 0);
  return ms === 0 ? "clock.finished" : `clock.finished - ${ms.toFixed(3)} * interval '1 millisecond'`;
};

/** A row of the log as read back, the same on every dialect (each column's text or value). */
export const parseLogRow = (row: Readonly<Record<string, unknown>>): LogRow => ({
  id: Number(row.id),
  revision: String(row.revision),
  direction: String(row.direction) as LogRow["direction"],
  headsBefore: splitHeads(row.heads_before),
  headsAfter: splitHeads(row.heads_after),
  checksum: asText(row.checksum),
  startedAt: asDate(row.started_at),
  finishedAt: asDate(row.finished_at),
  durationMs: Number(row.duration_ms),
  databaseUser: String(row.database_user),
  osUser: asText(row.os_user),
  host: asText(row.host),
  retortVersion: String(row.retort_version),
});

/**
 * The log's reads in SQL every dialect runs (no DISTINCT ON): the rows newest first, and each
 * revision's newest row (with a checksum, not a downgrade, for `checksums`). `table` is
 * quoted and `quote` writes a string literal, both the dialect's own.
 */
export const logReads = (table: string, quote: (value: string) => string): Pick<LogTableSql, "read" | "checksums" | "latest"> => {
  const selected = `id, ${LOG_COLUMNS.join(", ")}`;
  const newest = (where: string): Statement =>
    plain(`SELECT ${selected} FROM ${table} WHERE id IN (SELECT max(id) FROM ${table}${where} GROUP BY revision) ORDER BY revision`);
  return {
    read: ({ limit, revisions }) =>
      plain(
        `SELECT ${selected} FROM ${table}` +
          (revisions === null ? "" : ` WHERE revision IN (${revisions.length === 0 ? "NULL" : revisions.map(quote).join(", ")})`) +
          " ORDER BY id DESC" +
          (limit === null ? "" : ` LIMIT ${Math.max(0, Math.trunc(limit))}`),
      ),
    checksums: () => newest(" WHERE checksum IS NOT NULL AND direction <> 'downgrade'"),
    latest: () => newest(""),
  };
};

export const logTableSql = (location: VersionTableLocation): LogTableSql => {
  const table = quoteQualified(location.table, location.schema);
  return {
    create: () =>
      plain(
        `CREATE TABLE IF NOT EXISTS ${table} (id BIGSERIAL NOT NULL, revision VARCHAR(32) NOT NULL, ` +
          "direction VARCHAR(10) NOT NULL, heads_before TEXT NOT NULL, heads_after TEXT NOT NULL, checksum VARCHAR(64), " +
          "started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ NOT NULL, duration_ms DOUBLE PRECISION NOT NULL, " +
          "database_user TEXT NOT NULL, os_user TEXT, host TEXT, retort_version TEXT NOT NULL, " +
          `CONSTRAINT ${quoteIdent(`${location.table}_pkey`)} PRIMARY KEY (id))`,
      ),
    exists: () => ({ sql: "SELECT to_regclass($1) IS NOT NULL AS present", params: [table] }),
    insert: (entry) =>
      plain(
        `INSERT INTO ${table} (${LOG_COLUMNS.join(", ")}) SELECT ${quoteString(entry.revision)}, ${quoteString(entry.direction)}, ` +
          `${heads(entry.headsBefore)}, ${heads(entry.headsAfter)}, ${literalOrNull(entry.checksum)}, times.started, times.finished, ` +
          `extract(epoch FROM times.finished - times.started)::double precision * 1000, current_user, ` +
          `${literalOrNull(entry.osUser)}, ${literalOrNull(entry.host)}, ${quoteString(entry.retortVersion)} ` +
          `FROM (SELECT ${startedClause(entry.started)} AS started, clock.finished FROM (SELECT clock_timestamp() AS finished) AS clock) AS times`,
      ),
    ...logReads(table, quoteString),
    parse: parseLogRow,
  };
};
