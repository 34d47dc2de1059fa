// Alembic itself on a database retort manages: the log table is beside alembic_version and
// invisible to Alembic, so `alembic current` reads retort's revision and `alembic upgrade`
// continues from it, after which retort continues from Alembic's. Needs Debian's alembic
// (`apt-get install alembic python3-psycopg2`); skipped loudly without it, unless
// RETORT_REQUIRE_ALEMBIC=1 (CI), which makes a missing alembic a failure.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import pg from "pg";
import { describeOnPostgres } from "../support/postgres.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject, type MigrationSpec } from "./harness.js";

const alembicSkip = (): string | false => {
  const found = spawnSync("alembic", ["--version"], { encoding: "utf8" });
  if (found.status === 0) return false;
  const line = "Alembic compatibility test SKIPPED: no `alembic` command (apt-get install alembic python3-psycopg2)";
  if (process.env.RETORT_REQUIRE_ALEMBIC === "1") throw new Error(`${line} (RETORT_REQUIRE_ALEMBIC=1 forbids skipping)`);
  console.error(`\n!!! ${line}\n`);
  return line;
};

const ENV_PY = `from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
`;

/** An Alembic revision file; retort's revisions appear as no-op stubs with the same ids. */
const alembicRevision = (id: string, down: string | null, upgrade = "pass"): string =>
  [
    "from alembic import op",
    "",
    `revision = ${JSON.stringify(id)}`,
    `down_revision = ${down === null ? "None" : JSON.stringify(down)}`,
    "branch_labels = None",
    "depends_on = None",
    "",
    "",
    "def upgrade():",
    `    ${upgrade}`,
    "",
    "",
    "def downgrade():",
    "    pass",
    "",
  ].join("\n");

const chain: MigrationSpec[] = [
  { revision: "aa01", downRevision: null, message: "users", upgrade: '  await op.execute("CREATE TABLE users (id int)");' },
  { revision: "aa02", downRevision: "aa01", message: "bots", upgrade: '  await op.execute("CREATE TABLE bots (id int)");' },
];

// Decided once, before any database is made: under RETORT_REQUIRE_ALEMBIC=1 the file fails here.
const skip = alembicSkip();

describeOnPostgres(
  "alembic",
  (client, suite) => {
    const project = tempProject("alembic");
    const alembicDir = mkdtempSync(join(tmpdir(), "retort-alembic-"));
    const alembic = (...args: string[]) => spawnSync("alembic", ["-c", join(alembicDir, "alembic.ini"), ...args], { cwd: alembicDir, encoding: "utf8" });
    before(() => {
      ensureBuilt();
      writeProject(project.dir);
      for (const spec of chain) writeMigration(project.dir, spec);
      const url = new URL(suite.database().url);
      url.protocol = "postgresql+psycopg2:";
      mkdirSync(join(alembicDir, "env", "versions"), { recursive: true });
      writeFileSync(join(alembicDir, "alembic.ini"), `[alembic]\nscript_location = ${join(alembicDir, "env")}\nsqlalchemy.url = ${url.toString()}\n`);
      writeFileSync(join(alembicDir, "env", "env.py"), ENV_PY);
      writeFileSync(join(alembicDir, "env", "versions", "aa01_users.py"), alembicRevision("aa01", null));
      writeFileSync(join(alembicDir, "env", "versions", "aa02_bots.py"), alembicRevision("aa02", "aa01"));
      writeFileSync(join(alembicDir, "env", "versions", "aa03_chats.py"), alembicRevision("aa03", "aa02", 'op.execute("CREATE TABLE chats (id int)")'));
    });
    after(() => {
      project.remove();
      rmSync(alembicDir, { recursive: true, force: true });
    });

    test("alembic current reads the revision retort applied, beside retort's log", { skip }, async () => {
      const up = await retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: suite.database().url } });
      assert.equal(up.status, 0, up.stderr);
      const logged = await client().query<{ n: string }>("select count(*)::text as n from retort_log");
      assert.equal(logged.rows[0]?.n, "2");
      const current = alembic("current");
      assert.equal(current.status, 0, current.stderr);
      assert.equal(current.stdout, "aa02\n");
    });

    test("alembic upgrade continues from it, and retort then continues from Alembic's revision", { skip }, async () => {
      const upgraded = alembic("upgrade", "head");
      assert.equal(upgraded.status, 0, upgraded.stderr);
      const rows = await client().query<{ version_num: string }>("select version_num from alembic_version");
      assert.deepEqual(rows.rows, [{ version_num: "aa03" }]);
      const chats = await client().query<{ t: string | null }>("select to_regclass('chats')::text as t");
      assert.equal(chats.rows[0]?.t, "chats");
      writeMigration(project.dir, { revision: "aa03", downRevision: "aa02", message: "chats", upgrade: '  await op.execute("CREATE TABLE chats (id int)");' });
      writeMigration(project.dir, { revision: "aa04", downRevision: "aa03", message: "later", upgrade: '  await op.execute("CREATE TABLE later (id int)");' });
      const env = { DATABASE_URL: suite.database().url };
      assert.equal((await retort(project.dir, ["current"], { env })).stdout, "aa03\n");
      const up = await retort(project.dir, ["upgrade", "head"], { env });
      assert.equal(up.status, 0, up.stderr);
      const after = await client().query<{ version_num: string }>("select version_num from alembic_version");
      assert.deepEqual(after.rows, [{ version_num: "aa04" }]);
      // Alembic's step has no log row (it does not know the log); retort's next one has.
      const logged = await client().query<{ revision: string; heads_before: string }>("select revision, heads_before from retort_log order by id");
      assert.deepEqual(logged.rows, [
        { revision: "aa01", heads_before: "" },
        { revision: "aa02", heads_before: "aa01" },
        { revision: "aa04", heads_before: "aa03" },
      ]);
    });
  },
  { title: "Alembic on a retort-managed PostgreSQL database" },
);
