// Alembic and retort share the version table on SQLite: Debian's python3-alembic reads the
// heads retort wrote, retort reads the rows Alembic wrote, and the table retort creates is
// the one Alembic creates. Without python3-alembic the suite skips loudly, and fails with
// RETORT_REQUIRE_ALEMBIC=1 (set in .ci/run).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sqliteRows } from "../support/sqlite.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

const PYTHON = "/usr/bin/python3";
const hasAlembic = spawnSync(PYTHON, ["-c", "import alembic, sqlalchemy"]).status === 0;
if (!hasAlembic) {
  if (process.env.RETORT_REQUIRE_ALEMBIC === "1") throw new Error("RETORT_REQUIRE_ALEMBIC=1 but python3-alembic is not installed (apt-get install -y python3-alembic)");
  console.warn("SKIPPED: the Alembic compatibility suite needs Debian's python3-alembic (apt-get install -y python3-alembic)");
}

const python = (script: string, ...args: string[]): string => {
  const run = spawnSync(PYTHON, ["-c", script, ...args], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
};

const HEADS = `
import sys
from sqlalchemy import create_engine
from alembic.runtime.migration import MigrationContext
with create_engine("sqlite:///" + sys.argv[1]).connect() as c:
    print(",".join(sorted(MigrationContext.configure(c).get_current_heads())))
`;

const STAMP = `
import sys
from sqlalchemy import create_engine
from alembic.runtime.migration import MigrationContext
engine = create_engine("sqlite:///" + sys.argv[1])
with engine.begin() as c:
    ctx = MigrationContext.configure(c)
    ctx._ensure_version_table()
    for rev in sys.argv[2:]:
        c.execute(ctx._version.insert().values(version_num=rev))
`;

const SHAPE = "SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info('alembic_version') ORDER BY cid";
const KEY = "SELECT il.origin, ii.name FROM pragma_index_list('alembic_version') il JOIN pragma_index_info(il.name) ii";

describe("Alembic reads and writes retort's version table on SQLite", { skip: !hasAlembic && "python3-alembic is not installed" }, () => {
  const project = tempProject("sqlite-alembic");
  before(() => {
    ensureBuilt();
    writeProject(project.dir);
    writeMigration(project.dir, { revision: "ae1027a6acf4", downRevision: null, message: "one", upgrade: '  await op.execute("CREATE TABLE a (x)");' });
    writeMigration(project.dir, { revision: "27c6a30d7c24", downRevision: "ae1027a6acf4", message: "left", upgrade: '  await op.execute("CREATE TABLE l (x)");' });
    writeMigration(project.dir, { revision: "1975ea83b712", downRevision: "ae1027a6acf4", message: "right", upgrade: '  await op.execute("CREATE TABLE r (x)");' });
  });
  after(() => project.remove());

  test("Alembic sees the heads retort recorded (two branches)", async () => {
    const file = join(project.dir, "retort.db");
    const up = await retort(project.dir, ["upgrade", "heads"], { env: { DATABASE_URL: `sqlite://${file}` } });
    assert.equal(up.status, 0, up.stderr);
    assert.equal(python(HEADS, file), "1975ea83b712,27c6a30d7c24\n");
  });

  test("retort sees the rows Alembic wrote, in a table of the same shape and key", async () => {
    const file = join(project.dir, "alembic.db");
    python(STAMP, file, "27c6a30d7c24");
    const current = await retort(project.dir, ["current"], { env: { DATABASE_URL: `sqlite://${file}` } });
    assert.equal(current.status, 0, current.stderr);
    assert.equal(current.stdout, "27c6a30d7c24 (head)\n");
    const up = await retort(project.dir, ["upgrade", "heads"], { env: { DATABASE_URL: `sqlite://${file}` } });
    assert.equal(up.status, 0, up.stderr);
    assert.equal(python(HEADS, file), "1975ea83b712,27c6a30d7c24\n");
    const ours = join(project.dir, "retort.db");
    assert.deepEqual(sqliteRows(ours, SHAPE), sqliteRows(file, SHAPE));
    assert.deepEqual(sqliteRows(ours, SHAPE), [{ name: "version_num", type: "VARCHAR(32)", nn: 1, pk: 1 }]);
    assert.deepEqual(sqliteRows(ours, KEY), sqliteRows(file, KEY));
    assert.match(String((sqliteRows(file, "SELECT sql FROM sqlite_schema WHERE name = 'alembic_version'")[0] as { sql: string }).sql), /CONSTRAINT alembic_version_pkc PRIMARY KEY \(version_num\)/);
    assert.match(String((sqliteRows(ours, "SELECT sql FROM sqlite_schema WHERE name = 'alembic_version'")[0] as { sql: string }).sql), /CONSTRAINT "alembic_version_pkc" PRIMARY KEY \("version_num"\)/);
  });
});
