// `retort check --drift`: the applied revisions replayed in a shadow database and compared
// with the live one, listing what was changed outside migrations.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

describe("retort check --drift", async () => {
  const skip = await postgresSkip();
  if (skip !== false) {
    test("skipped", { skip }, () => {});
    return;
  }
  const project = tempProject("drift");
  let db: TempDatabase;
  before(async () => {
    ensureBuilt();
    db = await createTempDatabase("drift");
    writeProject(project.dir);
    writeMigration(project.dir, {
      revision: "d001",
      downRevision: null,
      message: "create notes",
      upgrade: '  op.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)");\n  op.createIndex("ix_notes_body", "notes", ["body"]);',
      downgrade: '  op.execute("DROP TABLE notes");',
    });
    writeMigration(project.dir, {
      revision: "d002",
      downRevision: "d001",
      message: "add tags",
      upgrade: '  op.execute("CREATE TABLE tags (id serial PRIMARY KEY)");',
      downgrade: '  op.execute("DROP TABLE tags");',
    });
    const up = await retort(project.dir, ["upgrade", "d001", "--url", db.url]);
    assert.equal(up.status, 0, up.stderr);
  });
  after(async () => {
    await db?.drop();
    project.remove();
  });

  const psql = (sql: string): void => {
    const run = spawnSync("psql", ["-v", "ON_ERROR_STOP=1", "-q", "-d", db.url, "-c", sql], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
  };

  test("a database exactly at its migrations has no drift (revisions past it do not count)", async () => {
    const result = await retort(project.dir, ["check", "--drift", "--url", db.url]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `No drift: ${db.url.replace(/\/$/, "")} has exactly the schema its migrations (at d001) produce.\n`);
  });

  test("a column added and an index dropped by psql are listed, exit 1", async () => {
    psql("ALTER TABLE notes ADD COLUMN pinned boolean DEFAULT false; DROP INDEX ix_notes_body;");
    const result = await retort(project.dir, ["check", "--drift", "--url", db.url]);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stdout,
      [
        `2 change(s) made outside migrations in ${db.url} (compared with its migrations at d001, replayed in pglite://memory; + only in the database, - missing from it, ~ changed):`,
        '  - op.dropIndex("ix_notes_body", { table: "notes" })',
        '  + op.addColumn("notes", "pinned", boolean().default(false))',
        "",
      ].join("\n"),
    );
    const json = await retort(project.dir, ["check", "--drift", "--json", "--url", db.url]);
    assert.equal(json.status, 1);
    const parsed = JSON.parse(json.stdout) as { result: { drifted: boolean; at: string[]; differences: string[] } };
    assert.deepEqual([parsed.result.drifted, parsed.result.at, parsed.result.differences.length], [true, ["d001"], 2]);
  });

  test("--drift with a models option is bad usage", async () => {
    const result = await retort(project.dir, ["check", "--drift", "--lint", "--url", db.url]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: --drift compares the database with its migrations, not with the models/);
  });
});
