// The statement sink: a live run and an offline script are the same statements in the same
// order, because both go through one step loop and differ only in where the sink sends
// them. A recording wrapper around the live sink captures what the database received.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createDialect } from "../../src/dialects/index.js";
import { buildGraph, planStamp, planUpgrade, revisionId, type RevisionGraph, type RevisionId } from "../../src/graph/index.js";
import type { Statement } from "../../src/ops/types.js";
import {
  ensureVersionTable,
  offlineTarget,
  openSession,
  readHeads,
  runPlan,
  stampVersionTable,
  type MigrationTarget,
  type Session,
  type StatementSink,
} from "../../src/runtime/index.js";
import { scanVersions, type ScriptRevision } from "../../src/script/index.js";

// Offline text is inlined by the PostgreSQL compiler whatever the session's driver.
const dialect = createDialect("postgresql://localhost/retort", { offline: true });
const statementText = (statement: Statement): string => `${dialect.compiler.inline(statement).trimEnd().replace(/;+$/, "")};`;

/**
 * A live connection batches a migration's statements with COMMIT, so its version-row
 * UPDATE and DELETE come guarded (failing on their own when the row is missing); the script
 * states the bare change. This is the one difference, undone here for the comparison.
 */
const unguarded = (sql: string): string =>
  sql.replace(/^DO \$retort_version\$ BEGIN (.*?); IF NOT FOUND THEN RAISE EXCEPTION .* END \$retort_version\$;$/, "$1;");

/** The live sink, recording each statement as a script would print it. */
const recording = (sink: StatementSink): { sink: StatementSink; sent: string[] } => {
  const sent: string[] = [];
  return {
    sent,
    sink: {
      ...sink,
      execute: async (statement) => {
        sent.push(unguarded(statementText(statement)));
        await sink.execute(statement);
      },
      write: async (statement) => {
        sent.push(statementText(statement));
        return sink.write(statement);
      },
      begin: async () => {
        sent.push("BEGIN;");
        await sink.begin();
      },
      commit: async () => {
        sent.push("COMMIT;");
        await sink.commit();
      },
      rollback: async () => {
        sent.push("ROLLBACK;");
        await sink.rollback();
      },
    },
  };
};

/** A script's statements: its lines without the comments and the blank lines between groups. */
const statementsOf = (script: string): string[] => script.split("\n").filter((line) => line !== "" && !line.startsWith("-- "));

describe("one step loop, two sinks", () => {
  let dir: string;
  let revisions: Map<RevisionId, ScriptRevision>;
  let graph: RevisionGraph;
  let session: Session;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "retort-sink-"));
    mkdirSync(join(dir, "versions"));
    const file = (name: string, lines: string[]) => writeFileSync(join(dir, "versions", name), `${lines.join("\n")}\n`);
    file("s1.ts", [
      'export const revision = "s1";',
      "export const downRevision = null;",
      'export const message = "users";',
      "export async function upgrade(op: any) {",
      '  await op.execute("CREATE TABLE users (id int, name text)");',
      '  await op.bulkInsert("users", [{ id: 1, name: "O\'Brien" }, { id: 2, name: null }]);',
      "}",
      "export async function downgrade(op: any) {}",
    ]);
    file("s2.ts", [
      'export const revision = "s2";',
      'export const downRevision = "s1";',
      "export const transactional = false;",
      "export async function upgrade(op: any) {",
      '  await op.createIndex("users_id", "users", ["id"], { concurrently: true });',
      "}",
      "export async function downgrade(op: any) {}",
    ]);
    file("s3.ts", [
      'export const revision = "s3";',
      'export const downRevision = "s2";',
      "export async function upgrade(op: any) {",
      '  await op.execute("UPDATE users SET name = $1 WHERE id = $2", ["x; y", 2]);',
      '  await op.createIndex("users_name", "users", ["name"], { concurrently: true });',
      "}",
      "export async function downgrade(op: any) {}",
    ]);
    const scripts = await scanVersions([join(dir, "versions")]);
    revisions = new Map(scripts.map((script) => [script.id, script]));
    graph = buildGraph(scripts);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const open = () =>
    openSession({ target: { kind: "pglite", dataDir: null, display: "pglite://memory" }, versionTable: { table: "alembic_version" }, lock: true });

  test("upgrade head: the script holds exactly the statements the database executed, in order", async () => {
    session = await open();
    try {
      const live = recording(session.sink);
      const target: MigrationTarget = { ...session, sink: live.sink };
      await ensureVersionTable(target);
      const start = await readHeads(session);
      await runPlan(target, { start, ...planUpgrade(graph, start, "head") }, revisions, { cwd: dir });
      assert.deepEqual(await readHeads(session), [revisionId("s3")]);

      // The live session's dialect (PGlite's: CONCURRENTLY falls back to a plain index).
      const script = offlineTarget(session.dialect, { table: "alembic_version" });
      await runPlan(script, { start: [], ...planUpgrade(graph, [], "head") }, revisions, { cwd: dir });
      assert.deepEqual(statementsOf(script.sink.text()), live.sent);
      // What both hold, so that a loop that drops a statement on both sides still fails here.
      assert.deepEqual(live.sent, [
        'CREATE TABLE IF NOT EXISTS "alembic_version" ("version_num" VARCHAR(32) NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num"));',
        "BEGIN;",
        "CREATE TABLE users (id int, name text);",
        `INSERT INTO "users" ("id", "name") VALUES ('1', 'O''Brien'), ('2', NULL);`,
        `INSERT INTO "alembic_version" ("version_num") VALUES ('s1');`,
        "COMMIT;",
        'CREATE INDEX "users_id" ON "users" ("id");',
        `UPDATE "alembic_version" SET "version_num" = 's2' WHERE "version_num" = 's1';`,
        "BEGIN;",
        "UPDATE users SET name = 'x; y' WHERE id = '2';",
        'CREATE INDEX "users_name" ON "users" ("name");',
        `UPDATE "alembic_version" SET "version_num" = 's3' WHERE "version_num" = 's2';`,
        "COMMIT;",
      ]);
    } finally {
      await session.close();
    }
  });

  test("stamp: the same statements online and offline, in a transaction only online", async () => {
    session = await open();
    try {
      const live = recording(session.sink);
      const target: MigrationTarget = { ...session, sink: live.sink };
      await ensureVersionTable(target);
      const made = planStamp(graph, await readHeads(session), ["s2"], { purge: true });
      await stampVersionTable(target, made.changes, { purge: true });
      assert.deepEqual(await readHeads(session), [revisionId("s2")]);
      assert.deepEqual(made.heads, [revisionId("s2")]);

      const script = offlineTarget(dialect, { table: "alembic_version" });
      await ensureVersionTable(script);
      await stampVersionTable(script, planStamp(graph, [], ["s2"], { purge: true }).changes, { purge: true });
      const offline = script.sink.text();
      assert.equal(
        offline,
        [
          'CREATE TABLE IF NOT EXISTS "alembic_version" ("version_num" VARCHAR(32) NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num"));',
          'DELETE FROM "alembic_version";',
          `INSERT INTO "alembic_version" ("version_num") VALUES ('s2');`,
          "",
        ].join("\n"),
      );
      assert.deepEqual(
        live.sent.filter((line) => line !== "BEGIN;" && line !== "COMMIT;"),
        statementsOf(offline),
      );
      assert.deepEqual([live.sent[1], live.sent.at(-1)], ["BEGIN;", "COMMIT;"]);
    } finally {
      await session.close();
    }
  });
});
