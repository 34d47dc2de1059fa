// `retort verify`: each revision up, down and up again in a shadow database (PGlite in
// memory, or a throwaway database on a server), the schema at head against the models.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { postgresSkip, serverUrl } from "../support/postgres.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

const BACKEND = fileURLToPath(new URL("../../../backend/", import.meta.url));

const shadowDatabases = async (): Promise<string[]> => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'retort_shadow%'");
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
};

describe("retort verify", () => {
  before(() => ensureBuilt());

  test("passes on the backend's revisions, 001 to head, and its models", async () => {
    const result = await retort(BACKEND, ["verify"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        "Verifying in pglite://memory:",
        "  ok      001_initial  migrations/versions/001_initial.ts",
        "  ok      002_triggers  migrations/versions/002_triggers.ts",
        "  ok      003_add_user_avatar_field  migrations/versions/003_add_user_avatar_field.ts",
        "  ok      004_keyset_pagination_indexes  migrations/versions/004_keyset_pagination_indexes.ts",
        "  ok      005_case_insensitive_users  migrations/versions/005_case_insensitive_users.ts",
        "  ok      006_reply_engine_passages  migrations/versions/006_reply_engine_passages.ts",
        "  ok      the schema at head matches the models",
        "6 revision(s) verified.",
        "",
      ].join("\n"),
    );
  });

  describe("on a history whose second downgrade forgets an index", () => {
    const project = tempProject("verify");
    before(() => {
      writeProject(project.dir);
      writeMigration(project.dir, {
        revision: "v001",
        downRevision: null,
        message: "create notes",
        upgrade: '  op.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text)");',
        downgrade: '  op.execute("DROP TABLE notes");',
      });
      writeMigration(project.dir, {
        revision: "v002",
        downRevision: "v001",
        message: "index and column",
        upgrade: '  op.execute("ALTER TABLE notes ADD COLUMN title text");\n  op.createIndex("ix_notes_body", "notes", ["body"]);',
        downgrade: '  op.execute("ALTER TABLE notes DROP COLUMN title");',
      });
      writeMigration(project.dir, { revision: "v003", downRevision: "v002", message: "never reached", upgrade: "", downgrade: "" });
    });
    after(() => project.remove());

    test("exits 1 at that revision, naming it, its file and the index left behind", async () => {
      const result = await retort(project.dir, ["verify"]);
      assert.equal(result.status, 1, result.stderr);
      assert.equal(
        result.stdout,
        [
          "Verifying in pglite://memory:",
          "  ok      v001  migrations/versions/v001_create_notes.ts",
          "  FAILED  v002  migrations/versions/v002_index_and_column.ts: the downgrade does not bring the schema back",
          "          after the downgrade, compared with before the upgrade (+ left behind, - missing, ~ changed):",
          '            + op.createIndex("ix_notes_body", "notes", ["body"])',
          "",
        ].join("\n"),
      );
      // The real database (the default ./.retort/pglite) was never opened.
      assert.equal(existsSync(join(project.dir, ".retort")), false);
    });

    test("--json carries the failure, and a range from:to checks the revisions after from", async () => {
      const result = await retort(project.dir, ["verify", "v001:head", "--json"]);
      assert.equal(result.status, 1, result.stderr);
      const parsed = JSON.parse(result.stdout) as { result: { ok: boolean; revisions: { revision: string; ok: boolean; failed?: string; file: string; differences?: string[] }[] } };
      assert.equal(parsed.result.ok, false);
      assert.deepEqual(
        parsed.result.revisions.map(({ revision, ok, failed, file, differences }) => ({ revision, ok, failed, file, differences })),
        [{ revision: "v002", ok: false, failed: "schema", file: "migrations/versions/v002_index_and_column.ts", differences: ['+ op.createIndex("ix_notes_body", "notes", ["body"])'] }],
      );
    });
  });

  describe("on a revision whose downgrade fails", () => {
    const project = tempProject("verify-throws");
    before(() => {
      writeProject(project.dir);
      writeMigration(project.dir, {
        revision: "t001",
        downRevision: null,
        message: "create notes",
        upgrade: '  op.execute("CREATE TABLE notes (id int)");',
        downgrade: '  op.execute("DROP TABLE note");',
      });
    });
    after(() => project.remove());

    test("names the phase, the revision, its file and the database's error", async () => {
      const result = await retort(project.dir, ["verify", "--json"]);
      assert.equal(result.status, 1, result.stderr);
      const parsed = JSON.parse(result.stdout) as { result: { revisions: { revision: string; failed: string; file: string; message: string }[] } };
      const [failed] = parsed.result.revisions;
      assert.deepEqual([parsed.result.revisions.length, failed?.revision, failed?.failed, failed?.file], [1, "t001", "downgrade", "migrations/versions/t001_create_notes.ts"]);
      assert.match(failed?.message ?? "", /^downgrade t001 \(migrations\/versions\/t001_create_notes\.ts\) failed.*table "note" does not exist/s);
    });
  });

  describe("on a history with two heads", () => {
    const project = tempProject("verify-heads");
    before(() => {
      writeProject(project.dir);
      writeMigration(project.dir, { revision: "h001", downRevision: null, message: "base", upgrade: '  op.execute("CREATE TABLE a (id int)");', downgrade: '  op.execute("DROP TABLE a");' });
      writeMigration(project.dir, { revision: "h002", downRevision: "h001", message: "left", upgrade: '  op.execute("CREATE TABLE b (id int)");', downgrade: '  op.execute("DROP TABLE b");' });
      writeMigration(project.dir, { revision: "h003", downRevision: "h001", message: "right", upgrade: "", downgrade: "" });
    });
    after(() => project.remove());

    test("fails without replaying anything, unless --allow-multiple-heads", async () => {
      const refused = await retort(project.dir, ["verify"]);
      assert.equal(refused.status, 1, refused.stderr);
      assert.equal(
        refused.stdout,
        'FAILED: the history has 2 heads (h002, h003); merge them (`retort merge heads -m "merge"`) or pass --allow-multiple-heads\n',
      );
      const allowed = await retort(project.dir, ["verify", "--allow-multiple-heads"]);
      assert.equal(allowed.status, 0, allowed.stderr);
      assert.deepEqual(
        allowed.stdout.split("\n").filter((line) => line.startsWith("  ok")).map((line) => line.trim().split(/\s+/)[1]),
        ["h001", "h002", "h003"],
      );
    });
  });

  test("--shadow-url replays on a throwaway database of that server and drops it", async (t) => {
    const skip = await postgresSkip();
    if (skip !== false) return t.skip(skip);
    const before = await shadowDatabases();
    const result = await retort(BACKEND, ["verify", "--shadow-url", serverUrl]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Verifying in postgresql:\/\/\S+ \(database retort_shadow_\d+_[0-9a-f]{8}, dropped after\):\n/);
    assert.match(result.stdout, /6 revision\(s\) verified\.\n$/);
    assert.deepEqual(await shadowDatabases(), before);
  });
});
