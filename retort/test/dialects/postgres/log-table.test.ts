// The applied-migration log's SQL on PostgreSQL: exact statements, and rows read back.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { logTableSql } from "../../../src/dialects/postgres/log-table.js";
import type { LogEntry } from "../../../src/dialects/index.js";

const COLUMNS =
  "revision, direction, heads_before, heads_after, checksum, started_at, finished_at, duration_ms, database_user, os_user, host, retort_version";

const entry: LogEntry = {
  revision: "ae10",
  direction: "upgrade",
  headsBefore: ["b1", "c2"],
  headsAfter: ["ae10", "c2"],
  checksum: "ab".repeat(32),
  started: { kind: "transaction" },
  osUser: "o'neil",
  host: "build-1",
  retortVersion: "0.1.0",
};

describe("the PostgreSQL log table", () => {
  const sql = logTableSql({ table: "retort_log", schema: "meta" });

  test("insert takes the times and the database user from the server, the rest as literals", () => {
    assert.deepEqual(sql.insert(entry), {
      sql:
        `INSERT INTO "meta"."retort_log" (${COLUMNS}) SELECT 'ae10', 'upgrade', 'b1 c2', 'ae10 c2', '${"ab".repeat(32)}', times.started, times.finished, ` +
        "extract(epoch FROM times.finished - times.started)::double precision * 1000, current_user, 'o''neil', 'build-1', '0.1.0' " +
        "FROM (SELECT now() AS started, clock.finished FROM (SELECT clock_timestamp() AS finished) AS clock) AS times",
      params: [],
    });
  });

  test("a step that was not one transaction starts the client's elapsed time before the write", () => {
    const text = sql.insert({ ...entry, checksum: null, osUser: null, host: null, started: { kind: "elapsed", ms: 1234.5 } }).sql;
    assert.match(text, /'ae10 c2', NULL, times\.started/);
    assert.match(text, /current_user, NULL, NULL, '0\.1\.0' /);
    assert.match(text, /\(SELECT clock\.finished - 1234\.500 \* interval '1 millisecond' AS started, clock\.finished FROM/);
    assert.match(sql.insert({ ...entry, started: { kind: "elapsed", ms: Number.NaN } }).sql, /\(SELECT clock\.finished AS started,/);
  });

  test("reads: newest first, narrowed by revisions and a limit; each revision's newest row", () => {
    assert.equal(sql.read({ limit: null, revisions: null }).sql, `SELECT id, ${COLUMNS} FROM "meta"."retort_log" ORDER BY id DESC`);
    assert.equal(
      sql.read({ limit: 5, revisions: ["a1", "b'2"] }).sql,
      `SELECT id, ${COLUMNS} FROM "meta"."retort_log" WHERE revision IN ('a1', 'b''2') ORDER BY id DESC LIMIT 5`,
    );
    assert.equal(sql.read({ limit: null, revisions: [] }).sql, `SELECT id, ${COLUMNS} FROM "meta"."retort_log" WHERE revision IN (NULL) ORDER BY id DESC`);
    assert.equal(
      sql.checksums().sql,
      `SELECT id, ${COLUMNS} FROM "meta"."retort_log" WHERE id IN (SELECT max(id) FROM "meta"."retort_log" WHERE checksum IS NOT NULL AND direction <> 'downgrade' GROUP BY revision) ORDER BY revision`,
    );
    assert.equal(sql.latest().sql, `SELECT id, ${COLUMNS} FROM "meta"."retort_log" WHERE id IN (SELECT max(id) FROM "meta"."retort_log" GROUP BY revision) ORDER BY revision`);
    assert.deepEqual(sql.exists(), { sql: "SELECT to_regclass($1) IS NOT NULL AS present", params: ['"meta"."retort_log"'] });
  });

  test("parse splits the heads ('' is base) and types every column", () => {
    const at = new Date("2026-12-01T13:45:12.000Z");
    assert.deepEqual(
      sql.parse({
        id: "7",
        revision: "ae10",
        direction: "stamp",
        heads_before: "",
        heads_after: "ae10 c2",
        checksum: null,
        started_at: at,
        finished_at: "2026-12-01T13:45:13.000Z",
        duration_ms: 1000,
        database_user: "app",
        os_user: null,
        host: "h",
        retort_version: "0.1.0",
      }),
      {
        id: 7,
        revision: "ae10",
        direction: "stamp",
        headsBefore: [],
        headsAfter: ["ae10", "c2"],
        checksum: null,
        startedAt: at,
        finishedAt: new Date("2026-12-01T13:45:13.000Z"),
        durationMs: 1000,
        databaseUser: "app",
        osUser: null,
        host: "h",
        retortVersion: "0.1.0",
      },
    );
  });
});
