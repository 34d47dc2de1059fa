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

  test("SIGKILL during k002 leaves k001; the next run completes k002 and k003 once each", async () => {
    const child = spawnRetort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    // Wait until the server itself shows the migration sleeping inside k002 (the sleep
    // travels in one message with the rest of the migration).
    await withClient(db.url, async (client) => {
      for (;;) {
        const found = await client.query(
          "select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and query like '%SELECT pg_sleep%'",
        );
        if (found.rowCount === 1) return;
      }
    });
    child.kill("SIGKILL");
    assert.equal(await exited, "SIGKILL");
    assert.deepEqual(await rows(db.url, "select version_num from alembic_version"), [{ version_num: "k001" }]);

    const rerun = await retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.equal(
      timesMasked(rerun.stderr),
      "INFO  Running upgrade k001 -> k002, slow\nINFO  Done in <t>\nINFO  Running upgrade k002 -> k003, after\nINFO  Done in <t>\nINFO  Ran 2 migrations in <t>\n",
    );
    // The killed session's transaction ends when its sleep returns to a closed socket.
    await withClient(db.url, async (client) => {
      for (;;) {
        const others = await client.query("select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
        if (others.rowCount === 0) return;
      }
    });
    assert.deepEqual(await rows(db.url, "select revision from applied order by revision"), [
      { revision: "k001" },
      { revision: "k002" },
      { revision: "k003" },
    ]);
    assert.deepEqual(await rows(db.url, "select version_num from alembic_version"), [{ version_num: "k003" }]);
  });
}, { title: "a process killed mid-migration", client: false });
