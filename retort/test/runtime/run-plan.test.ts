// Running plans on a live connection through the step loop: transactions per migration, version rows, failures,
// statements that must run outside a transaction. Real PostgreSQL and real PGlite.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { isRetortError, type RetortError } from "../../src/errors.js";
import type { DatabaseTarget } from "../../src/drivers/index.js";
import { buildGraph, planDowngrade, planUpgrade, revisionId, type RevisionId } from "../../src/graph/index.js";
import { ensureVersionTable, openSession, readHeads, runPlan, type Session, type StepDescription } from "../../src/runtime/index.js";
import { scanVersions, type ScriptRevision } from "../../src/script/index.js";
import { describeOnPostgres, type TempDatabase } from "../support/postgres.js";

interface Fixture {
  readonly dir: string;
  readonly revisions: Map<RevisionId, ScriptRevision>;
}

/** A versions folder written from (id, parent, upgrade body, downgrade body, transactional). */
const fixture = async (files: [string, string | null, string, string, boolean?][]): Promise<Fixture> => {
  const dir = mkdtempSync(join(tmpdir(), "retort-runtime-"));
  mkdirSync(join(dir, "versions"));
  for (const [id, parent, up, down, transactional] of files) {
    writeFileSync(
      join(dir, "versions", `${id}.ts`),
      [
        `export const revision = "${id}";`,
        `export const downRevision = ${parent === null ? "null" : `"${parent}"`};`,
        `export const message = "${id} message";`,
        ...(transactional === false ? ["export const transactional = false;"] : []),
        `export async function upgrade(op: any) {\n${up}\n}`,
        `export async function downgrade(op: any) {\n${down}\n}`,
        "",
      ].join("\n"),
    );
  }
  const scripts = await scanVersions([join(dir, "versions")]);
  return { dir, revisions: new Map(scripts.map((script) => [script.id, script])) };
};

const graphOf = (f: Fixture) => buildGraph([...f.revisions.values()]);

const upgradeTo = async (session: Session, f: Fixture, target: string): Promise<StepDescription[]> => {
  await ensureVersionTable(session);
  const start = await readHeads(session);
  return runPlan(session, { start, ...planUpgrade(graphOf(f), start, target) }, f.revisions, { cwd: f.dir });
};

const failureOf = async (promise: Promise<unknown>): Promise<RetortError> => {
  try {
    await promise;
  } catch (error) {
    if (isRetortError(error)) return error;
    throw error;
  }
  throw new Error("expected a failure");
};

const tableNames = async (session: Session): Promise<string[]> =>
  (
    await session.connection.query<{ t: string }>(
      "select tablename as t from pg_tables where schemaname = 'public' and tablename <> 'alembic_version' order by 1",
    )
  ).rows.map((row) => row.t);

const behaviour = (open: () => Promise<Session>) => {
  let session: Session;
  let f: Fixture;
  before(async () => {
    session = await open();
    f = await fixture([
      ["r1", null, '  await op.execute("CREATE TABLE a (id int)");', '  await op.execute("DROP TABLE a");'],
      ["r2", "r1", '  op.execute("CREATE TABLE b (id int)");\n  op.execute("INSERT INTO b VALUES (1)");', '  await op.execute("DROP TABLE b");'],
      ["r3", "r2", '  await op.execute("CREATE TABLE c (id int)");\n  await op.execute("INSERT INTO missing VALUES (1)");', "", true],
    ]);
  });
  after(async () => {
    await session.close();
    rmSync(f.dir, { recursive: true, force: true });
  });

  test("a new database has no version table until a run creates it", async () => {
    assert.deepEqual(await readHeads(session), []);
    const exists = await session.connection.query("select to_regclass('alembic_version') is null as missing");
    assert.deepEqual(exists.rows, [{ missing: true }]);
  });

  test("upgrade runs each migration with its version row, in order, un-awaited ops included", async () => {
    const steps = await upgradeTo(session, f, "r2");
    assert.deepEqual(
      steps.map((step) => `${step.direction} ${step.from} -> ${step.to}`),
      ["up  -> r1", "up r1 -> r2"],
    );
    assert.deepEqual(await readHeads(session), [revisionId("r2")]);
    assert.deepEqual(await tableNames(session), ["a", "b"]);
    assert.deepEqual((await session.connection.query("select id from b")).rows, [{ id: 1 }]);
  });

  test("a failing statement rolls its migration back alone and says where it failed", async () => {
    const error = await failureOf(upgradeTo(session, f, "r3"));
    assert.equal(error.code, "MIGRATION_FAILED");
    assert.equal(
      error.message,
      `upgrade r3 (versions/r3.ts) failed in statement: INSERT INTO missing VALUES (1): relation "missing" does not exist; at character 13`,
    );
    assert.equal(error.details?.revision, "r3");
    assert.equal(error.details?.statement, "INSERT INTO missing VALUES (1)");
    assert.equal(error.details?.databaseCode, "42P01");
    assert.deepEqual(await readHeads(session), [revisionId("r2")]);
    assert.deepEqual(await tableNames(session), ["a", "b"]);
  });

  test("downgrade walks back down and removes the row at base", async () => {
    const start = await readHeads(session);
    const steps = await runPlan(session, { start, ...planDowngrade(graphOf(f), start, "base") }, f.revisions, { cwd: f.dir });
    assert.deepEqual(steps.map((step) => `${step.direction} ${step.revision}`), ["down r2", "down r1"]);
    assert.deepEqual(await readHeads(session), []);
    assert.deepEqual(await tableNames(session), []);
  });

  test("a version row that changed under the run is a conflict, and the migration is rolled back", async () => {
    await upgradeTo(session, f, "r1");
    await session.connection.exec("UPDATE alembic_version SET version_num = 'elsewhere'");
    const start = [revisionId("r1")];
    const error = await failureOf(runPlan(session, { start, ...planUpgrade(graphOf(f), start, "r2") }, f.revisions, { cwd: f.dir }));
    assert.equal(error.code, "VERSION_TABLE_CONFLICT");
    assert.match(error.message, /^upgrade r2 \(versions\/r2\.ts\): the version table alembic_version has no row 'r1' \(expected exactly one, found 0\)$/);
    assert.deepEqual(await tableNames(session), ["a"]);
  });
};

// A migration that adds an enum value is one transaction where the server allows it.
const enumAtomicity = (open: () => Promise<Session>) => {
  test("a migration that adds an enum value and then fails leaves nothing behind, and says it was rolled back", async () => {
    const f = await fixture([
      [
        "e1",
        null,
        [
          '  await op.createEnum("mood", ["calm"]);',
          '  await op.addEnumValue("mood", "angry");',
          '  await op.execute("CREATE TABLE feelings (m mood)");',
          '  await op.execute("INSERT INTO missing VALUES (1)");',
        ].join("\n"),
        "",
      ],
    ]);
    const session = await open();
    try {
      const error = await failureOf(upgradeTo(session, f, "e1"));
      assert.match(error.hint ?? "", /and this one was rolled back$/);
      const left = await session.connection.query("select to_regtype('mood') is null as gone, to_regclass('feelings') is null as no_table");
      assert.deepEqual(left.rows, [{ gone: true, no_table: true }]);
      assert.deepEqual(await readHeads(session), []);
    } finally {
      await session.close();
      rmSync(f.dir, { recursive: true, force: true });
    }
  });

  test("a value the migration uses commits on its own, and the failure says what stayed committed", async () => {
    const f = await fixture([
      [
        "e2",
        null,
        [
          '  await op.createEnum("level", ["low"]);',
          '  await op.addEnumValue("level", "high", { separateTransaction: true });',
          "  await op.execute(\"CREATE TABLE levels (l level DEFAULT 'high')\");",
          '  await op.execute("INSERT INTO missing VALUES (1)");',
        ].join("\n"),
        "",
      ],
    ]);
    const session = await open();
    const notices: string[] = [];
    try {
      await ensureVersionTable(session);
      const error = await failureOf(
        runPlan(session, { start: [], ...planUpgrade(graphOf(f), [], "head") }, f.revisions, { cwd: f.dir, events: { onNotice: (m) => notices.push(m) } }),
      );
      assert.deepEqual(notices, [
        `ALTER TYPE "level" ADD VALUE 'high' commits on its own (the migration uses the new value, which PostgreSQL refuses in the transaction that added it): the statements before it are committed first, and a later failure cannot undo them`,
      ]);
      assert.equal(
        error.hint,
        `fix the migration and run the command again: the migrations before e2 stay applied; this one was NOT fully rolled back: it committed its statements up to and including ALTER TYPE "level" ADD VALUE 'high' (which cannot run inside its transaction), so check what it left behind`,
      );
      const left = await session.connection.query("select enum_range(null::level)::text[] as v, to_regclass('levels') is null as no_table");
      assert.deepEqual(left.rows, [{ v: ["low", "high"], no_table: true }]);
    } finally {
      await session.close();
      rmSync(f.dir, { recursive: true, force: true });
    }
  });
};

describe("runPlan on PGlite", () => {
  enumAtomicity(() =>
    openSession({ target: { kind: "pglite", dataDir: null, display: "pglite://memory" }, versionTable: { table: "alembic_version" }, lock: true }),
  );
  behaviour(() =>
    openSession({
      target: { kind: "pglite", dataDir: null, display: "pglite://memory" },
      versionTable: { table: "alembic_version" },
      lock: true,
    }),
  );
});

describeOnPostgres("runtime", (_client, suite) => {
  let db: TempDatabase;
  let target: DatabaseTarget;
  before(async () => {
    db = suite.database();
    target = { kind: "postgres", url: db.url, display: db.url };
  });
  behaviour(() => openSession({ target, versionTable: { table: "alembic_version" }, lock: true }));
  enumAtomicity(() => openSession({ target, versionTable: { table: "v_enum" }, lock: true }));

  test("CREATE INDEX CONCURRENTLY inside a transactional migration runs between two transactions", async () => {
    const f = await fixture([
      [
        "i1",
        null,
        [
          '  await op.execute("CREATE TABLE t (id int)");',
          '  await op.createIndex("t_id", "t", ["id"], { concurrently: true });',
          '  await op.execute("INSERT INTO t VALUES (7)");',
        ].join("\n"),
        "",
      ],
    ]);
    const session = await openSession({ target, versionTable: { table: "v_index" }, lock: true });
    try {
      await ensureVersionTable(session);
      await runPlan(session, { start: [], ...planUpgrade(graphOf(f), [], "head") }, f.revisions, { cwd: f.dir });
      assert.deepEqual(await readHeads(session), [revisionId("i1")]);
      const index = await session.connection.query("select indexname from pg_indexes where tablename = 't'");
      assert.deepEqual(index.rows, [{ indexname: "t_id" }]);
      assert.deepEqual((await session.connection.query("select id from t")).rows, [{ id: 7 }]);
    } finally {
      await session.close();
      rmSync(f.dir, { recursive: true, force: true });
    }
  });

  test("the run lock is held on its own session until close", async () => {
    const probe = await openSession({ target, versionTable: { table: "v_lock" }, lock: false });
    const advisoryLocks = async (): Promise<number> => {
      const result = await probe.connection.query<{ n: number }>(
        "select count(*)::int as n from pg_locks l join pg_stat_activity a using (pid) where l.locktype = 'advisory' and l.granted and a.datname = current_database()",
      );
      return result.rows[0]?.n ?? -1;
    };
    const baseline = await advisoryLocks();
    const first = await openSession({ target, versionTable: { table: "v_lock" }, lock: true });
    try {
      assert.equal(await advisoryLocks(), baseline + 1);
      await first.close();
      assert.equal(await advisoryLocks(), baseline);
    } finally {
      await first.close();
      await probe.close();
    }
  });
}, { title: "runPlan on PostgreSQL" });
