// Offline mode: `--sql` prints the script and touches no database at all (the URL below
// points at a port where nothing listens, so any connection attempt would fail).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { ensureBuilt, migrationPath, retort, tempProject, writeMigration, writeProject, type MigrationSpec } from "./harness.js";

const NO_SERVER = { DATABASE_URL: "postgresql://nobody:pw@127.0.0.1:1/none" };
const CREATE =
  'CREATE TABLE IF NOT EXISTS "alembic_version" ("version_num" VARCHAR(32) NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num"));';

describe("offline scripts", () => {
  const project = tempProject("offline");
  const run = (...args: string[]) => retort(project.dir, args, { env: NO_SERVER });
  before(() => {
    ensureBuilt();
    // Without the log, a script is exactly Alembic's; the log's statements are tested below.
    writeProject(project.dir, 'export default { migrations: "migrations", logTable: false };\n');
    writeMigration(project.dir, {
      revision: "aaa1",
      downRevision: null,
      message: "create users",
      upgrade: '  await op.execute("CREATE TABLE users (id int)");',
      downgrade: '  await op.execute("DROP TABLE users");',
    });
    writeMigration(project.dir, {
      revision: "bbb2",
      downRevision: "aaa1",
      message: "seed",
      upgrade: "  await op.execute(\"INSERT INTO users VALUES (1);\");\n  await op.execute(`UPDATE users\n  SET id = 2`);",
      downgrade: '  await op.execute("DELETE FROM users");',
    });
    writeMigration(project.dir, {
      revision: "ccc3",
      downRevision: "bbb2",
      message: "index",
      transactional: false,
      upgrade: '  await op.execute("CREATE INDEX CONCURRENTLY users_id ON users (id)");',
      downgrade: '  await op.execute("DROP INDEX CONCURRENTLY users_id");',
    });
  });
  after(() => project.remove());

  test("upgrade head --sql starts from base, one transaction per migration", async () => {
    const result = await run("upgrade", "head", "--sql");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, "");
    assert.equal(
      result.stdout,
      [
        CREATE,
        "",
        "-- Running upgrade  -> aaa1, create users",
        "BEGIN;",
        "CREATE TABLE users (id int);",
        `INSERT INTO "alembic_version" ("version_num") VALUES ('aaa1');`,
        "COMMIT;",
        "",
        "-- Running upgrade aaa1 -> bbb2, seed",
        "BEGIN;",
        "INSERT INTO users VALUES (1);",
        "UPDATE users\n  SET id = 2;",
        `UPDATE "alembic_version" SET "version_num" = 'bbb2' WHERE "version_num" = 'aaa1';`,
        "COMMIT;",
        "",
        "-- Running upgrade bbb2 -> ccc3, index",
        "CREATE INDEX CONCURRENTLY users_id ON users (id);",
        `UPDATE "alembic_version" SET "version_num" = 'ccc3' WHERE "version_num" = 'bbb2';`,
        "",
      ].join("\n"),
    );
  });

  test("upgrade from:to --sql starts at from, without the CREATE", async () => {
    const result = await run("upgrade", "aaa1:bbb2", "--sql");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        "-- Running upgrade aaa1 -> bbb2, seed",
        "BEGIN;",
        "INSERT INTO users VALUES (1);",
        "UPDATE users\n  SET id = 2;",
        `UPDATE "alembic_version" SET "version_num" = 'bbb2' WHERE "version_num" = 'aaa1';`,
        "COMMIT;",
        "",
      ].join("\n"),
    );
  });

  test("downgrade from:to --sql walks down and drops the table at base", async () => {
    const result = await run("downgrade", "bbb2:base", "--sql");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        "-- Running downgrade bbb2 -> aaa1, seed",
        "BEGIN;",
        "DELETE FROM users;",
        `UPDATE "alembic_version" SET "version_num" = 'aaa1' WHERE "version_num" = 'bbb2';`,
        "COMMIT;",
        "",
        "-- Running downgrade aaa1 -> , create users",
        "BEGIN;",
        "DROP TABLE users;",
        `DELETE FROM "alembic_version" WHERE "version_num" = 'aaa1';`,
        "COMMIT;",
        "",
        'DROP TABLE "alembic_version";',
        "",
      ].join("\n"),
    );
  });

  test("an offline downgrade needs a start", async () => {
    const result = await run("downgrade", "base", "--sql");
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      "error: an offline downgrade needs the revision to start from, got 'base'\nhint: give a range such as `retort downgrade head:base --sql` (from:to), since no database is read offline\n",
    );
  });

  test("stamp --sql writes only version-table statements", async () => {
    const result = await run("stamp", "bbb2", "--sql");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${CREATE}\nINSERT INTO "alembic_version" ("version_num") VALUES ('bbb2');\n`);
  });
});

describe("offline scripts with the applied-migration log", () => {
  const project = tempProject("offline-log");
  const run = (...args: string[]) => retort(project.dir, args, { env: NO_SERVER });
  const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  const specs: MigrationSpec[] = [
    { revision: "aaa1", downRevision: null, message: "create users", upgrade: '  await op.execute("CREATE TABLE users (id int)");' },
    { revision: "bbb2", downRevision: "aaa1", message: "index", transactional: false, upgrade: '  await op.execute("CREATE INDEX CONCURRENTLY users_id ON users (id)");' },
  ];
  const checksum = (spec: MigrationSpec): string => createHash("sha256").update(readFileSync(migrationPath(project.dir, spec), "utf8")).digest("hex");
  /** The log row a script writes: server times, the server's current_user, no client user or host. */
  const logRow = (spec: MigrationSpec, direction: string, before: string, after: string, started: string): string =>
    `INSERT INTO "retort_log" (revision, direction, heads_before, heads_after, checksum, started_at, finished_at, duration_ms, database_user, os_user, host, retort_version) ` +
    `SELECT '${spec.revision}', '${direction}', '${before}', '${after}', '${checksum(spec)}', times.started, times.finished, ` +
    `extract(epoch FROM times.finished - times.started)::double precision * 1000, current_user, NULL, NULL, '${version}' ` +
    `FROM (SELECT ${started} AS started, clock.finished FROM (SELECT clock_timestamp() AS finished) AS clock) AS times;`;
  const CREATE_LOG =
    'CREATE TABLE IF NOT EXISTS "retort_log" (id BIGSERIAL NOT NULL, revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, ' +
    "heads_before TEXT NOT NULL, heads_after TEXT NOT NULL, checksum VARCHAR(64), started_at TIMESTAMPTZ NOT NULL, " +
    "finished_at TIMESTAMPTZ NOT NULL, duration_ms DOUBLE PRECISION NOT NULL, database_user TEXT NOT NULL, os_user TEXT, host TEXT, " +
    'retort_version TEXT NOT NULL, CONSTRAINT "retort_log_pkey" PRIMARY KEY (id));';
  before(() => {
    ensureBuilt();
    writeProject(project.dir);
    for (const spec of specs) writeMigration(project.dir, spec);
  });
  after(() => project.remove());

  test("upgrade --sql creates the log and writes each step's row beside its version-row change", async () => {
    const result = await run("upgrade", "head", "--sql");
    assert.equal(result.status, 0, result.stderr);
    const [aaa1, bbb2] = specs as [MigrationSpec, MigrationSpec];
    assert.equal(
      result.stdout,
      [
        CREATE,
        CREATE_LOG,
        "",
        "-- Running upgrade  -> aaa1, create users",
        "BEGIN;",
        "CREATE TABLE users (id int);",
        `INSERT INTO "alembic_version" ("version_num") VALUES ('aaa1');`,
        // Inside the transaction: started is the transaction's start.
        logRow(aaa1, "upgrade", "", "aaa1", "now()"),
        "COMMIT;",
        "",
        "-- Running upgrade aaa1 -> bbb2, index",
        "CREATE INDEX CONCURRENTLY users_id ON users (id);",
        `UPDATE "alembic_version" SET "version_num" = 'bbb2' WHERE "version_num" = 'aaa1';`,
        // In autocommit, after the step: a script cannot time it, so started = finished.
        logRow(bbb2, "upgrade", "aaa1", "bbb2", "clock.finished"),
        "",
      ].join("\n"),
    );
  });

  test("stamp --sql writes the stamp's row too", async () => {
    const result = await run("stamp", "aaa1", "--sql");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      [CREATE, CREATE_LOG, `INSERT INTO "alembic_version" ("version_num") VALUES ('aaa1');`, logRow(specs[0] as MigrationSpec, "stamp", "", "aaa1", "now()"), ""].join("\n"),
    );
  });
});
