// `retort pull --baseline`: adopting a database with tables and no retort history. On a
// database real Alembic created, the baseline takes Alembic's revision id, and a new retort
// revision upgrades from it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

const ALEMBIC_REVISION = "2ea0bf830a14";

const ALEMBIC_MIGRATION = `"""create accounts

Revision ID: ${ALEMBIC_REVISION}
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "${ALEMBIC_REVISION}"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_accounts_created_at", "accounts", ["created_at"])


def downgrade():
    op.drop_table("accounts")
`;

/** Debian's alembic (python3-alembic), or a reason to skip; RETORT_REQUIRE_ALEMBIC=1 forbids skipping. */
const alembicSkip = (): string | false => {
  const found = spawnSync("alembic", ["--version"], { encoding: "utf8" });
  if (found.status === 0) return false;
  const line = "Alembic suite SKIPPED: no `alembic` on PATH; install Debian's python3-alembic (apt-get install -y python3-alembic)";
  if (process.env.RETORT_REQUIRE_ALEMBIC === "1") throw new Error(`${line} (RETORT_REQUIRE_ALEMBIC=1 forbids skipping)`);
  console.error(`\n!!! ${line}\n`);
  return line;
};

const rows = async (url: string, sql: string): Promise<unknown[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};

describe("retort pull --baseline", async () => {
  const skip = (await postgresSkip()) || alembicSkip();
  if (skip !== false) {
    test("skipped", { skip }, () => {});
    return;
  }
  before(() => ensureBuilt());

  describe("on a database Alembic created", () => {
    const project = tempProject("baseline-alembic");
    let db: TempDatabase;
    before(async () => {
      db = await createTempDatabase("alembic");
      // Alembic's own project in a folder of its own, beside retort's.
      const home = join(project.dir, "alembic");
      mkdirSync(home);
      const init = spawnSync("alembic", ["init", "-t", "generic", "mig"], { cwd: home, encoding: "utf8" });
      assert.equal(init.status, 0, init.stderr);
      const ini = join(home, "alembic.ini");
      writeFileSync(ini, readFileSync(ini, "utf8").replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${db.url}`));
      writeFileSync(join(home, "mig", "versions", `${ALEMBIC_REVISION}_create_accounts.py`), ALEMBIC_MIGRATION);
      const up = spawnSync("alembic", ["upgrade", "head"], { cwd: home, encoding: "utf8" });
      assert.equal(up.status, 0, up.stderr);
      writeProject(project.dir);
    });
    after(async () => {
      await db?.drop();
      project.remove();
    });

    test("the baseline takes Alembic's revision id, and a new retort revision upgrades from it", async () => {
      const pulled = await retort(project.dir, ["pull", "--baseline", "--url", db.url]);
      assert.equal(pulled.status, 0, pulled.stderr);
      assert.equal(
        pulled.stdout,
        [
          "Wrote 1 file(s) for 1 table(s) and 0 enum type(s):",
          "  models/index.ts",
          "Add to retort.config.ts so that `retort check` finds the models:",
          '  models: "./models/index.ts",',
          `Wrote the baseline revision ${ALEMBIC_REVISION} (2 operation(s)): migrations/versions/${ALEMBIC_REVISION}_baseline.ts`,
          `The database's version table already names ${ALEMBIC_REVISION}; it continues from there.`,
          "",
        ].join("\n"),
      );
      const source = readFileSync(join(project.dir, "migrations", "versions", `${ALEMBIC_REVISION}_baseline.ts`), "utf8");
      assert.match(source, /^export const downRevision: string \| string\[\] \| null = null;$/m);
      assert.match(source, /await op\.createIndex\("ix_accounts_created_at", "accounts", \["created_at"\]\);/);
      // The baseline creates exactly the database's schema: no drift between them.
      const drift = await retort(project.dir, ["check", "--drift", "--url", db.url]);
      assert.equal(drift.status, 0, drift.stdout + drift.stderr);
      writeMigration(project.dir, {
        revision: "r002",
        downRevision: ALEMBIC_REVISION,
        message: "add nickname",
        upgrade: '  op.execute("ALTER TABLE accounts ADD COLUMN nickname text");',
        downgrade: '  op.execute("ALTER TABLE accounts DROP COLUMN nickname");',
      });
      const up = await retort(project.dir, ["upgrade", "head", "--url", db.url]);
      assert.equal(up.status, 0, up.stderr);
      assert.match(up.stderr, new RegExp(`^INFO  Running upgrade ${ALEMBIC_REVISION} -> r002, add nickname$`, "m"));
      assert.deepEqual(await rows(db.url, "select version_num from alembic_version"), [{ version_num: "r002" }]);
      assert.deepEqual(await rows(db.url, "select column_name from information_schema.columns where table_name = 'accounts' and column_name = 'nickname'"), [{ column_name: "nickname" }]);
      const verified = await retort(project.dir, ["verify"]);
      assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    });
  });

  describe("on a database without a version table", () => {
    const project = tempProject("baseline-plain");
    let db: TempDatabase;
    before(async () => {
      db = await createTempDatabase("plain");
      await rows(db.url, "CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL)");
      writeProject(project.dir);
    });
    after(async () => {
      await db?.drop();
      project.remove();
    });

    test("--rev-id names the baseline and the database is stamped at it; a second run refuses, writing nothing", async () => {
      const pulled = await retort(project.dir, ["pull", "--baseline", "-m", "adopt", "--rev-id", "b001", "--url", db.url]);
      assert.equal(pulled.status, 0, pulled.stderr);
      assert.match(pulled.stdout, /^Wrote the baseline revision b001 \(1 operation\(s\)\): migrations\/versions\/b001_adopt\.ts\nStamped the database at b001\.\n$/m);
      assert.deepEqual(await rows(db.url, "select version_num from alembic_version"), [{ version_num: "b001" }]);
      const again = await retort(project.dir, ["pull", "--baseline", "--force", "--url", db.url]);
      assert.equal(again.status, 2);
      assert.match(again.stderr, /^error: the versions folder already holds 1 revision\(s\); a baseline must be the first$/m);
    });
  });
});
