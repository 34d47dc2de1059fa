// The live sink's round trips: a migration's parameterless statements and its version-row
// change travel as one simple-query message, COMMIT alone after it; a failing message is replayed
// statement by statement in a fresh (rolled back) transaction to name the statement.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Connection } from "../../src/drivers/types.js";
import { buildGraph, planUpgrade } from "../../src/graph/index.js";
import { connectionSink, ensureVersionTable, openSession, readHeads, runPlan, type MigrationTarget, type Session } from "../../src/runtime/index.js";
import { scanVersions } from "../../src/script/index.js";
import { describeOnPostgres } from "../support/postgres.js";
import { isRetortError } from "../../src/errors.js";

/** The real connection, with every message it sends written down. */
const counting = (connection: Connection): { connection: Connection; messages: string[] } => {
  const messages: string[] = [];
  return {
    messages,
    connection: {
      ...connection,
      query: (sql, params) => {
        messages.push(sql);
        return connection.query(sql, params);
      },
      exec: (sql) => {
        messages.push(sql);
        return connection.exec(sql);
      },
      execBatch: (sql) => {
        messages.push(sql);
        return connection.execBatch(sql);
      },
    },
  };
};

describeOnPostgres(
  "sink",
  (_client, suite) => {
    let session: Session;
    let dir: string;
    before(async () => {
      session = await openSession({ target: { kind: "postgres", url: suite.database().url, display: "db" }, versionTable: { table: "alembic_version" }, lock: false });
      dir = mkdtempSync(join(tmpdir(), "retort-sink-"));
      mkdirSync(join(dir, "versions"));
      const write = (id: string, parent: string | null, body: string): void =>
        writeFileSync(
          join(dir, "versions", `${id}.ts`),
          `export const revision = "${id}";\nexport const downRevision = ${parent === null ? "null" : `"${parent}"`};\nexport async function upgrade(op: any) {\n${body}\n}\nexport async function downgrade(op: any) {}\n`,
        );
      write("b1", null, '  await op.execute("CREATE TABLE one (id int)");');
      write("b2", "b1", '  await op.execute("CREATE TABLE two (id int) -- a comment");');
      write("b3", "b2", '  await op.execute("CREATE TABLE three (id int)");\n  await op.execute("INSERT INTO nowhere VALUES (1)");\n  await op.execute("CREATE TABLE four (id int)");');
    });
    after(async () => {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const run = async (target: string) => {
      const revisions = new Map((await scanVersions([join(dir, "versions")])).map((script) => [script.id, script]));
      const recorder = counting(session.connection);
      const live: MigrationTarget = { sink: connectionSink(recorder.connection, session.dialect.compiler.transaction), dialect: session.dialect, versionTable: session.versionTable };
      const start = await readHeads(session);
      const done = runPlan(live, { start, ...planUpgrade(buildGraph([...revisions.values()]), start, target) }, revisions, { cwd: dir });
      return { done, messages: recorder.messages };
    };

    test("one message per migration: BEGIN, the DDL, the version row and COMMIT", async () => {
      await ensureVersionTable(session);
      const { done, messages } = await run("b2");
      await done;
      assert.deepEqual(messages, [
        'BEGIN;\nCREATE TABLE one (id int);\nINSERT INTO "alembic_version" ("version_num") VALUES (\'b1\');\nCOMMIT;',
        "BEGIN;\nCREATE TABLE two (id int) -- a comment\n;\n" +
          "DO $retort_version$ BEGIN UPDATE \"alembic_version\" SET \"version_num\" = 'b2' WHERE \"version_num\" = 'b1'; IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'retort: version row not found', DETAIL = 'b1'; END IF; END $retort_version$;\nCOMMIT;",
      ]);
      assert.deepEqual(await readHeads(session), ["b2"]);
    });

    test("a failing message is rolled back, replayed alone to name its statement, and rolled back again", async () => {
      const { done, messages } = await run("b3");
      const error = await done.then(
        () => assert.fail("expected a failure"),
        (caught: unknown) => caught,
      );
      assert.ok(isRetortError(error));
      assert.equal(error.details?.statement, "INSERT INTO nowhere VALUES (1)");
      assert.deepEqual(messages.slice(1), ["ROLLBACK", "BEGIN", "CREATE TABLE three (id int)", "INSERT INTO nowhere VALUES (1)", "ROLLBACK"]);
      assert.deepEqual(await readHeads(session), ["b2"]);
      const tables = await session.connection.query("SELECT 1 FROM pg_tables WHERE tablename IN ('three', 'four')");
      assert.equal(tables.rowCount, 0);
    });

    test("a version row changed under the run fails the batch as VERSION_TABLE_CONFLICT", async () => {
      await session.connection.exec("UPDATE alembic_version SET version_num = 'elsewhere'");
      writeFileSync(join(dir, "versions", "b3.ts"), 'export const revision = "b3";\nexport const downRevision = "b2";\nexport async function upgrade(op: any) { await op.execute("CREATE TABLE three (id int)"); }\nexport async function downgrade(op: any) {}\n');
      const revisions = new Map((await scanVersions([join(dir, "versions")])).map((script) => [script.id, script]));
      const start = ["b2"] as never[];
      const error = await runPlan(session, { start, ...planUpgrade(buildGraph([...revisions.values()]), start, "b3") }, revisions, { cwd: dir }).then(
        () => assert.fail("expected a failure"),
        (caught: unknown) => caught,
      );
      assert.ok(isRetortError(error));
      assert.equal(error.code, "VERSION_TABLE_CONFLICT");
      assert.equal(error.message, "upgrade b3 (versions/b3.ts): the version table alembic_version has no row 'b2' (expected exactly one, found 0)");
      const tables = await session.connection.query("SELECT 1 FROM pg_tables WHERE tablename = 'three'");
      assert.equal(tables.rowCount, 0);
    });

    test("a batch that fails at its COMMIT (a deferred check) is named COMMIT, and its replay commits nothing", async () => {
      await session.connection.exec("UPDATE alembic_version SET version_num = 'b2'");
      writeFileSync(
        join(dir, "versions", "b3.ts"),
        'export const revision = "b3";\nexport const downRevision = "b2";\nexport async function upgrade(op: any) {\n' +
          '  await op.execute("CREATE TABLE parent (id int PRIMARY KEY)");\n' +
          '  await op.execute("CREATE TABLE child (parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED)");\n' +
          '  await op.execute("INSERT INTO child VALUES (7)");\n}\nexport async function downgrade(op: any) {}\n',
      );
      const { done, messages } = await run("b3");
      const error = await done.then(
        () => assert.fail("expected a failure"),
        (caught: unknown) => caught,
      );
      assert.ok(isRetortError(error));
      assert.equal(error.details?.statement, "COMMIT");
      assert.match(String(error.details?.databaseMessage), /violates foreign key constraint/);
      assert.deepEqual(messages.slice(1), [
        "ROLLBACK",
        "BEGIN",
        "CREATE TABLE parent (id int PRIMARY KEY)",
        "CREATE TABLE child (parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED)",
        "INSERT INTO child VALUES (7)",
        `DO $retort_version$ BEGIN UPDATE "alembic_version" SET "version_num" = 'b3' WHERE "version_num" = 'b2'; IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'retort: version row not found', DETAIL = 'b2'; END IF; END $retort_version$`,
        "ROLLBACK",
      ]);
      assert.deepEqual(await readHeads(session), ["b2"]);
      const tables = await session.connection.query("SELECT 1 FROM pg_tables WHERE tablename IN ('parent', 'child')");
      assert.equal(tables.rowCount, 0);
    });
  },
  { title: "the live sink's round trips on PostgreSQL", client: false },
);
