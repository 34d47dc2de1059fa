// Waiting for retort's own run lock: another run holds it, so this one says once who holds
// it and since when, then waits; --lock-wait bounds the wait (exit 1 after it). On a
// server the lock is the advisory lock, on PGlite the data directory's lock file.
import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { advisoryLockKey } from "../../src/dialects/postgres/lock.js";
import { acquireLockFile } from "../../src/drivers/lock-file.js";
import { freshPgliteDir } from "../support/pglite.js";
import { describeOnPostgres, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

const WAITING = /^INFO {2}waiting for the migration lock held by pid (\d+) since \d\d:\d\d:\d\d$/;

const waitingLines = (stderr: string): string[] => stderr.split("\n").filter((line) => line.startsWith("INFO  waiting for the migration lock"));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describeOnPostgres(
  "lockwait",
  (_client, suite) => {
    let db: TempDatabase;
    let holder: pg.Client;
    let holderPid: number;
    const project = tempProject("lock-wait-pg");
    before(async () => {
      ensureBuilt();
      db = suite.database();
      writeProject(project.dir);
      writeMigration(project.dir, { revision: "w001", downRevision: null, message: "t", upgrade: '  await op.execute("CREATE TABLE t (id int)");' });
    });
    after(() => project.remove());

    const holdRunLock = async (): Promise<void> => {
      holder = new pg.Client({ connectionString: db.url });
      await holder.connect();
      holderPid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      await holder.query("SELECT pg_advisory_lock($1::bigint)", [advisoryLockKey({ table: "alembic_version" }).toString()]);
    };

    test("--lock-wait 1s: says once who holds the lock, then gives up with exit 1", async () => {
      await holdRunLock();
      try {
        const result = await retort(project.dir, ["upgrade", "head", "--lock-wait", "1s"], { env: { DATABASE_URL: db.url } });
        assert.equal(result.status, 1, result.stderr);
        const lines = result.stderr.trimEnd().split("\n");
        assert.equal(waitingLines(result.stderr).length, 1, result.stderr);
        assert.equal(Number(WAITING.exec(lines[0]!)?.[1]), holderPid, result.stderr);
        assert.equal(lines[1], `error: gave up waiting for the migration lock after 1.0 s (held by pid ${holderPid})`);
      } finally {
        await holder.end();
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const tables = await client.query("SELECT tablename FROM pg_tables WHERE tablename = 't'");
        assert.equal(tables.rowCount, 0);
      } finally {
        await client.end();
      }
    });

    test("without --lock-wait the run waits until the lock is released, then migrates", async () => {
      await holdRunLock();
      const run = retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
      await sleep(1500);
      await holder.end();
      const result = await run;
      assert.equal(result.status, 0, result.stderr);
      const lines = result.stderr.trimEnd().split("\n");
      assert.equal(Number(WAITING.exec(lines[0]!)?.[1]), holderPid, result.stderr);
      assert.equal(waitingLines(result.stderr).length, 1);
      assert.equal(lines[1], "INFO  Running upgrade  -> w001, t");
    });

    test("a malformed --lock-wait is bad usage (exit 2)", async () => {
      const result = await retort(project.dir, ["upgrade", "head", "--lock-wait", "soon"], { env: { DATABASE_URL: db.url } });
      assert.equal(result.status, 2);
      assert.equal(
        result.stderr,
        `error: --lock-wait 'soon' is not a duration\nhint: give a duration such as "500ms", "2s", "1min" or "1h", e.g. --lock-wait 60s\n`,
      );
    });
  },
  { title: "waiting for the advisory lock on PostgreSQL", client: false },
);

describe("waiting for the PGlite lock file", () => {
  const project = tempProject("lock-wait-pglite");
  let dataDir: string;
  before(async () => {
    ensureBuilt();
    writeProject(project.dir);
    dataDir = join(project.dir, ".retort", "pglite");
    cpSync(await freshPgliteDir(), dataDir, { recursive: true });
    writeMigration(project.dir, {
      revision: "g001",
      downRevision: null,
      message: "slow",
      upgrade: '  await op.execute("CREATE TABLE applied (revision text)");\n  await op.execute("INSERT INTO applied VALUES (\'g001\')");\n  await op.execute("SELECT pg_sleep(1.5)");',
    });
    writeMigration(project.dir, { revision: "g002", downRevision: "g001", message: "next", upgrade: '  await op.execute("INSERT INTO applied VALUES (\'g002\')");' });
  });
  after(() => project.remove());

  test("two upgrade head processes at once: the second waits for the first, both exit 0", async () => {
    const first = retort(project.dir, ["upgrade", "head"]);
    await sleep(300);
    const second = retort(project.dir, ["upgrade", "head"]);
    const results = await Promise.all([first, second]);
    assert.deepEqual(results.map((r) => r.status), [0, 0], results.map((r) => r.stderr).join("\n"));
    const waited = results.filter((r) => waitingLines(r.stderr).length === 1);
    assert.equal(waited.length, 1, results.map((r) => r.stderr).join("\n---\n"));
    assert.match(waitingLines(waited[0]!.stderr)[0]!, WAITING);
    const ran = results.flatMap((r) => r.stderr.split("\n").filter((line) => line.startsWith("INFO  Running upgrade")));
    assert.deepEqual(ran.sort(), ["INFO  Running upgrade  -> g001, slow", "INFO  Running upgrade g001 -> g002, next"]);
  });

  test("--lock-wait 500ms against a process holding the directory: exit 1 naming it", async () => {
    const lock = acquireLockFile(dataDir);
    try {
      const up = await retort(project.dir, ["upgrade", "head", "--lock-wait", "500ms"]);
      assert.equal(up.status, 1, up.stderr);
      const lines = up.stderr.trimEnd().split("\n");
      assert.equal(Number(WAITING.exec(lines[0]!)?.[1]), process.pid, up.stderr);
      assert.equal(lines[1], `error: gave up waiting for the PGlite database at ${dataDir} after 0.5 s (open in pid ${process.pid})`);
    } finally {
      lock.release();
    }
  });
});
