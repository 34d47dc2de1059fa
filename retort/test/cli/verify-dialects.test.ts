// `retort verify` speaks the project's dialect: a SQLite project replays in SQLite's
// :memory:, a MySQL/MariaDB one in a throwaway database that --shadow-url's server gets
// (MySQL has no embedded form, so the flag is required there), and a shadow of another
// dialect is refused before anything runs.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { describeOnMysql, mysqlClient, mysqlServerUrl } from "../support/mysql.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

// The same two revisions on every dialect: the second one's downgrade forgets its index.
const writeHistory = (dir: string, url: string): void => {
  writeProject(dir, `export default { migrations: "migrations", url: ${JSON.stringify(url)} };\n`);
  const first = writeMigration(dir, {
    revision: "v001",
    downRevision: null,
    message: "create notes",
    upgrade: '  await op.createTable("notes", { id: integer().primaryKey(), body: varchar(200) });',
    downgrade: '  await op.dropTable("notes");',
  });
  writeFileSync(first, 'import { integer, varchar } from "retort-migrate";\n' + readFileSync(first, "utf8"));
  writeMigration(dir, {
    revision: "v002",
    downRevision: "v001",
    message: "index",
    upgrade: '  await op.createIndex("ix_notes_body", "notes", ["body"]);',
    downgrade: "",
  });
};

const expectedFailure = (shadow: string): string =>
  [
    `Verifying in ${shadow}:`,
    "  ok      v001  migrations/versions/v001_create_notes.ts",
    "  FAILED  v002  migrations/versions/v002_index.ts: the downgrade does not bring the schema back",
    "          after the downgrade, compared with before the upgrade (+ left behind, - missing, ~ changed):",
    '            + op.createIndex("ix_notes_body", "notes", ["body"])',
    "",
  ].join("\n");

describe("retort verify on SQLite", () => {
  const project = tempProject("verify-sqlite");
  before(() => {
    ensureBuilt();
    writeHistory(project.dir, "sqlite://./app.db");
  });
  after(() => project.remove());

  test("replays in sqlite://memory, finds the forgotten index, and never creates the project's file", async () => {
    const result = await retort(project.dir, ["verify"]);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, expectedFailure("sqlite://memory"));
    assert.equal(existsSync(join(project.dir, "app.db")), false);
  });

  test("a PostgreSQL --shadow-url is refused for a SQLite project (exit 2)", async () => {
    const result = await retort(project.dir, ["verify", "--shadow-url", "postgresql://root@127.0.0.1:5432/postgres"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--shadow-url postgresql:\/\/root@127\.0\.0\.1:5432\/postgres is a postgres database, but the project's is sqlite/);
  });
});

describeOnMysql("verify", "retort verify on MySQL/MariaDB", (database) => {
  const project = tempProject("verify-mysql");
  before(() => ensureBuilt());
  after(() => project.remove());

  test("without --shadow-url it says MySQL needs one (exit 2) and touches nothing", async () => {
    writeHistory(project.dir, database().url);
    const result = await retort(project.dir, ["verify"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /a MySQL\/MariaDB project needs --shadow-url/);
  });

  test("with --shadow-url it replays in a throwaway database, finds the forgotten index, and drops it", async () => {
    const result = await retort(project.dir, ["verify", "--shadow-url", mysqlServerUrl]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout.split("\n")[0] ?? "", /^Verifying in mysql:\/\/root@127\.0\.0\.1:3306\/\w+ \(database retort_shadow_\d+_[0-9a-f]+, dropped after\):$/);
    assert.equal(result.stdout.split("\n").slice(1).join("\n"), expectedFailure("").split("\n").slice(1).join("\n"));
    const client = await mysqlClient();
    try {
      const [rows] = await client.query("SHOW DATABASES LIKE 'retort\\_shadow%'");
      assert.deepEqual(rows, []);
      const [tables] = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [database().name]);
      assert.deepEqual(tables, [], "the project's own database was never migrated");
    } finally {
      await client.end();
    }
  });
});
