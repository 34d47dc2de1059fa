// The applied-migration log through the built binary: `retort log`, an edited applied
// migration reported by upgrade and current, stopped by --strict and editedMigrations:
// "error" with nothing applied, listed by `check --history`, and accepted by `log --accept`.
// Real PostgreSQL, an embedded PGlite folder, a SQLite file and MariaDB: the same behaviour
// through each dialect's LogTableSql.
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { describeOnMysql } from "../support/mysql.js";
import { describeOnPostgres } from "../support/postgres.js";
import { sqliteRows } from "../support/sqlite.js";
import { ensureBuilt, migrationPath, retort, tempProject, writeMigration, writeProject, type CliResult, type MigrationSpec } from "./harness.js";

const chain: MigrationSpec[] = [
  { revision: "rev001", downRevision: null, message: "users", upgrade: '  await op.execute("CREATE TABLE users (id int)");', downgrade: '  await op.execute("DROP TABLE users");' },
  { revision: "rev002", downRevision: "rev001", message: "bots", upgrade: '  await op.execute("CREATE TABLE bots (id int)");', downgrade: '  await op.execute("DROP TABLE bots");' },
  { revision: "rev003", downRevision: "rev002", message: "chats", upgrade: '  await op.execute("CREATE TABLE chats (id int)");', downgrade: '  await op.execute("DROP TABLE chats");' },
];

/** The log's text with times, durations and the client's name made stable. */
const masked = (text: string): string =>
  text
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/g, "<when>")
    .replace(/\d+(?:\.\d+)? (?:ms|s)$/gm, "<t>")
    .replace(/^(<when>\s+)\S+(?: \(database user \S+\))?(?= {2})/gm, "$1<who>")
    .replace(/ +$/gm, "")
    .replace(/ {2,}/g, "  ");

const logBehaviour = (setUp: () => Promise<{ dir: string; env: Record<string, string>; tables: () => Promise<string[]> }>) => {
  let dir: string;
  let env: Record<string, string>;
  let tables: () => Promise<string[]>;
  const run = (...args: string[]): Promise<CliResult> => retort(dir, args, { env });
  before(async () => {
    ensureBuilt();
    ({ dir, env, tables } = await setUp());
  });

  test("log on a database nothing ran on says so, and creates no log table", async () => {
    const result = await run("log");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Nothing logged in .+ \(table retort_log\)\.\n$/);
    assert.ok(!(await tables()).includes("retort_log"));
  });

  test("upgrade, downgrade and stamp are listed newest first: when, who, what, how long", async () => {
    for (const args of [["upgrade", "rev002"], ["downgrade", "-1"], ["stamp", "rev002"], ["upgrade", "head"]]) {
      const result = await run(...args);
      assert.equal(result.status, 0, result.stderr);
    }
    const result = await run("log");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      masked(result.stdout),
      [
        "WHEN  WHO  WHAT  HOW LONG",
        "<when>  <who>  upgrade rev002 -> rev003  <t>",
        "<when>  <who>  stamp rev001 -> rev002  <t>",
        "<when>  <who>  downgrade rev002 -> rev001  <t>",
        "<when>  <who>  upgrade rev001 -> rev002  <t>",
        "<when>  <who>  upgrade <base> -> rev001  <t>",
        "",
      ].join("\n"),
    );
    const limited = await run("log", "-n", "2", "--json");
    const parsed = JSON.parse(limited.stdout) as { result: { entries: { revision: string; direction: string; headsBefore: string[]; headsAfter: string[] }[] } };
    assert.deepEqual(
      parsed.result.entries.map(({ revision, direction, headsBefore, headsAfter }) => ({ revision, direction, headsBefore, headsAfter })),
      [
        { revision: "rev003", direction: "upgrade", headsBefore: ["rev002"], headsAfter: ["rev003"] },
        { revision: "rev002", direction: "stamp", headsBefore: ["rev001"], headsAfter: ["rev002"] },
      ],
    );
    const ranged = await run("log", "-r", "rev001:rev001", "--json");
    assert.deepEqual((JSON.parse(ranged.stdout) as { result: { entries: { revision: string }[] } }).result.entries.map((e) => e.revision), ["rev001"]);
    const bad = await run("log", "-n", "zero");
    assert.deepEqual([bad.status, bad.stderr], [2, "error: -n 'zero' is not a positive whole number\nhint: give how many rows to show, e.g. `retort log -n 20`\n"]);
  });

  test("an applied migration edited afterwards: current and upgrade warn, naming the revision, its file and when it ran", async () => {
    appendFileSync(migrationPath(dir, chain[1] as MigrationSpec), "// tweaked after it ran\n");
    const file = "migrations/versions/rev002_bots.ts";
    const warning = new RegExp(`^WARN  migration rev002 \\(${file.replaceAll(".", "\\.")}\\) was edited after it ran on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC; \`retort log --accept rev002\` records a deliberate edit\\n$`);
    const current = await run("current");
    assert.equal(current.status, 0);
    assert.equal(current.stdout, "rev003 (head)\n");
    assert.match(current.stderr, warning);
    const upgrade = await run("upgrade");
    assert.equal(upgrade.status, 0);
    assert.match(upgrade.stderr, warning);
  });

  test("--strict (or editedMigrations: \"error\") stops with exit 2 before anything is applied", async () => {
    writeMigration(dir, { revision: "rev004", downRevision: "rev003", message: "later", upgrade: '  await op.execute("CREATE TABLE later (id int)");' });
    const strict = await run("upgrade", "--strict");
    assert.equal(strict.status, 2);
    assert.match(strict.stderr, /^error: migration rev002 \(migrations\/versions\/rev002_bots\.ts\) was edited after it ran on .+ UTC\nhint: nothing was applied; restore the file\(s\) as they ran, or record a deliberate edit with `retort log --accept <rev>`\n$/);
    assert.ok(!(await tables()).includes("later"));
    const config = join(dir, "retort.config.ts");
    const original = readFileSync(config, "utf8");
    writeFileSync(config, original.replace("export default {", 'export default { editedMigrations: "error",'));
    try {
      const configured = await run("upgrade");
      assert.equal(configured.status, 2);
      assert.ok(!(await tables()).includes("later"));
      const current = await run("current");
      assert.equal(current.status, 2);
    } finally {
      writeFileSync(config, original);
    }
    assert.equal((await run("current")).stdout, "rev003\n");
  });

  test("check --history exits 1 listing edited, missing and unknown applied revisions", async () => {
    const result = await run("check", "--history");
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^The applied migrations of .+ differ from the versions folder:\n {2}edited: migration rev002 \(migrations\/versions\/rev002_bots\.ts\) was edited after it ran on .+ UTC\n$/);
    const json = JSON.parse((await run("check", "--history", "--json")).stdout) as { result: { problems: boolean; edited: { revision: string }[]; missing: unknown[]; unknown: unknown[] } };
    assert.deepEqual([json.result.problems, json.result.edited.map((e) => e.revision), json.result.missing, json.result.unknown], [true, ["rev002"], [], []]);
  });

  test("log --accept records the edited file's checksum; then nothing is reported", async () => {
    const accepted = await run("log", "--accept", "rev002");
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.match(accepted.stdout, /^Accepted rev002 \(migrations\/versions\/rev002_bots\.ts\) as it is now: checksum [0-9a-f]{12} recorded\n/);
    assert.match(masked(accepted.stdout), /\n<when> {2}<who> {2}accept rev002 \(checksum [0-9a-f]{12}\) {2}<t>\n/);
    const history = await run("check", "--history");
    assert.equal(history.status, 0, history.stdout);
    assert.match(history.stdout, /^The applied migrations of .+ are the files in the versions folder\.\n$/);
    const current = await run("current", "--strict");
    assert.deepEqual([current.status, current.stderr], [0, ""]);
    const notApplied = await run("log", "--accept", "rev004");
    assert.equal(notApplied.status, 2);
    assert.match(notApplied.stderr, /^error: revision rev004 is not applied to this database/);
  });

  test("an applied revision whose file was deleted is missing; a version row no file defines is unknown", async () => {
    const up = await run("upgrade");
    assert.equal(up.status, 0, up.stderr);
    // History rewritten by hand: rev002 folded into rev001, rev003 now follows rev001.
    rmSync(migrationPath(dir, chain[1] as MigrationSpec));
    writeMigration(dir, { ...(chain[2] as MigrationSpec), downRevision: "rev001" });
    rmSync(migrationPath(dir, { revision: "rev004", message: "later" }));
    const result = await run("check", "--history");
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      /:\n {2}missing: rev002 ran on .+ UTC, and no file defines it any more\n {2}unknown: the database is at rev004, which no file defines\n$/,
    );
  });
};

describeOnPostgres("cli_log", (_client, suite) => {
  const project = tempProject("log-pg");
  after(() => project.remove());
  logBehaviour(async () => {
    writeProject(project.dir);
    for (const spec of chain) writeMigration(project.dir, spec);
    const url = suite.database().url;
    return {
      dir: project.dir,
      env: { DATABASE_URL: url },
      tables: async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          return (await client.query<{ t: string }>("select tablename as t from pg_tables where schemaname = 'public' order by 1")).rows.map((row) => row.t);
        } finally {
          await client.end();
        }
      },
    };
  });
});

describe("on an embedded PGlite database", () => {
  const project = tempProject("log-pglite");
  after(() => project.remove());
  logBehaviour(async () => {
    writeProject(project.dir);
    for (const spec of chain) writeMigration(project.dir, spec);
    return {
      dir: project.dir,
      env: {},
      tables: async () => {
        const { PGlite } = await import("@electric-sql/pglite");
        const folder = join(project.dir, ".retort", "pglite");
        const { existsSync } = await import("node:fs");
        if (!existsSync(folder)) return [];
        const db = await PGlite.create(folder);
        try {
          return (await db.query<{ t: string }>("select tablename as t from pg_tables where schemaname = 'public' order by 1")).rows.map((row) => row.t);
        } finally {
          await db.close();
        }
      },
    };
  });
});

describe("on a SQLite file", () => {
  const project = tempProject("log-sqlite");
  after(() => project.remove());
  logBehaviour(async () => {
    writeProject(project.dir, 'export default { migrations: "migrations", url: "sqlite://./app.db" };\n');
    for (const spec of chain) writeMigration(project.dir, spec);
    return {
      dir: project.dir,
      env: {},
      tables: async () => {
        const { existsSync } = await import("node:fs");
        const file = join(project.dir, "app.db");
        if (!existsSync(file)) return [];
        return (sqliteRows(file, "SELECT name AS t FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY 1") as { t: string }[]).map((row) => row.t);
      },
    };
  });
});

describeOnMysql("log", "on MySQL/MariaDB", (database) => {
  const project = tempProject("log-mysql");
  after(() => project.remove());
  logBehaviour(async () => {
    writeProject(project.dir);
    for (const spec of chain) writeMigration(project.dir, spec);
    return {
      dir: project.dir,
      env: { DATABASE_URL: database().url },
      tables: async () => (await database().rows("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1")).map((row) => String(row.t ?? row.T ?? row.TABLE_NAME)),
    };
  });
});
