// Applying a migration on a busy database: a session holding a lock on the table makes the
// migration's statement time out (lockTimeout), and retort rolls the migration back, names
// the holder, waits and runs it again, never repeating what an earlier attempt committed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { createTempDatabase, describeOnPostgres, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

const query = async (url: string, sql: string): Promise<unknown[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};

/** A session that reads `accounts` in an open transaction: the "long report". */
const holdLock = async (url: string): Promise<{ pid: number; release: () => Promise<void> }> => {
  const client = new pg.Client({ connectionString: url, application_name: "long report" });
  await client.connect();
  await client.query("BEGIN");
  await client.query("SELECT count(*) FROM accounts");
  const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  return {
    pid,
    release: async () => {
      await client.query("COMMIT");
      await client.end();
    },
  };
};

/** Resolves once a session of the database waits for a lock; returns their application names. */
const lockWaiters = async (url: string): Promise<unknown[]> => {
  for (;;) {
    const waiting = await query(
      url,
      "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (waiting.length > 0) return waiting;
  }
};

const config = (entries: string): string => `export default { migrations: "migrations", ${entries} };\n`;

const RETRY_LINE =
  /^WARN {2}upgrade a001 -> a002, add note: canceling statement due to lock timeout; the lock is held by pid (\d+) \(long report, transaction open \d+\.\d s\); retry (\d) of (\d) in (\d+ ms|\d\.\d\d s)$/;

describeOnPostgres(
  "locks",
  () => {
    let db: TempDatabase;
    const project = tempProject("lock-timeout");
    before(() => ensureBuilt());
    after(() => project.remove());

    const setUp = async (configText: string, secondStep: Parameters<typeof writeMigration>[1]): Promise<void> => {
      db = await createTempDatabase("lock");
      writeProject(project.dir, configText);
      writeMigration(project.dir, {
        revision: "a001",
        downRevision: null,
        message: "accounts",
        upgrade: [
          '  await op.execute("CREATE TABLE accounts (id int PRIMARY KEY)");',
          '  await op.execute("CREATE TABLE applied (revision text NOT NULL)");',
        ].join("\n"),
      });
      const up = await retort(project.dir, ["upgrade", "a001"], { env: { DATABASE_URL: db.url } });
      assert.equal(up.status, 0, up.stderr);
      writeMigration(project.dir, secondStep);
    };

    const addNote = {
      revision: "a002",
      downRevision: "a001",
      message: "add note",
      upgrade: [
        `  await op.execute("INSERT INTO applied (revision) VALUES ('a002')");`,
        '  await op.execute("ALTER TABLE accounts ADD COLUMN note text");',
      ].join("\n"),
    };

    test("a held lock times the statement out; retried after the holder ends, the migration applies once", async () => {
      await setUp(config('lockTimeout: "300ms"'), addNote);
      try {
        const holder = await holdLock(db.url);
        const run = retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
        // The waiting session is retort's, named so in pg_stat_activity.
        assert.deepEqual(await lockWaiters(db.url), [{ application_name: "retort" }]);
        await new Promise((resolve) => setTimeout(resolve, 1200));
        await holder.release();
        const result = await run;
        assert.equal(result.status, 0, result.stderr);
        const lines = result.stderr.trimEnd().split("\n");
        assert.equal(lines[0], "INFO  Running upgrade a001 -> a002, add note");
        const retries = lines.filter((line) => line.startsWith("WARN"));
        assert.ok(retries.length >= 1, result.stderr);
        retries.forEach((line, index) => {
          const match = RETRY_LINE.exec(line);
          assert.ok(match, line);
          assert.equal(Number(match[1]), holder.pid);
          assert.equal(Number(match[2]), index + 1);
          assert.equal(match[3], "5");
        });
        assert.match(lines.at(-1)!, /^INFO {2}Done in \d/);
        assert.deepEqual(await query(db.url, "SELECT revision FROM applied"), [{ revision: "a002" }]);
        assert.deepEqual(await query(db.url, "SELECT version_num FROM alembic_version"), [{ version_num: "a002" }]);
        assert.deepEqual(
          await query(db.url, "SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts' ORDER BY ordinal_position"),
          [{ column_name: "id" }, { column_name: "note" }],
        );
      } finally {
        await db.drop();
      }
    });

    test("after lockRetries the run gives up with exit 1 and nothing of the migration applied", async () => {
      await setUp(config('lockTimeout: "200ms", lockRetries: 2'), addNote);
      const holder = await holdLock(db.url);
      try {
        const result = await retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
        assert.equal(result.status, 1, result.stderr);
        const lines = result.stderr.trimEnd().split("\n");
        assert.equal(lines.filter((line) => line.startsWith("WARN")).length, 2, result.stderr);
        assert.match(lines.at(-1)!, /^hint: another session holds a lock on the table for longer than the lock timeout/);
        assert.equal(
          lines.at(-2),
          "error: upgrade a002 (migrations/versions/a002_add_note.ts) failed in statement: ALTER TABLE accounts ADD COLUMN note text: canceling statement due to lock timeout; gave up after 2 retries",
        );
      } finally {
        await holder.release();
      }
      try {
        assert.deepEqual(await query(db.url, "SELECT revision FROM applied"), []);
        assert.deepEqual(await query(db.url, "SELECT version_num FROM alembic_version"), [{ version_num: "a001" }]);
        assert.deepEqual(
          await query(db.url, "SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'"),
          [{ column_name: "id" }],
        );
      } finally {
        await db.drop();
      }
    });

    test("a migration's own lockTimeout overrides the config's, and retries skip what already committed", async () => {
      // Non-transactional: the INSERT commits on its own before the ALTER waits. Sent twice it
      // would log a002 twice.
      await setUp(config("lockRetries: 10"), { ...addNote, transactional: false, lockTimeout: "250ms" });
      try {
        const holder = await holdLock(db.url);
        const run = retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
        await lockWaiters(db.url);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await holder.release();
        const result = await run;
        assert.equal(result.status, 0, result.stderr);
        assert.ok(result.stderr.includes("retry 1 of 10"), result.stderr);
        assert.deepEqual(await query(db.url, "SELECT revision FROM applied"), [{ revision: "a002" }]);
        assert.deepEqual(await query(db.url, "SELECT version_num FROM alembic_version"), [{ version_num: "a002" }]);
      } finally {
        await db.drop();
      }
    });

    test("offline, the timeouts are written after each BEGIN", async () => {
      writeProject(project.dir, config('lockTimeout: "2s", statementTimeout: "1min"'));
      writeMigration(project.dir, { revision: "a001", downRevision: null, message: "accounts", upgrade: '  await op.execute("CREATE TABLE accounts (id int)");' });
      const result = await retort(project.dir, ["upgrade", "a001", "--sql"], { env: { DATABASE_URL: "postgresql://u@h/d" } });
      assert.equal(result.status, 0, result.stderr);
      assert.ok(
        result.stdout.includes("BEGIN;\nSET LOCAL lock_timeout = '2000ms';\nSET LOCAL statement_timeout = '60000ms';\nCREATE TABLE accounts (id int);"),
        result.stdout,
      );
    });
  },
  { title: "lock timeouts and retries on PostgreSQL", client: false },
);
