// A 150-table SQLite database: `retort pull` writes its models, `revision --autogenerate`
// against an empty file writes the migration, `upgrade head` builds the copy, and `check`
// finds nothing between the models and either database.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sqliteExec, sqliteRows } from "../support/sqlite.js";
import { ensureBuilt, retort, tempProject, writeProject } from "./harness.js";

const TABLES = 150;

const ddl = (): string => {
  const out: string[] = ['CREATE TABLE "t000" (id INTEGER NOT NULL, name TEXT NOT NULL DEFAULT \'x\', CONSTRAINT pk_t000 PRIMARY KEY (id))'];
  for (let i = 1; i < TABLES; i++) {
    const n = String(i).padStart(3, "0");
    const parent = String(Math.floor(i / 2)).padStart(3, "0");
    out.push(
      `CREATE TABLE "t${n}" (id INTEGER NOT NULL, parent_id INTEGER, label VARCHAR(40) NOT NULL DEFAULT 'it''s', amount NUMERIC(10, 2), flag BOOLEAN NOT NULL DEFAULT 0, ` +
        `CONSTRAINT pk_t${n} PRIMARY KEY (id), CONSTRAINT uq_t${n}_label UNIQUE (label), CONSTRAINT ck_t${n}_amount CHECK (amount >= 0), ` +
        `CONSTRAINT fk_t${n}_parent FOREIGN KEY (parent_id) REFERENCES "t${parent}" (id) ON DELETE CASCADE)`,
      `CREATE INDEX ix_t${n}_parent ON "t${n}" (parent_id)`,
    );
  }
  return `${out.join(";\n")};`;
};

describe("pull 150 SQLite tables, autogenerate them from empty, round trip", () => {
  const project = tempProject("sqlite-pull");
  const source = join(project.dir, "source.db");
  const copy = join(project.dir, "copy.db");
  before(() => {
    ensureBuilt();
    writeProject(project.dir, 'export default { migrations: "migrations", models: "./models/index.ts" };\n');
    sqliteExec(source, ddl());
  });
  after(() => project.remove());

  test("pull, autogenerate into an empty file, upgrade, and check both databases", async () => {
    const pull = await retort(project.dir, ["pull"], { env: { DATABASE_URL: `sqlite://${source}` } });
    assert.equal(pull.status, 0, pull.stderr);
    assert.match(pull.stdout, /^Wrote 1 file\(s\) for 150 table\(s\) and 0 enum type\(s\):\n {2}models\/index\.ts\n/);
    const generated = await retort(project.dir, ["revision", "--autogenerate", "-m", "from empty", "--rev-id", "p001"], { env: { DATABASE_URL: `sqlite://${copy}` } });
    assert.equal(generated.status, 0, generated.stderr);
    const up = await retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: `sqlite://${copy}` } });
    assert.equal(up.status, 0, up.stderr);
    const checkCopy = await retort(project.dir, ["check"], { env: { DATABASE_URL: `sqlite://${copy}` } });
    assert.equal(checkCopy.stdout, "No differences: the database matches the models.\n", checkCopy.stdout);
    // The source adopts the migration (stamp head) and matches the same models.
    const stamp = await retort(project.dir, ["stamp", "head"], { env: { DATABASE_URL: `sqlite://${source}` } });
    assert.equal(stamp.status, 0, stamp.stderr);
    const checkSource = await retort(project.dir, ["check"], { env: { DATABASE_URL: `sqlite://${source}` } });
    assert.equal(checkSource.stdout, "No differences: the database matches the models.\n", checkSource.stdout);
    const count = "SELECT count(*) AS n FROM sqlite_schema WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'";
    assert.deepEqual(sqliteRows(copy, count), sqliteRows(source, count));
    const fks = "SELECT count(*) AS n FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) WHERE m.type = 'table'";
    assert.deepEqual(sqliteRows(copy, fks), [{ n: TABLES - 1 }]);
  });
});
