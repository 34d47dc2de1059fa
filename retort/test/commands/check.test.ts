// `retort check` through the built CLI on embedded PGlite: exit statuses, the readable
// listing, --json and --lint, excluded tables and the refusal when the database is behind.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { connect, parseDatabaseUrl } from "../../src/drivers/index.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "../cli/harness.js";
import { freshPgliteDir } from "../support/pglite.js";

const MODELS = `import { table, serial, text, varchar, integer, index } from "retort-migrate";

export const notes = table("notes", {
  id: serial().primaryKey(),
  title: varchar(50).notNull(),
  views: integer().notNull(),
}, (t) => [index("ix_notes_title").on(t.title)]);
`;

describe("retort check", () => {
  const project = tempProject("check");
  let env: Record<string, string>;
  const run = (...args: string[]) => retort(project.dir, args, { env });

  before(async () => {
    ensureBuilt();
    const dir = await freshPgliteDir();
    env = { DATABASE_URL: `pglite://${dir}` };
    // The database as it is: title is wider, body exists, views may be NULL, no index;
    // audit_log is excluded by the config and must not appear.
    const conn = await connect(parseDatabaseUrl(env.DATABASE_URL as string, project.dir));
    await conn.exec(`create table notes (id serial constraint pk_notes primary key, title varchar(200) not null, body text, views integer);
      create table audit_log (id int);`);
    await conn.close();
    writeProject(project.dir, 'export default { migrations: "migrations", models: "./models/index.ts", exclude: { tables: ["audit_*"] } };\n');
    mkdirSync(join(project.dir, "models"));
    writeFileSync(join(project.dir, "models", "index.ts"), MODELS);
  });
  after(() => project.remove());

  test("exits 1 and lists the pending operations in order", async () => {
    const result = await run("check");
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stdout,
      [
        `4 pending change(s) between the models and ${env.DATABASE_URL}:`,
        '  op.dropColumn("notes", "body")',
        '  op.alterColumn("notes", "title", { type: varchar(50), existingType: varchar(200) })',
        '  op.alterColumn("notes", "views", { nullable: false, existingNullable: true })',
        '  op.createIndex("ix_notes_title", "notes", ["title"])',
        "",
      ].join("\n"),
    );
  });

  test("--lint marks the operations that lose data or lock the table", async () => {
    const result = await run("check", "--lint");
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      [
        `4 pending change(s) between the models and ${env.DATABASE_URL}:`,
        '  op.dropColumn("notes", "body")',
        "    lint: warning drop-column: drops column notes.body and its data",
        "    lint: warning missing-lock-timeout: locks notes with no lock_timeout: waiting for the lock stalls every query on the table",
        '  op.alterColumn("notes", "title", { type: varchar(50), existingType: varchar(200) })',
        "    lint: error type-change: changes the type of notes.title from varchar(200) to varchar(50): values may not fit, and the table is rewritten under an exclusive lock",
        "    lint: warning prefer-text: notes.title is varchar(50): prefer text with a CHECK on its length",
        '  op.alterColumn("notes", "views", { nullable: false, existingNullable: true })',
        "    lint: error set-not-null: sets NOT NULL on notes.views without a validated CHECK (views IS NOT NULL): the table is scanned under an exclusive lock",
        '  op.createIndex("ix_notes_title", "notes", ["title"])',
        "    lint: error index-not-concurrent: creates index ix_notes_title on existing table notes without CONCURRENTLY: writes are blocked while it builds",
        "",
      ].join("\n"),
    );
  });

  test("--json carries the same facts", async () => {
    const result = await run("check", "--json", "--lint");
    assert.equal(result.status, 1);
    const { result: body } = JSON.parse(result.stdout) as { result: { differs: boolean; operations: string[]; lint: { operation: number; rule: string }[] } };
    assert.equal(body.differs, true);
    assert.equal(body.operations.length, 4);
    assert.deepEqual(body.lint.map((f) => `${f.operation}:${f.rule}`), ["0:drop-column", "0:missing-lock-timeout", "1:type-change", "1:prefer-text", "2:set-not-null", "3:index-not-concurrent"]);
  });

  test("refuses when the database is not at head", async () => {
    writeMigration(project.dir, { revision: "aaa111", downRevision: null, message: "noop" });
    const result = await run("check");
    assert.equal(result.status, 1);
    assert.equal(result.stderr, "error: Target database is not up to date.\nhint: run `retort upgrade head` first, so that the comparison starts from the latest revision\n");
  });
});
