// The CLI against a real PostgreSQL server: the whole life of a project's migrations.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { describeOnPostgres, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, migrationPath, migrationSource as migrationSourceOf, retort, tempProject, writeMigration, writeProject, type MigrationSpec, timesMasked } from "./harness.js";

const query = async <R extends Record<string, unknown>>(url: string, sql: string): Promise<R[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
};

const versions = async (url: string): Promise<string[]> =>
  (await query<{ version_num: string }>(url, "select version_num from alembic_version order by 1")).map((row) => row.version_num);

const tables = async (url: string): Promise<string[]> =>
  (await query<{ t: string }>(url, "select tablename as t from pg_tables where schemaname = 'public' order by 1")).map((row) => row.t);

const chain: MigrationSpec[] = [
  {
    revision: "rev001",
    downRevision: null,
    message: "create users",
    upgrade: '  await op.execute("CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL)");',
    downgrade: '  await op.execute("DROP TABLE users");',
  },
  {
    revision: "rev002",
    downRevision: "rev001",
    message: "create bots",
    // Not awaited on purpose: ops still run, in call order.
    upgrade: '  op.execute("CREATE TABLE bots (id serial PRIMARY KEY)");\n  op.execute("ALTER TABLE bots ADD COLUMN owner int REFERENCES users(id)");',
    downgrade: '  await op.execute("DROP TABLE bots");',
  },
  {
    revision: "rev003",
    downRevision: "rev002",
    message: "index bots concurrently",
    transactional: false,
    upgrade: '  await op.execute("CREATE INDEX CONCURRENTLY bots_owner_idx ON bots (owner)");',
    downgrade: '  await op.execute("DROP INDEX CONCURRENTLY bots_owner_idx");',
  },
];

describeOnPostgres("cli", (_client, suite) => {
  let db: TempDatabase;
  const project = tempProject("pg");
  let env: Record<string, string>;
  const run = (...args: string[]) => retort(project.dir, args, { env });

  before(async () => {
    ensureBuilt();
    db = suite.database();
    env = { DATABASE_URL: db.url };
    writeProject(project.dir);
    for (const spec of chain) writeMigration(project.dir, spec);
  });
  after(async () => {
    project.remove();
  });

  test("current on a new database shows nothing and creates nothing", async () => {
    const result = await run("current");
    assert.deepEqual(result, { status: 0, signal: null, stdout: "", stderr: "" });
    assert.deepEqual(await tables(db.url), []);
  });

  test("upgrade head applies every migration in order", async () => {
    const result = await run("upgrade", "head");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "");
    assert.equal(
      timesMasked(result.stderr),
      [
        "INFO  Running upgrade  -> rev001, create users",
        "INFO  Done in <t>",
        "INFO  Running upgrade rev001 -> rev002, create bots",
        "INFO  Done in <t>",
        "INFO  Running upgrade rev002 -> rev003, index bots concurrently",
        "INFO  Done in <t>",
        "INFO  Ran 3 migrations in <t>",
        "",
      ].join("\n"),
    );
    assert.deepEqual(await versions(db.url), ["rev003"]);
    assert.deepEqual(await tables(db.url), ["alembic_version", "bots", "retort_log", "users"]);
    const indexes = await query<{ indexname: string }>(db.url, "select indexname from pg_indexes where tablename = 'bots' order by 1");
    assert.deepEqual(indexes.map((row) => row.indexname), ["bots_owner_idx", "bots_pkey"]);
  });

  test("upgrade head again has nothing to do", async () => {
    const result = await run("upgrade");
    assert.deepEqual(result, { status: 0, signal: null, stdout: "", stderr: "" });
  });

  test("current, current -v and history -i", async () => {
    assert.equal((await run("current")).stdout, "rev003 (head)\n");
    const verbose = await run("current", "-v");
    assert.match(verbose.stdout, /^Current revision\(s\) for postgresql:\/\/root@127\.0\.0\.1:5432\/retort_test_cli_[0-9a-f]+:\nRev: rev003 \(head\) \(current\)\n/);
    const history = await run("history", "-i");
    assert.equal(
      history.stdout,
      [
        "rev002 -> rev003 (head) (current), index bots concurrently",
        "rev001 -> rev002, create bots",
        "<base> -> rev001, create users",
        "",
      ].join("\n"),
    );
  });

  test("downgrade -1, then check-heads fails, then upgrade +1", async () => {
    const down = await run("downgrade", "-1");
    assert.equal(down.status, 0, down.stderr);
    assert.equal(timesMasked(down.stderr), "INFO  Running downgrade rev003 -> rev002, index bots concurrently\nINFO  Done in <t>\n");
    assert.deepEqual(await versions(db.url), ["rev002"]);
    const check = await run("current", "--check-heads");
    assert.equal(check.status, 1);
    assert.equal(
      check.stderr,
      "error: the database is not at every head: missing rev003 (at rev002)\nhint: run `retort upgrade heads` to apply what is missing\n",
    );
    const up = await run("upgrade", "+1");
    assert.equal(up.status, 0, up.stderr);
    assert.deepEqual(await versions(db.url), ["rev003"]);
  });

  test("--json describes the run", async () => {
    const result = await run("downgrade", "rev001", "--json");
    assert.equal(result.status, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as { ok: boolean; result: Record<string, unknown> };
    assert.equal(parsed.ok, true);
    assert.deepEqual(parsed.result.from, ["rev003"]);
    assert.deepEqual(parsed.result.to, ["rev001"]);
    assert.deepEqual(
      (parsed.result.steps as { revision: string; direction: string }[]).map((step) => `${step.direction} ${step.revision}`),
      ["down rev003", "down rev002"],
    );
    assert.equal(parsed.result.database, db.url.replace(/\/$/, ""));
  });

  test("downgrade base empties the version table; stamp sets it without running anything", async () => {
    const base = await run("downgrade", "base");
    assert.equal(base.status, 0, base.stderr);
    assert.deepEqual(await versions(db.url), []);
    assert.deepEqual(await tables(db.url), ["alembic_version", "retort_log"]);
    const stamped = await run("stamp", "head");
    assert.equal(stamped.status, 0, stamped.stderr);
    assert.deepEqual(await versions(db.url), ["rev003"]);
    assert.deepEqual(await tables(db.url), ["alembic_version", "retort_log"]);
    const purged = await run("stamp", "--purge", "base");
    assert.equal(purged.status, 0, purged.stderr);
    assert.deepEqual(await versions(db.url), []);
  });

  test("a failing migration: exit 1 naming revision, file and statement; earlier ones stay; a rerun resumes", async () => {
    const fresh = await run("upgrade", "head");
    assert.equal(fresh.status, 0, fresh.stderr);
    const broken: MigrationSpec = {
      revision: "rev004",
      downRevision: "rev003",
      message: "seed users",
      upgrade: '  await op.execute("INSERT INTO users (name) VALUES (\'ada\')");\n  await op.execute("INSERT INTO usr (name) VALUES (\'bob\')");',
    };
    const after: MigrationSpec = {
      revision: "rev005",
      downRevision: "rev004",
      message: "create logs",
      upgrade: '  await op.execute("CREATE TABLE logs (id int)");',
    };
    writeMigration(project.dir, broken);
    writeMigration(project.dir, after);
    const failed = await run("upgrade", "head");
    assert.equal(failed.status, 1);
    assert.equal(
      failed.stderr,
      [
        "INFO  Running upgrade rev003 -> rev004, seed users",
        `error: upgrade rev004 (migrations/versions/rev004_seed_users.ts) failed in statement: INSERT INTO usr (name) VALUES ('bob'): relation "usr" does not exist; at character 13`,
        "hint: fix the migration and run the command again: the migrations before rev004 stay applied and this one was rolled back",
        "",
      ].join("\n"),
    );
    assert.deepEqual(await versions(db.url), ["rev003"]);
    assert.deepEqual(await query(db.url, "select count(*)::int as n from users"), [{ n: 0 }]);

    writeFileSync(migrationPath(project.dir, broken), readFix(broken));
    const resumed = await run("upgrade", "head");
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(
      timesMasked(resumed.stderr),
      "INFO  Running upgrade rev003 -> rev004, seed users\nINFO  Done in <t>\nINFO  Running upgrade rev004 -> rev005, create logs\nINFO  Done in <t>\nINFO  Ran 2 migrations in <t>\n",
    );
    assert.deepEqual(await versions(db.url), ["rev005"]);
    assert.deepEqual(await query(db.url, "select name from users order by 1"), [{ name: "ada" }, { name: "bob" }]);
  });

  test("a migration file with a syntax error: exit 2 and nothing applied, not even the ones before it", async () => {
    writeMigration(project.dir, {
      revision: "rev006",
      downRevision: "rev005",
      message: "fine",
      upgrade: '  await op.execute("CREATE TABLE fine (id int)");',
    });
    const broken = writeMigration(project.dir, {
      revision: "rev007",
      downRevision: "rev006",
      message: "broken",
      upgrade: "  await op.execute(\"SELECT 1\"",
    });
    const result = await run("upgrade", "head");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: [^\n]*rev007_broken\.ts[^\n]*\nhint: [^\n]+\n$/);
    assert.deepEqual(await versions(db.url), ["rev005"]);
    assert.ok(!(await tables(db.url)).includes("fine"));
    rmSync(broken);
    const fixed = await run("upgrade", "head");
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.deepEqual(await versions(db.url), ["rev006"]);
  });

  test("a range is refused online", async () => {
    const result = await run("upgrade", "rev001:head");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: the range 'rev001:head' can only be used with --sql\n/);
  });

  test("an unreachable server: exit 1, host and port named, password never shown", async () => {
    const result = await run("current", "--url", "postgresql://alice:s3cr3t-pw@127.0.0.1:1/app");
    assert.equal(result.status, 1);
    assert.match(result.stderr, /127\.0\.0\.1:1/);
    assert.doesNotMatch(result.stderr + result.stdout, /s3cr3t-pw/);
    assert.match(result.stderr, /^error: [^\n]+\nhint: [^\n]+\n$/);
  });

  test("a malformed URL is bad input and its password is masked", async () => {
    const result = await run("upgrade", "--url", "postgresql://alice:s3cr3t-pw@[bad/app");
    assert.equal(result.status, 2);
    assert.doesNotMatch(result.stderr + result.stdout, /s3cr3t-pw/);
  });
}, { title: "retort on PostgreSQL" });

const readFix = (spec: MigrationSpec): string => {
  const fixed = { ...spec, upgrade: spec.upgrade?.replace("INTO usr", "INTO users") };
  return migrationSourceOf(fixed);
};
