// The CLI on SQLite files in temporary folders: the same commands, the same graph, the same
// version table as on PostgreSQL; the move-and-copy for changes ALTER TABLE cannot make;
// a failing migration leaving nothing of itself; hostile names and values; offline SQL that
// Debian's sqlite3 runs.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sqliteRows } from "../support/sqlite.js";
import { ensureBuilt, retort, tempProject, timesMasked, writeMigration, writeProject } from "./harness.js";

const hasSqlite3 = spawnSync("sqlite3", ["-version"]).status === 0;

describe("retort on SQLite: the command suite", () => {
  const project = tempProject("sqlite-cli");
  const file = join(project.dir, "data", "app.db");
  const env = { DATABASE_URL: "sqlite://./data/app.db" };
  before(() => {
    ensureBuilt();
    writeProject(project.dir);
    writeMigration(project.dir, {
      revision: "s001",
      downRevision: null,
      message: "create authors",
      upgrade: [
        '  await op.createTable("authors", { id: integer().primaryKey(), name: text().notNull() });',
        '  await op.bulkInsert("authors", [{ id: 1, name: "Ada" }, { id: 2, name: "O\'Hara" }]);',
      ].join("\n"),
      downgrade: '  await op.dropTable("authors");',
    });
    writeMigration(project.dir, {
      revision: "s002",
      downRevision: "s001",
      message: "create posts",
      upgrade: [
        '  await op.createTable("posts", { id: integer().primaryKey(), author_id: integer().notNull(), title: text() });',
        '  await op.createIndex("posts_author", "posts", ["author_id"]);',
        '  await op.bulkInsert("posts", [{ id: 10, author_id: 1, title: "one" }, { id: 11, author_id: 2, title: null }]);',
      ].join("\n"),
      downgrade: '  await op.dropTable("posts");',
    });
    writeMigration(project.dir, {
      revision: "s003",
      downRevision: "s002",
      message: "batch posts",
      // A foreign key and a NOT NULL with a default on a table with rows: one rebuild each,
      // rows and the index kept.
      upgrade: [
        '  await op.createForeignKey("posts_author_fk", "posts", "authors", ["author_id"], ["id"], { onDelete: "cascade" });',
        '  await op.alterColumn("posts", "title", { nullable: false, default: "untitled", using: "coalesce(title, \'untitled\')", type: "text" });',
      ].join("\n"),
      downgrade: [
        '  await op.alterColumn("posts", "title", { nullable: true, default: null });',
        '  await op.dropConstraint("posts_author_fk", "posts", { type: "foreignKey" });',
      ].join("\n"),
    });
    for (const name of ["s001_create_authors.ts", "s002_create_posts.ts"]) importBuilders(join(project.dir, "migrations", "versions", name));
  });
  after(() => project.remove());

  test("upgrade head creates the file, runs each migration and records Alembic's version row", async () => {
    const up = await retort(project.dir, ["upgrade", "head"], { env });
    assert.equal(up.status, 0, up.stderr);
    assert.equal(
      timesMasked(up.stderr),
      [
        "INFO  Running upgrade  -> s001, create authors",
        "INFO  Done in <t>",
        "INFO  Running upgrade s001 -> s002, create posts",
        "INFO  Done in <t>",
        "INFO  Running upgrade s002 -> s003, batch posts",
        'NOTE  SQLite cannot add a foreign key in place: table "posts" is rebuilt (created anew, rows copied, old table dropped)',
        "NOTE  SQLite cannot change a column's type, nullability or default in place: table \"posts\" is rebuilt (created anew, rows copied, old table dropped)",
        "INFO  Done in <t>",
        "INFO  Ran 3 migrations in <t>",
        "",
      ].join("\n"),
    );
    assert.deepEqual(sqliteRows(file, "SELECT version_num FROM alembic_version"), [{ version_num: "s003" }]);
    assert.deepEqual(sqliteRows(file, "SELECT id, author_id, title FROM posts ORDER BY id"), [
      { id: 10, author_id: 1, title: "one" },
      { id: 11, author_id: 2, title: "untitled" },
    ]);
    assert.deepEqual(sqliteRows(file, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'posts'"), [{ name: "posts_author" }]);
    assert.deepEqual(sqliteRows(file, 'SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(\'posts\')'), [
      { table: "authors", from: "author_id", to: "id", on_delete: "CASCADE" },
    ]);
    assert.equal(existsSync(`${file}.retort-lock`), false, "the run lock file is gone once the run ends");
  });

  test("current, history, downgrade -1 (a rebuild back), stamp and upgrade again", async () => {
    const current = await retort(project.dir, ["current"], { env });
    assert.equal(current.stdout, "s003 (head)\n");
    const history = await retort(project.dir, ["history"], { env });
    assert.equal(history.stdout, "s002 -> s003 (head), batch posts\ns001 -> s002, create posts\n<base> -> s001, create authors\n");
    const down = await retort(project.dir, ["downgrade", "-1"], { env });
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(sqliteRows(file, "SELECT count(*) AS n FROM pragma_foreign_key_list('posts')"), [{ n: 0 }]);
    assert.deepEqual(sqliteRows(file, "SELECT \"notnull\" AS nn, dflt_value FROM pragma_table_info('posts') WHERE name = 'title'"), [{ nn: 0, dflt_value: null }]);
    assert.deepEqual(sqliteRows(file, "SELECT version_num FROM alembic_version"), [{ version_num: "s002" }]);
    const stamp = await retort(project.dir, ["stamp", "s001"], { env });
    assert.equal(stamp.status, 0, stamp.stderr);
    assert.deepEqual(sqliteRows(file, "SELECT version_num FROM alembic_version"), [{ version_num: "s001" }]);
    const restamp = await retort(project.dir, ["stamp", "s002"], { env });
    assert.equal(restamp.status, 0, restamp.stderr);
    const up = await retort(project.dir, ["upgrade", "head"], { env });
    assert.equal(up.status, 0, up.stderr);
    assert.deepEqual(sqliteRows(file, "SELECT version_num FROM alembic_version"), [{ version_num: "s003" }]);
  });

  test("a foreign key the rows break fails the rebuild before COMMIT: nothing of the migration stays (exit 1)", async () => {
    writeMigration(project.dir, {
      revision: "s004",
      downRevision: "s003",
      message: "orphans",
      upgrade: [
        '  await op.createTable("comments", { id: integer().primaryKey(), post_id: integer() });',
        '  await op.bulkInsert("comments", [{ id: 1, post_id: 999 }]);',
        '  await op.createForeignKey("comments_post_fk", "comments", "posts", ["post_id"], ["id"]);',
      ].join("\n"),
    });
    importBuilders(join(project.dir, "migrations", "versions", "s004_orphans.ts"));
    const up = await retort(project.dir, ["upgrade", "head"], { env });
    assert.equal(up.status, 1);
    assert.match(up.stderr, /error: upgrade s004 \(migrations\/versions\/s004_orphans\.ts\) failed in statement: SELECT json_extract\('\{\}', 'retort: foreign key violation: table .*: bad JSON path: 'retort: foreign key violation: table comments row 1 references posts'\n/);
    assert.match(up.stderr, /hint: fix the migration and run the command again: the migrations before s004 stay applied and this one was rolled back\n$/);
    assert.deepEqual(sqliteRows(file, "SELECT name FROM sqlite_schema WHERE name LIKE '%comments%'"), []);
    assert.deepEqual(sqliteRows(file, "SELECT version_num FROM alembic_version"), [{ version_num: "s003" }]);
  });

  test("an op SQLite cannot express is refused by name and dialect, exit 2, the migration rolled back", async () => {
    writeMigration(project.dir, {
      revision: "s004",
      downRevision: "s003",
      message: "orphans",
      upgrade: ['  await op.createTable("notes", { id: integer().primaryKey() });', '  await op.createSchema("audit");'].join("\n"),
    });
    importBuilders(join(project.dir, "migrations", "versions", "s004_orphans.ts"));
    const up = await retort(project.dir, ["upgrade", "head"], { env });
    assert.equal(up.status, 2, up.stderr);
    assert.match(up.stderr, /createSchema cannot run on SQLite: SQLite has no schemas/);
    assert.doesNotMatch(up.stderr, /\n\s+at /, "no stack trace without --verbose");
    assert.deepEqual(sqliteRows(file, "SELECT name FROM sqlite_schema WHERE name = 'notes'"), []);
    assert.deepEqual(sqliteRows(file, "SELECT version_num FROM alembic_version"), [{ version_num: "s003" }]);
    rmSync(join(project.dir, "migrations", "versions", "s004_orphans.ts"));
  });

  test("merge joins two heads; upgrade runs the branch and the merge", async () => {
    writeMigration(project.dir, { revision: "s004", downRevision: "s003", message: "left", upgrade: '  await op.execute("CREATE TABLE l (x)");' });
    writeMigration(project.dir, { revision: "s005", downRevision: "s003", message: "right", upgrade: '  await op.execute("CREATE TABLE r (x)");', file: "s005_right.ts" });
    const merge = await retort(project.dir, ["merge", "heads", "-m", "join", "--rev-id", "s006"], { env });
    assert.equal(merge.status, 0, merge.stderr);
    const up = await retort(project.dir, ["upgrade", "head"], { env });
    assert.equal(up.status, 0, up.stderr);
    assert.deepEqual(sqliteRows(file, "SELECT version_num FROM alembic_version"), [{ version_num: "s006" }]);
    const down = await retort(project.dir, ["downgrade", "s003"], { env });
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(sqliteRows(file, "SELECT version_num FROM alembic_version"), [{ version_num: "s003" }]);
  });

  test("upgrade --sql writes a script with SQLite's quoting that sqlite3 runs to the same database", { skip: !hasSqlite3 && "Debian's sqlite3 is not installed (apt-get install -y sqlite3)" }, async () => {
    const script = await retort(project.dir, ["upgrade", "s003", "--sql"], { env });
    assert.equal(script.status, 0, script.stderr);
    assert.match(script.stdout, /^CREATE TABLE IF NOT EXISTS "alembic_version" \("version_num" VARCHAR\(32\) NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY \("version_num"\)\);\n/);
    assert.match(script.stdout, /\nBEGIN IMMEDIATE;\n/);
    assert.match(script.stdout, /INSERT INTO "authors" \("id", "name"\) VALUES \(1, 'Ada'\), \(2, 'O''Hara'\);/);
    const other = join(project.dir, "offline.db");
    const run = spawnSync("sqlite3", ["-bail", other], { input: script.stdout, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(sqliteRows(other, "SELECT version_num FROM alembic_version"), [{ version_num: "s003" }]);
    assert.deepEqual(sqliteRows(other, "SELECT id, title FROM posts ORDER BY id"), [
      { id: 10, title: "one" },
      { id: 11, title: "untitled" },
    ]);
  });

  test("an offline script that starts mid-way refuses a rebuild of a table it cannot know", async () => {
    const script = await retort(project.dir, ["upgrade", "s002:s003", "--sql"], { env });
    assert.equal(script.status, 2);
    assert.match(script.stderr, /createForeignKey cannot run on SQLite: it needs SQLite's move-and-copy \(add a foreign key\), and table "posts" is not known here/);
  });
});

describe("retort on SQLite: raw SQL, then a rebuild in a later migration of the same run", () => {
  const project = tempProject("sqlite-raw");
  const file = join(project.dir, "raw.db");
  before(() => {
    ensureBuilt();
    writeProject(project.dir);
    writeMigration(project.dir, { revision: "r001", downRevision: null, message: "raw", upgrade: '  await op.execute("CREATE TABLE raw (a INTEGER, b TEXT)");\n  await op.execute("INSERT INTO raw VALUES (1, NULL)");' });
    writeMigration(project.dir, { revision: "r002", downRevision: "r001", message: "tighten", upgrade: '  await op.alterColumn("raw", "b", { nullable: false, default: "x", using: "coalesce(b, \'x\')", type: "text" });' });
  });
  after(() => project.remove());

  test("the next migration reads the table op.execute made, and rebuilds it", async () => {
    const up = await retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: `sqlite://${file}` } });
    assert.equal(up.status, 0, up.stderr);
    assert.deepEqual(sqliteRows(file, "SELECT a, b FROM raw"), [{ a: 1, b: "x" }]);
    assert.deepEqual(sqliteRows(file, "SELECT \"notnull\" AS nn, dflt_value FROM pragma_table_info('raw') WHERE name = 'b'"), [{ nn: 1, dflt_value: "'x'" }]);
  });
});

describe("retort current on SQLite", () => {
  const project = tempProject("sqlite-current");
  before(() => {
    ensureBuilt();
    writeProject(project.dir);
  });
  after(() => project.remove());

  test("a file that does not exist yet is not created: a notice, no revisions, exit 0", async () => {
    const result = await retort(project.dir, ["current"], { env: { DATABASE_URL: "sqlite://./later/app.db" } });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /no database yet at sqlite:\/\/.*\/later\/app\.db\n$/);
    assert.equal(existsSync(join(project.dir, "later")), false);
  });
});

describe("retort on SQLite: hostile names and values", () => {
  const project = tempProject("sqlite-hostile");
  const file = join(project.dir, "h.db");
  before(() => {
    ensureBuilt();
    writeProject(project.dir);
    writeMigration(project.dir, {
      revision: "h001",
      downRevision: null,
      message: "hostile",
      upgrade: [
        "  await op.createTable('we\"ird; DROP TABLE x; --', { 'col\"umn': text(), \"it's\": text().notNull().default(\"a'b\") });",
        "  await op.bulkInsert('we\"ird; DROP TABLE x; --', [{ 'col\"umn': \"'); DROP TABLE alembic_version; --\", \"it's\": \"$1 -- /* \\u00e9\" }]);",
        "  await op.alterColumn('we\"ird; DROP TABLE x; --', 'col\"umn', { nullable: false });",
      ].join("\n"),
    });
    importBuilders(join(project.dir, "migrations", "versions", "h001_hostile.ts"));
  });
  after(() => project.remove());

  test("quoted names and bound values arrive as written, online and through a rebuild", async () => {
    const up = await retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: `sqlite://${file}` } });
    assert.equal(up.status, 0, up.stderr);
    assert.deepEqual(sqliteRows(file, 'SELECT * FROM "we""ird; DROP TABLE x; --"'), [{ 'col"umn': "'); DROP TABLE alembic_version; --", "it's": "$1 -- /* é" }]);
    assert.deepEqual(sqliteRows(file, "SELECT version_num FROM alembic_version"), [{ version_num: "h001" }]);
  });

  test("the offline script writes the same names and values as literals, and sqlite3 stores them alike", { skip: !hasSqlite3 && "Debian's sqlite3 is not installed" }, async () => {
    const script = await retort(project.dir, ["upgrade", "head", "--sql"], { env: { DATABASE_URL: `sqlite://${file}` } });
    assert.equal(script.status, 0, script.stderr);
    assert.match(script.stdout, /VALUES \('\'\'\); DROP TABLE alembic_version; --', '\$1 -- \/\* é'\);/);
    const other = join(project.dir, "offline.db");
    const run = spawnSync("sqlite3", ["-bail", other], { input: script.stdout, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(sqliteRows(other, 'SELECT * FROM "we""ird; DROP TABLE x; --"'), sqliteRows(file, 'SELECT * FROM "we""ird; DROP TABLE x; --"'));
  });
});

/** Adds the column builders a migration body uses to the file's imports. */
function importBuilders(path: string): void {
  const text = readFileSync(path, "utf8");
  if (text.includes("import { integer")) return;
  writeFileSync(path, text.replace('import type { Operations } from "retort-migrate";', 'import type { Operations } from "retort-migrate";\nimport { integer, text } from "retort-migrate";'));
}
