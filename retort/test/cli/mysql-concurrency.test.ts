// Replicas starting together on MySQL/MariaDB: 8 real `retort upgrade head` processes
// against one database. GET_LOCK on the migrating connection serialises them: the first
// migrates, the others wait, then find nothing to do. And Alembic (Debian's python3-alembic
// with PyMySQL) reads and moves the version table retort wrote, and retort reads Alembic's.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { describeOnMysql, mysqlClient, type MysqlDatabase } from "../support/mysql.js";
import { ensureBuilt, retort, spawnRetort, tempProject, writeMigration, writeProject } from "./harness.js";

const log = (revision: string): string => `  await op.execute("INSERT INTO applied (revision) VALUES ('${revision}')");`;

describeOnMysql("concurrent", "concurrent upgrades on MySQL/MariaDB", (database) => {
  const project = tempProject("mysql-concurrent");
  let db: MysqlDatabase;
  before(() => {
    ensureBuilt();
    db = database();
    writeProject(project.dir);
    writeMigration(project.dir, {
      revision: "c001",
      downRevision: null,
      message: "log table",
      upgrade: `  await op.execute("CREATE TABLE applied (revision varchar(32) NOT NULL, at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))");\n${log("c001")}`,
    });
    for (let i = 2; i <= 6; i += 1)
      writeMigration(project.dir, { revision: `c00${i}`, downRevision: `c00${i - 1}`, message: `step ${i}`, upgrade: `${log(`c00${i}`)}\n  await op.execute("CREATE TABLE t${i} (id int)");` });
  });
  after(() => project.remove());

  test("8 processes at once: all exit 0, each migration applied exactly once", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } })));
    assert.deepEqual(results.map((r) => r.status), [0, 0, 0, 0, 0, 0, 0, 0], results.map((r) => r.stderr).join("\n"));
    const ran = results.flatMap((r) => r.stderr.split("\n").filter((line) => line.startsWith("INFO  Running upgrade")));
    assert.equal(ran.length, 6);
    assert.deepEqual(await db.rows("SELECT revision, COUNT(*) AS n FROM applied GROUP BY revision ORDER BY revision"), [
      { revision: "c001", n: 1 },
      { revision: "c002", n: 1 },
      { revision: "c003", n: 1 },
      { revision: "c004", n: 1 },
      { revision: "c005", n: 1 },
      { revision: "c006", n: 1 },
    ]);
    assert.deepEqual(await db.rows("SELECT version_num FROM alembic_version"), [{ version_num: "c006" }]);
  });

  test("a run that finds the lock held says who holds it, and --lock-wait gives up after that long: exit 1", async () => {
    const holder = await mysqlClient(db.url);
    try {
      const [[taken]] = (await holder.query("SELECT GET_LOCK(CONCAT('retort:', SHA1(CONCAT(DATABASE(), '.', 'alembic_version'))), 0) AS got, CONNECTION_ID() AS pid")) as unknown as [[{ got: number; pid: number }]];
      assert.equal(taken.got, 1);
      const result = await retort(project.dir, ["downgrade", "-1", "--lock-wait", "1s"], { env: { DATABASE_URL: db.url } });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`waiting for the migration lock held by pid ${taken.pid}`));
      assert.match(result.stderr, new RegExp(`error: gave up waiting for the migration lock after 1\\.0 s \\(held by pid ${taken.pid}\\)\n`));
      assert.deepEqual(await db.rows("SELECT version_num FROM alembic_version"), [{ version_num: "c006" }]);
    } finally {
      await holder.end();
    }
  });
});

const PYTHON = "/usr/bin/python3";

const alembicSkip = (): string | false => {
  const probe = spawnSync(PYTHON, ["-c", "import alembic, pymysql"], { encoding: "utf8" });
  if (probe.status === 0) return false;
  const line = "Alembic compatibility SKIPPED: Debian's python3-alembic and python3-pymysql are not installed (apt-get install python3-alembic python3-pymysql)";
  if (process.env.RETORT_REQUIRE_ALEMBIC === "1") throw new Error(`${line} (RETORT_REQUIRE_ALEMBIC=1 forbids skipping)`);
  console.error(`\n!!! ${line}\n`);
  return line;
};

describeOnMysql("interrupt", "an interrupted run on MySQL/MariaDB", (database) => {
  const project = tempProject("mysql-interrupt");
  let db: MysqlDatabase;
  before(() => {
    ensureBuilt();
    db = database();
    writeProject(project.dir);
    writeMigration(project.dir, {
      revision: "i001",
      downRevision: null,
      message: "slow",
      upgrade: '  await op.execute("CREATE TABLE one (id int)");\n  await op.execute("SELECT SLEEP(3600)");\n  await op.execute("CREATE TABLE two (id int)");',
    });
  });
  after(() => project.remove());

  // Without KILL QUERY the sleep would hold the run for an hour: the timeout turns that into a failure.
  test("Ctrl-C during a statement: KILL QUERY ends it, nothing after it is sent, and the DDL that took effect is named; exit 130", { timeout: 120_000 }, async () => {
    const child = spawnRetort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    for (;;) {
      const found = await db.rows("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(3600)'");
      if (found.length === 1) break;
    }
    child.kill("SIGINT");
    assert.equal(await exited, 130);
    assert.deepEqual(stderr.split("\n"), [
      "INFO  Running upgrade  -> i001, slow",
      "retort: SIGINT: cancelling the statement in flight (send it again to quit at once)",
      "error: upgrade i001 (migrations/versions/i001_slow.ts) was interrupted by SIGINT",
      "hint: this database commits each DDL statement on its own, so 1 statement(s) of i001 took effect and were NOT rolled back: (1) CREATE TABLE one (id int); the version table still names the revision before i001: undo those statements by hand (or stamp past them) before running the command again",
      "",
    ]);
    assert.deepEqual(await db.rows("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('one', 'two')"), [{ t: "one" }]);
    assert.deepEqual(await db.rows("SELECT version_num FROM alembic_version"), []);
    assert.deepEqual(await db.rows("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(3600)'"), []);
  });
});

describeOnMysql("alembic", "Alembic and retort share the version table on MySQL/MariaDB", (database) => {
  const project = tempProject("mysql-alembic");
  let db: MysqlDatabase;
  let alembicDir: string;
  const alembic = (...args: string[]) => {
    const url = new URL(db.url);
    const result = spawnSync(PYTHON, ["-m", "alembic", "-c", join(alembicDir, "alembic.ini"), ...args], {
      cwd: alembicDir,
      encoding: "utf8",
      env: { ...process.env, RETORT_ALEMBIC_URL: `mysql+pymysql://${url.username || "root"}@${url.host}${url.pathname}` },
    });
    return result;
  };
  before(() => {
    ensureBuilt();
    db = database();
    writeProject(project.dir);
    writeMigration(project.dir, { revision: "a1b2c3d4e5f6", downRevision: null, message: "one", upgrade: '  await op.execute("CREATE TABLE one_t (id int)");' });
    writeMigration(project.dir, { revision: "0f9e8d7c6b5a", downRevision: "a1b2c3d4e5f6", message: "two", upgrade: '  await op.execute("CREATE TABLE two_t (id int)");' });
    // The same two revisions as an Alembic project: ids and parents are all Alembic reads.
    alembicDir = join(project.dir, "alembic");
    mkdirSync(join(alembicDir, "versions"), { recursive: true });
    writeFileSync(join(alembicDir, "alembic.ini"), "[alembic]\nscript_location = .\n");
    writeFileSync(
      join(alembicDir, "env.py"),
      [
        "import os",
        "from alembic import context",
        "from sqlalchemy import create_engine",
        "engine = create_engine(os.environ['RETORT_ALEMBIC_URL'])",
        "with engine.connect() as connection:",
        "    context.configure(connection=connection)",
        "    with context.begin_transaction():",
        "        context.run_migrations()",
        "",
      ].join("\n"),
    );
    writeFileSync(join(alembicDir, "script.py.mako"), "");
    for (const [rev, down] of [["a1b2c3d4e5f6", "None"], ["0f9e8d7c6b5a", "'a1b2c3d4e5f6'"]] as const)
      writeFileSync(join(alembicDir, "versions", `${rev}.py`), `revision = '${rev}'\ndown_revision = ${down}\nbranch_labels = None\ndepends_on = None\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n`);
  });
  after(() => project.remove());

  test("Alembic reads the row retort wrote, moves it, and retort reads Alembic's", async (t) => {
    const skip = alembicSkip();
    if (skip !== false) return t.skip(skip);
    const up = await retort(project.dir, ["upgrade", "a1b2c3d4e5f6"], { env: { DATABASE_URL: db.url } });
    assert.equal(up.status, 0, up.stderr);
    const current = alembic("current");
    assert.equal(current.status, 0, current.stderr);
    assert.equal(current.stdout, "a1b2c3d4e5f6\n");
    const stamped = alembic("stamp", "0f9e8d7c6b5a");
    assert.equal(stamped.status, 0, stamped.stderr);
    const ours = await retort(project.dir, ["current"], { env: { DATABASE_URL: db.url } });
    assert.equal(ours.stdout, "0f9e8d7c6b5a (head)\n");
    assert.deepEqual(await db.rows("SELECT version_num FROM alembic_version"), [{ version_num: "0f9e8d7c6b5a" }]);
  });

  test("a version table Alembic created is the one retort uses", async (t) => {
    const skip = alembicSkip();
    if (skip !== false) return t.skip(skip);
    await db.rows("DROP TABLE alembic_version");
    const stamped = alembic("stamp", "a1b2c3d4e5f6");
    assert.equal(stamped.status, 0, stamped.stderr);
    const [shape] = await db.rows("SHOW CREATE TABLE alembic_version");
    assert.match(String(shape?.["Create Table"]), /`version_num` varchar\(32\) NOT NULL,\n  PRIMARY KEY \(`version_num`\)/);
    const up = await retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: db.url } });
    assert.equal(up.status, 0, up.stderr);
    assert.equal(up.stderr.split("\n")[0], "INFO  Running upgrade a1b2c3d4e5f6 -> 0f9e8d7c6b5a, two");
    assert.equal(alembic("current").stdout, "0f9e8d7c6b5a (head)\n");
  });
});
