// Replicas starting together: 8 real `retort upgrade head` processes against one database.
// The advisory lock serialises them; the first migrates, the others find nothing to do.
// And a process killed mid-migration leaves the database at the last completed revision.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { describeOnPostgres, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, retort, spawnRetort, tempProject, writeMigration, writeProject, timesMasked } from "./harness.js";

const withClient = async <T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

const rows = async (url: string, sql: string): Promise<unknown[]> => withClient(url, async (c) => (await c.query(sql)).rows);

const log = (revision: string, extra = ""): string =>
  `  await op.execute("INSERT INTO applied (revision) VALUES ('${revision}')");${extra}`;

describeOnPostgres("concurrent", (_client, suite) => {
  let db: TempDatabase;
  const project = tempProject("concurrent");
  before(async () => {
    ensureBuilt();
    db = suite.database();
    writeProject(project.dir);
    writeMigration(project.dir, {
      revision: "c001",
      downRevision: null,
      message: "log table",
      upgrade: `  await op.execute("CREATE TABLE applied (revision text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())");\n${log("c001")}`,
    });
    for (let i = 2; i <= 6; i += 1) {
      writeMigration(project.dir, {
        revision: `c00${i}`,
        downRevision: `c00${i - 1}`,
        message: `step ${i}`,
        upgrade: log(`c00${i}`, `\n  await op.execute("CREATE TABLE t${i} (id int)");`),
      });
    }
  });
  after(async () => {
    project.remove();
  });

  test("8 processes at once: all exit 0, each migration applied exactly once", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } })),
    );
    assert.deepEqual(
      results.map((result) => result.status),
      [0, 0, 0, 0, 0, 0, 0, 0],
      results.map((result) => result.stderr).join("\n"),
    );
    const ran = results.flatMap((result) => result.stderr.split("\n").filter((line) => line.startsWith("INFO  Running upgrade")));
    assert.equal(ran.length, 6);
    assert.deepEqual(await rows(db.url, "select revision, count(*)::int as n from applied group by revision order by revision"), [
      { revision: "c001", n: 1 },
      { revision: "c002", n: 1 },
      { revision: "c003", n: 1 },
      { revision: "c004", n: 1 },
      { revision: "c005", n: 1 },
      { revision: "c006", n: 1 },
    ]);
    assert.deepEqual(await rows(db.url, "select version_num from alembic_version"), [{ version_num: "c006" }]);
  });
}, { title: "concurrent upgrades on PostgreSQL", client: false });

/** The backend sleeping inside the migration, once the server shows it. */
const sleepingBackend = async (url: string): Promise<number> =>
  withClient(url, async (client) => {
    for (;;) {
      const found = await client.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and query like '%SELECT pg_sleep%'",
      );
      if (found.rows[0] !== undefined) return found.rows[0].pid;
    }
  });

const advisoryLocksOf = async (url: string, pid: number): Promise<number> =>
  withClient(url, async (client) => {
    const found = await client.query<{ n: number }>("select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and pid = $1", [pid]);
    return found.rows[0]?.n ?? 0;
  });

const sessionEnded = async (url: string, pid: number): Promise<void> =>
  withClient(url, async (client) => {
    for (;;) {
      const found = await client.query("select 1 from pg_stat_activity where pid = $1", [pid]);
      if (found.rowCount === 0) return;
    }
  });

describeOnPostgres("killed", (_client, suite) => {
  let db: TempDatabase;
  const project = tempProject("killed");
  before(async () => {
    ensureBuilt();
    db = suite.database();
    writeProject(project.dir);
    writeMigration(project.dir, {
      revision: "k001",
      downRevision: null,
      message: "log table",
      upgrade: `  await op.execute("CREATE TABLE applied (revision text NOT NULL)");\n${log("k001")}`,
    });
    writeMigration(project.dir, {
      revision: "k002",
      downRevision: "k001",
      message: "slow",
      upgrade: `${log("k002")}\n  await op.execute("SELECT pg_sleep(2)");`,
    });
    writeMigration(project.dir, { revision: "k003", downRevision: "k002", message: "after", upgrade: log("k003") });
  });
  after(async () => {
    project.remove();
  });

  test("SIGKILL during k002: the server commits k002 whole, under the run lock; the next run continues with k003", async () => {
    const child = spawnRetort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    // k002 travels in one message with its version-row change and COMMIT: once the server
    // shows it sleeping, the whole migration is on the server.
    const pid = await sleepingBackend(db.url);
    child.kill("SIGKILL");
    assert.equal(await exited, "SIGKILL");
    // The client is gone, but the session that migrates still holds the run lock, and k002
    // is not committed yet: a run starting now waits instead of reading k001.
    assert.equal(await advisoryLocksOf(db.url, pid), 1);
    assert.deepEqual(await rows(db.url, "select version_num from alembic_version"), [{ version_num: "k001" }]);
    await sessionEnded(db.url, pid);
    assert.deepEqual(await rows(db.url, "select version_num from alembic_version"), [{ version_num: "k002" }]);

    const rerun = await retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.equal(timesMasked(rerun.stderr), "INFO  Running upgrade k002 -> k003, after\nINFO  Done in <t>\n");
    assert.deepEqual(await rows(db.url, "select revision from applied order by revision"), [
      { revision: "k001" },
      { revision: "k002" },
      { revision: "k003" },
    ]);
    assert.deepEqual(await rows(db.url, "select version_num from alembic_version"), [{ version_num: "k003" }]);
  });
}, { title: "a process killed mid-migration", client: false });

describeOnPostgres("interrupted", (_client, suite) => {
  let db: TempDatabase;
  const project = tempProject("interrupted");
  before(async () => {
    ensureBuilt();
    db = suite.database();
    writeProject(project.dir);
    writeMigration(project.dir, {
      revision: "i001",
      downRevision: null,
      message: "log table",
      upgrade: `  await op.execute("CREATE TABLE applied (revision text NOT NULL)");\n${log("i001")}`,
    });
    writeMigration(project.dir, {
      revision: "i002",
      downRevision: "i001",
      message: "slow",
      upgrade: `${log("i002")}\n  await op.execute("SELECT pg_sleep(30)");`,
    });
    writeMigration(project.dir, { revision: "i003", downRevision: "i002", message: "after", upgrade: log("i003") });
  });
  after(async () => {
    project.remove();
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    test(`${signal} during i002 cancels it on the server: i002 rolled back, i003 never sent, exit ${signal === "SIGINT" ? 130 : 143}`, async () => {
      const child = spawnRetort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
      const pid = await sleepingBackend(db.url);
      child.kill(signal);
      assert.equal(await exited, signal === "SIGINT" ? 130 : 143);
      const file = "migrations/versions/i002_slow.ts";
      assert.equal(
        timesMasked(stderr).replace(/^INFO {2}Running upgrade i001 -> i002.*\n/m, ""),
        [
          ...(signal === "SIGINT" ? ["INFO  Running upgrade  -> i001, log table", "INFO  Done in <t>"] : []),
          `retort: ${signal}: cancelling the statement in flight (send it again to quit at once)`,
          `error: upgrade i002 (${file}) was interrupted by ${signal}`,
          "hint: the migrations before i002 stay applied and i002 was rolled back: run the command again to continue",
          "",
        ].join("\n"),
      );
      await sessionEnded(db.url, pid);
      assert.deepEqual(await rows(db.url, "select revision from applied order by revision"), [{ revision: "i001" }]);
      assert.deepEqual(await rows(db.url, "select version_num from alembic_version"), [{ version_num: "i001" }]);
    });
  }
}, { title: "an interrupted run (Ctrl-C, SIGTERM)", client: false });
