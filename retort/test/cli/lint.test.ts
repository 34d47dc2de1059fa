// `retort lint` through the built binary, as a user runs it: which migrations it reads
// (not yet applied by default, --all, a range), the three formats, exit statuses, the
// config's levels, suppression comments, and --url row counts on a real server.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../support/postgres.js";
import { freshPgliteDir } from "../support/pglite.js";
import { ensureBuilt, migrationPath, retort, tempProject, writeMigration, writeProject, type MigrationSpec } from "./harness.js";

// Probed before any test runs: ensureBuilt() blocks the event loop while tsc runs.
const skip = await postgresSkip();

const CREATE: MigrationSpec = {
  revision: "aa01",
  downRevision: null,
  message: "users",
  upgrade: '  await op.execute("CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text)");',
  downgrade: '  await op.execute("DROP TABLE users");',
};

const INDEX: MigrationSpec = {
  revision: "bb02",
  downRevision: "aa01",
  message: "index email",
  upgrade: ['  await op.execute("SET lock_timeout = \'2s\'");', '  await op.createIndex("ix_users_email", "users", ["email"]);'].join("\n"),
  downgrade: '  await op.dropIndex("ix_users_email");',
};

const INDEX_FILE = "migrations/versions/bb02_index_email.ts";
// migrationSource: 5 header lines, a blank, the upgrade signature, then the body.
const INDEX_LINE = 9;

describe("retort lint", () => {
  const project = tempProject("lint");
  let env: Record<string, string>;
  const run = (...args: string[]) => retort(project.dir, args, { env });

  before(async () => {
    ensureBuilt();
    env = { DATABASE_URL: `pglite://${await freshPgliteDir()}` };
    writeProject(project.dir);
    writeMigration(project.dir, CREATE);
    writeMigration(project.dir, INDEX);
  });
  after(() => project.remove());

  test("before anything is applied, the table is new in the pending range: nothing to report", async () => {
    const result = await run("lint");
    assert.equal(result.stderr, "");
    assert.equal(result.stdout, "No findings in 2 migrations.\n");
    assert.equal(result.status, 0);
  });

  test("once the table exists, indexing it without CONCURRENTLY is an error: exit 1, file and line", async () => {
    assert.equal((await run("upgrade", "aa01")).status, 0);
    const result = await run("lint");
    assert.equal(
      result.stdout,
      [
        `${INDEX_FILE}:${INDEX_LINE}: error index-not-concurrent: creates index ix_users_email on existing table users without CONCURRENTLY: writes are blocked while it builds`,
        "  fix: create it with CONCURRENTLY (op.createIndex(..., { concurrently: true })) in a migration with `export const transactional = false`",
        "1 error, 0 warnings in 1 migration.",
        "",
      ].join("\n"),
    );
    assert.equal(result.status, 1);
  });

  test("--all judges every migration on its own; a range needs no database", async () => {
    const all = await run("lint", "--all", "--format", "json");
    assert.equal(all.status, 1);
    const body = JSON.parse(all.stdout) as { totals: { migrations: number; errors: number }; migrations: { revision: string; findings: { rule: string; line: number }[] }[] };
    assert.deepEqual(body.totals, { migrations: 2, errors: 1, warnings: 0, suppressed: 0 });
    assert.deepEqual(body.migrations.map((m) => `${m.revision}:${m.findings.map((f) => `${f.rule}@${f.line}`).join(",")}`), ["aa01:", `bb02:index-not-concurrent@${INDEX_LINE}`]);
    const range = await retort(project.dir, ["lint", "aa01:bb02"], { env: { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" } });
    assert.equal(range.status, 1, range.stderr);
    assert.match(range.stdout, /^1 error, 0 warnings in 1 migration\.$/m);
  });

  test("--format github writes one workflow command per finding", async () => {
    const result = await run("lint", "--format", "github");
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      `::error file=${INDEX_FILE},line=${INDEX_LINE},title=retort lint index-not-concurrent::creates index ix_users_email on existing table users without CONCURRENTLY: writes are blocked while it builds. Fix: create it with CONCURRENTLY (op.createIndex(..., { concurrently: true })) in a migration with \`export const transactional = false\`\n1 error, 0 warnings in 1 migration.\n`,
    );
  });

  test("the config can lower a rule to a warning (exit 0) and refuses an unknown rule id (exit 2)", async () => {
    writeProject(project.dir, 'export default { migrations: "migrations", lint: { rules: { "index-not-concurrent": "warn" } } };\n');
    const lowered = await run("lint");
    assert.equal(lowered.status, 0);
    assert.match(lowered.stdout, /: warning index-not-concurrent: /);
    writeProject(project.dir, 'export default { migrations: "migrations", lint: { rules: { "index-not-concurent": "off" } } };\n');
    const unknown = await run("lint");
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^error: .*retort\.config\.ts: lint\.rules names unknown rule index-not-concurent\nhint: rule ids are volatile-default, add-required-column, /);
    writeProject(project.dir);
  });

  test("a suppression comment with a reason silences the finding on the next line", async () => {
    const path = migrationPath(project.dir, INDEX);
    writeMigration(project.dir, {
      ...INDEX,
      upgrade: ['  await op.execute("SET lock_timeout = \'2s\'");', "  // retort-lint-disable-next-line index-not-concurrent users has a few hundred rows", '  await op.createIndex("ix_users_email", "users", ["email"]);'].join("\n"),
    });
    const result = await run("lint", "--format", "json");
    assert.equal(result.status, 0, result.stdout);
    const body = JSON.parse(result.stdout) as { totals: { suppressed: number }; migrations: { suppressed: { rule: string; reason: string }[] }[] };
    assert.equal(body.totals.suppressed, 1);
    assert.deepEqual(body.migrations[0]?.suppressed.map((f) => `${f.rule}: ${f.reason}`), ["index-not-concurrent: users has a few hundred rows"]);
    writeFileSync(path, "");
    writeMigration(project.dir, INDEX);
  });

  test("bad usage exits 2 with one line and a hint", async () => {
    const format = await run("lint", "--format", "xml");
    assert.equal(format.status, 2);
    assert.equal(format.stderr, "error: unknown lint format 'xml'\nhint: use --format text, --format json, --format github\n");
    const both = await run("lint", "head", "--all");
    assert.equal(both.status, 2);
    assert.equal(both.stderr, "error: give either a range or --all, not both\nhint: `retort lint --all` lints every migration\n");
  });
});

describe("retort lint --url on PostgreSQL", { skip }, () => {
  const project = tempProject("lint-pg");
  let db: TempDatabase;

  before(async () => {
    ensureBuilt();
    db = await createTempDatabase("lint");
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query("CREATE TABLE small (id bigint PRIMARY KEY, v text); CREATE TABLE big (id bigint PRIMARY KEY, v text)");
    await client.query("INSERT INTO small SELECT g, 'x' FROM generate_series(1, 20) g; INSERT INTO big SELECT g, 'x' FROM generate_series(1, 30000) g");
    await client.query("ANALYZE small; ANALYZE big");
    await client.end();
    writeProject(project.dir);
    writeMigration(project.dir, {
      revision: "cc01",
      downRevision: null,
      message: "indexes",
      upgrade: [
        '  await op.execute("SET lock_timeout = \'2s\'");',
        '  await op.createIndex("ix_small_v", "small", ["v"]);',
        '  await op.createIndex("ix_big_v", "big", ["v"]);',
        '  await op.renameTable("small", "tiny");',
      ].join("\n"),
    });
  });
  after(async () => {
    project.remove();
    await db?.drop();
  });

  test("row counts leave small tables alone and flag the large one; renames break code whatever the size", async () => {
    const result = await retort(project.dir, ["lint", "--url", db.url]);
    assert.equal(result.stderr, "");
    assert.equal(result.status, 1);
    assert.deepEqual(
      result.stdout.split("\n").filter((line) => /: (error|warning) /.test(line)).map((line) => line.replace(/^[^ ]+ /, "")),
      [
        "error index-not-concurrent: creates index ix_big_v on existing table big without CONCURRENTLY: writes are blocked while it builds",
        "error rename-table: renames table small to tiny: queries from running code that use the old name fail",
      ],
    );
  });

  test("without --url sizes are unknown: both indexes are flagged", async () => {
    const result = await retort(project.dir, ["lint"], { env: { DATABASE_URL: db.url } });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^3 errors, 0 warnings in 1 migration\.$/m);
  });
});
