// The CLI against a real MySQL/MariaDB server: a project's whole life (init, revision,
// upgrade, current, history, downgrade, stamp, merge, offline SQL), the failure of a
// migration whose DDL already committed, an operation MySQL cannot express refused before
// anything runs, and hostile identifiers and values.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createMysqlDatabase, describeOnMysql, type MysqlDatabase } from "../support/mysql.js";
import { ensureBuilt, migrationPath, retort, tempProject, timesMasked, writeMigration, writeProject, type MigrationSpec } from "./harness.js";

const chain: MigrationSpec[] = [
  {
    revision: "m001",
    downRevision: null,
    message: "create users",
    upgrade: '  await op.createTable("users", { id: serial().primaryKey(), email: varchar(200).notNull().unique(), joined: timestamp({ withTimezone: true }).notNull().default(sql`now()`) });',
    downgrade: '  await op.dropTable("users");',
  },
  {
    revision: "m002",
    downRevision: "m001",
    message: "add bots",
    upgrade:
      '  await op.createTable("bots", { id: serial().primaryKey(), owner: integer().notNull().references({ table: "users", column: "id" }, { onDelete: "cascade" }), config: jsonb() });\n' +
      '  await op.createIndex("ix_bots_owner", "bots", ["owner"]);',
    downgrade: '  await op.dropTable("bots");',
  },
];

const header = 'import { integer, jsonb, serial, sql, text, timestamp, varchar } from "retort-migrate";\n';

const write = (dir: string, spec: MigrationSpec): void => {
  const path = writeMigration(dir, spec);
  writeFileSync(path, header + readFileSync(path, "utf8"));
};

const versions = async (db: MysqlDatabase): Promise<string[]> =>
  (await db.rows("SELECT version_num FROM alembic_version ORDER BY 1")).map((r) => String(r.version_num));

const tables = async (db: MysqlDatabase): Promise<string[]> =>
  (await db.rows("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1")).map((r) => String(r.t));

describeOnMysql("cli", "the CLI on MySQL/MariaDB", (database) => {
  const project = tempProject("mysql");
  let db: MysqlDatabase;
  let env: Record<string, string>;
  const run = (...args: string[]) => retort(project.dir, args, { env });

  before(() => {
    ensureBuilt();
    db = database();
    env = { DATABASE_URL: db.url };
    writeProject(project.dir);
    for (const spec of chain) write(project.dir, spec);
  });
  after(() => project.remove());

  test("current on a new database shows nothing and creates nothing", async () => {
    assert.deepEqual(await run("current"), { status: 0, signal: null, stdout: "", stderr: "" });
    assert.deepEqual(await tables(db), []);
  });

  test("upgrade head creates Alembic's version table and applies every migration", async () => {
    const result = await run("upgrade", "head");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      timesMasked(result.stderr),
      ["INFO  Running upgrade  -> m001, create users", "INFO  Done in <t>", "INFO  Running upgrade m001 -> m002, add bots", "INFO  Done in <t>", "INFO  Ran 2 migrations in <t>", ""].join("\n"),
    );
    assert.deepEqual(await versions(db), ["m002"]);
    assert.deepEqual(await tables(db), ["alembic_version", "bots", "retort_log", "users"]);
    const [shape] = await db.rows("SHOW CREATE TABLE alembic_version");
    assert.match(String(shape?.["Create Table"]), /^CREATE TABLE `alembic_version` \(\n  `version_num` varchar\(32\) NOT NULL,\n  PRIMARY KEY \(`version_num`\)\n\)/);
    const fks = await db.rows("SELECT CONSTRAINT_NAME AS n, DELETE_RULE AS d FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()");
    assert.deepEqual(fks, [{ n: "fk_bots_owner_users", d: "CASCADE" }]);
  });

  test("current and history -i", async () => {
    assert.equal((await run("current")).stdout, "m002 (head)\n");
    assert.equal((await run("history", "-i")).stdout, "m001 -> m002 (head) (current), add bots\n<base> -> m001, create users\n");
  });

  test("downgrade -1, upgrade +1, downgrade base, stamp head, stamp --purge base", async () => {
    const down = await run("downgrade", "-1");
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(await versions(db), ["m001"]);
    assert.deepEqual(await tables(db), ["alembic_version", "retort_log", "users"]);
    assert.equal((await run("upgrade", "+1")).status, 0);
    assert.deepEqual(await versions(db), ["m002"]);
    assert.equal((await run("downgrade", "base")).status, 0);
    assert.deepEqual(await versions(db), []);
    assert.deepEqual(await tables(db), ["alembic_version", "retort_log"]);
    assert.equal((await run("stamp", "head")).status, 0);
    assert.deepEqual(await versions(db), ["m002"]);
    assert.equal((await run("stamp", "--purge", "base")).status, 0);
    assert.deepEqual(await versions(db), []);
  });

  test("offline SQL: backtick quoting, literals inlined, the version table created first", async () => {
    const result = await run("upgrade", "head", "--sql");
    assert.equal(result.status, 0, result.stderr);
    // Each step's log row rides in the script, timed by the server that runs it.
    const logRow = (revision: string, before: string) =>
      "INSERT INTO `retort_log` (revision, direction, heads_before, heads_after, checksum, started_at, finished_at, duration_ms, database_user, os_user, host, retort_version) SELECT " +
      `'${revision}', 'upgrade', '${before}', '${revision}', '<sha256>', clock.finished - INTERVAL 0 MICROSECOND, clock.finished, 0.000, CURRENT_USER(), NULL, NULL, '0.1.0' FROM (SELECT UTC_TIMESTAMP(6) AS finished) AS clock;`;
    assert.equal(
      result.stdout.replace(/'[0-9a-f]{64}'/g, "'<sha256>'"),
      [
        "CREATE TABLE IF NOT EXISTS `alembic_version` (`version_num` VARCHAR(32) NOT NULL, CONSTRAINT `alembic_version_pkc` PRIMARY KEY (`version_num`));",
        "CREATE TABLE IF NOT EXISTS `retort_log` (id BIGINT NOT NULL AUTO_INCREMENT, revision VARCHAR(32) NOT NULL, direction VARCHAR(10) NOT NULL, heads_before TEXT NOT NULL, heads_after TEXT NOT NULL, checksum VARCHAR(64), started_at DATETIME(6) NOT NULL, finished_at DATETIME(6) NOT NULL, duration_ms DOUBLE NOT NULL, database_user VARCHAR(384) NOT NULL, os_user TEXT, host TEXT, retort_version VARCHAR(64) NOT NULL, PRIMARY KEY (id));",
        "",
        "-- Running upgrade  -> m001, create users",
        "CREATE TABLE `users` (",
        "  `id` INT NOT NULL AUTO_INCREMENT,",
        "  `email` VARCHAR(200) NOT NULL,",
        "  `joined` TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),",
        "  CONSTRAINT `pk_users` PRIMARY KEY (`id`),",
        "  CONSTRAINT `uq_users_email` UNIQUE (`email`)",
        ");",
        "INSERT INTO `alembic_version` (`version_num`) VALUES ('m001');",
        logRow("m001", ""),
        "",
        "-- Running upgrade m001 -> m002, add bots",
        "CREATE TABLE `bots` (",
        "  `id` INT NOT NULL AUTO_INCREMENT,",
        "  `owner` INT NOT NULL,",
        "  `config` JSON NULL,",
        "  CONSTRAINT `pk_bots` PRIMARY KEY (`id`),",
        "  KEY `fk_bots_owner_users` (`owner`),",
        "  CONSTRAINT `fk_bots_owner_users` FOREIGN KEY (`owner`) REFERENCES `users` (`id`) ON DELETE CASCADE",
        ");",
        "CREATE INDEX `ix_bots_owner` ON `bots` (`owner`);",
        "UPDATE `alembic_version` SET `version_num` = 'm002' WHERE `version_num` = 'm001';",
        logRow("m002", "m001"),
        "",
      ].join("\n"),
    );
    // The script runs as it is in the server's own client.
    assert.deepEqual(await tables(db), ["alembic_version", "retort_log"]);
  });

  test("revision --splice makes a second head, merge joins them, upgrade heads runs both", async () => {
    assert.equal((await run("upgrade", "head")).status, 0);
    const branch = await run("revision", "-m", "side", "--head", "m001", "--splice", "--rev-id", "s001");
    assert.equal(branch.status, 0, branch.stderr);
    const merged = await run("merge", "heads", "-m", "join", "--rev-id", "j001");
    assert.equal(merged.status, 0, merged.stderr);
    const up = await run("upgrade", "heads");
    assert.equal(up.status, 0, up.stderr);
    assert.deepEqual(await versions(db), ["j001"]);
    const files = readdirSync(join(project.dir, "migrations", "versions")).sort();
    assert.deepEqual(files.filter((f) => f.startsWith("j001") || f.startsWith("s001")).length, 2);
    for (const file of files.filter((f) => f.startsWith("j001") || f.startsWith("s001"))) rmSync(join(project.dir, "migrations", "versions", file));
    assert.equal((await run("stamp", "--purge", "m002")).status, 0);
  });

  test("a failing migration: exit 1, the failing statement and those that already took effect named, version row left at the previous revision", async () => {
    const spec: MigrationSpec = {
      revision: "m003",
      downRevision: "m002",
      message: "half",
      upgrade: '  await op.addColumn("users", "nick", text());\n  await op.createIndex("ix_users_joined", "users", ["joined"]);\n  await op.execute("ALTER TABLE nowhere ADD COLUMN x int");',
    };
    write(project.dir, spec);
    try {
      const result = await run("upgrade", "head");
      assert.equal(result.status, 1);
      const file = "migrations/versions/m003_half.ts";
      assert.equal(
        result.stderr,
        [
          "INFO  Running upgrade m002 -> m003, half",
          `error: upgrade m003 (${file}) failed in statement: ALTER TABLE nowhere ADD COLUMN x int: Table '${db.name}.nowhere' doesn't exist`,
          "hint: this database commits each DDL statement on its own, so 2 statement(s) of m003 took effect and were NOT rolled back: (1) ALTER TABLE `users` ADD COLUMN `nick` LONGTEXT NULL; (2) CREATE INDEX `ix_users_joined` ON `users` (`joined`); the version table still names the revision before m003: undo those statements by hand (or stamp past them) and fix the migration before running the command again",
          "",
        ].join("\n"),
      );
      assert.deepEqual(await versions(db), ["m002"]);
      const columns = await db.rows("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION");
      assert.deepEqual(columns.map((r) => r.c), ["id", "email", "joined", "nick"]);
      const json = await run("upgrade", "head", "--json");
      assert.equal(json.status, 1);
      const parsed = JSON.parse(json.stdout) as { error: { details: Record<string, unknown> } };
      assert.deepEqual(parsed.error.details.committedStatements, []);
    } finally {
      rmSync(migrationPath(project.dir, spec));
      await db.rows("ALTER TABLE users DROP INDEX ix_users_joined, DROP COLUMN nick").catch(() => {});
    }
  });

  test("an operation MySQL cannot express is refused before the migration's first statement runs: exit 2", async () => {
    const spec: MigrationSpec = {
      revision: "m004",
      downRevision: "m002",
      message: "partial index",
      upgrade: '  await op.addColumn("users", "gone", text());\n  await op.createIndex("ix_partial", "users", ["email"], { where: "email IS NOT NULL" });',
    };
    write(project.dir, spec);
    try {
      const result = await run("upgrade", "head");
      assert.equal(result.status, 2, result.stderr);
      assert.equal(
        result.stderr,
        [
          "INFO  Running upgrade m002 -> m004, partial index",
          "error: upgrade m004 (migrations/versions/m004_partial_index.ts): createIndex cannot run on MySQL/MariaDB: index \"ix_partial\" is partial (WHERE email IS NOT NULL), and MySQL has no partial indexes",
          "hint: Index every row, or index a generated column that is NULL where the condition is false.",
          "",
        ].join("\n"),
      );
      const columns = await db.rows("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'gone'");
      assert.deepEqual(columns, []);
      assert.deepEqual(await versions(db), ["m002"]);
    } finally {
      rmSync(migrationPath(project.dir, spec));
    }
  });

  test("hostile identifiers and values survive a live run and an offline script alike", async () => {
    const spec: MigrationSpec = {
      revision: "m005",
      downRevision: "m002",
      message: "hostile",
      upgrade:
        '  await op.createTable("we`ird; DROP TABLE users; --", { "co`l \'x\'": text(), n: integer() });\n' +
        '  await op.bulkInsert("we`ird; DROP TABLE users; --", [{ "co`l \'x\'": "it\'s \\\\ a `tick` ? $1 \\u0000 end", n: 1 }]);',
      downgrade: '  await op.dropTable("we`ird; DROP TABLE users; --");',
    };
    write(project.dir, spec);
    try {
      const up = await run("upgrade", "head");
      assert.equal(up.status, 0, up.stderr);
      const rows = await db.rows("SELECT * FROM `we``ird; DROP TABLE users; --`");
      assert.deepEqual(rows, [{ "co`l 'x'": "it's \\ a `tick` ? $1 \u0000 end", n: 1 }]);
      assert.ok((await tables(db)).includes("users"));
      assert.equal((await run("downgrade", "-1")).status, 0);
      const script = await run("upgrade", "m002:m005", "--sql");
      assert.equal(script.status, 0, script.stderr);
      assert.ok(script.stdout.includes("INSERT INTO `we``ird; DROP TABLE users; --` (`co``l 'x'`, `n`) VALUES ('it''s \\\\ a `tick` ? $1 \\0 end', 1);\n"), script.stdout);
      // The server's own client runs the script to the same rows.
      const client = spawnSync("mariadb", ["-h", "127.0.0.1", "-u", "root", db.name], { input: script.stdout, encoding: "utf8" });
      assert.equal(client.status, 0, client.stderr);
      assert.deepEqual(await db.rows("SELECT * FROM `we``ird; DROP TABLE users; --`"), [{ "co`l 'x'": "it's \\ a `tick` ? $1 \u0000 end", n: 1 }]);
      assert.deepEqual(await versions(db), ["m005"]);
      assert.equal((await run("downgrade", "-1")).status, 0);
    } finally {
      rmSync(migrationPath(project.dir, spec));
    }
  });

  test("init and revision in a new project, then upgrade and downgrade it on the same server", async () => {
    const fresh = tempProject("mysql-init");
    try {
      const init = await retort(fresh.dir, ["init"]);
      assert.equal(init.status, 0, init.stderr);
      const made = await retort(fresh.dir, ["revision", "-m", "notes", "--rev-id", "n001"]);
      assert.equal(made.status, 0, made.stderr);
      const file = join(fresh.dir, "migrations", "versions", "n001_notes.ts");
      writeFileSync(
        file,
        readFileSync(file, "utf8")
          .replace(/export async function upgrade\(op: Operations\): Promise<void> \{\n/, '$&  await op.createTable("notes", { id: serial().primaryKey(), body: text().notNull() });\n')
          .replace(/export async function downgrade\(op: Operations\): Promise<void> \{\n/, '$&  await op.dropTable("notes");\n')
          .replace('import type { Operations } from "retort-migrate";', 'import type { Operations } from "retort-migrate";\nimport { serial, text } from "retort-migrate";'),
      );
      const other = await createMysqlDatabase("init");
      try {
        const up = await retort(fresh.dir, ["upgrade", "head"], { env: { DATABASE_URL: other.url } });
        assert.equal(up.status, 0, up.stderr);
        assert.deepEqual(await tables(other), ["alembic_version", "notes", "retort_log"]);
        const down = await retort(fresh.dir, ["downgrade", "base"], { env: { DATABASE_URL: other.url } });
        assert.equal(down.status, 0, down.stderr);
        assert.deepEqual(await tables(other), ["alembic_version", "retort_log"]);
      } finally {
        await other.drop();
      }
    } finally {
      fresh.remove();
    }
  });

  test("pull writes models of the database; check then finds nothing; a changed model makes check exit 1 and autogenerate write it", async () => {
    const pulled = await run("pull", "--output", "models");
    assert.equal(pulled.status, 0, pulled.stderr);
    writeFileSync(join(project.dir, "retort.config.ts"), 'export default { migrations: "migrations", models: "./models/index.ts" };\n');
    try {
      const clean = await run("check");
      assert.equal(clean.status, 0, clean.stdout + clean.stderr);
      assert.equal(clean.stdout, "No differences: the database matches the models.\n");
      const models = join(project.dir, "models", "index.ts");
      writeFileSync(models, readFileSync(models, "utf8").replace(/(\n\s+email: varchar\(200\)\.notNull\(\),)/, "$1\n    nickname: varchar(40),"));
      const dirty = await run("check");
      assert.equal(dirty.status, 1, dirty.stdout + dirty.stderr);
      assert.match(dirty.stdout, /nickname/);
      const generated = await run("revision", "--autogenerate", "-m", "nickname", "--rev-id", "g001");
      assert.equal(generated.status, 0, generated.stderr);
      const source = readFileSync(join(project.dir, "migrations", "versions", "g001_nickname.ts"), "utf8");
      assert.match(source, /await op\.addColumn\("users", "nickname", varchar\(40\)\);/);
      assert.equal((await run("upgrade", "head")).status, 0);
      assert.equal((await run("check")).status, 0);
      assert.equal((await run("downgrade", "-1")).status, 0);
      rmSync(join(project.dir, "migrations", "versions", "g001_nickname.ts"));
    } finally {
      writeProject(project.dir);
      rmSync(join(project.dir, "models"), { recursive: true, force: true });
    }
  });

  test("a wrong password: exit 1, host and port named, the password never shown", async () => {
    const url = new URL(db.url);
    url.username = "nobody_here";
    url.password = "TOPSECRET";
    const result = await retort(project.dir, ["current"], { env: { DATABASE_URL: url.toString() } });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error: could not connect to MySQL\/MariaDB at 127\.0\.0\.1:3306 \(database retort_test_cli_[0-9a-f]+\): Access denied for user 'nobody_here'/);
    assert.doesNotMatch(result.stdout + result.stderr, /TOPSECRET/);
  });
});
