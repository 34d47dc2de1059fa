// The applied-migration log as the step loop and stamp write it: one row per step, in the
// step's transaction, exactly the rows of an upgrade/downgrade/stamp sequence, and none for
// a migration that failed. Real PGlite and a real PostgreSQL server.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { isRetortError } from "../../src/errors.js";
import type { DatabaseTarget } from "../../src/drivers/index.js";
import { buildGraph, planDowngrade, planStamp, planUpgrade, type RevisionId } from "../../src/graph/index.js";
import { ensureVersionTable, openSession, readHeads, readLog, runPlan, stampVersionTable, type Session } from "../../src/runtime/index.js";
import { scanVersions, sourceChecksum, type ScriptRevision } from "../../src/script/index.js";
import { describeOnPostgres } from "../support/postgres.js";

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

const FILES: [string, string | null, string, boolean][] = [
  ["r1", null, 'await op.execute("CREATE TABLE a (id int)");', true],
  // In autocommit: its row is written after its statement, timed by the client.
  ["r2", "r1", 'await op.execute("CREATE TABLE b (id int)");', false],
  ["r3", "r2", 'await op.execute("CREATE TABLE c (id int)"); await op.execute("INSERT INTO missing VALUES (1)");', true],
];

const writeFixture = async (): Promise<{ dir: string; revisions: Map<RevisionId, ScriptRevision> }> => {
  const dir = mkdtempSync(join(tmpdir(), "retort-log-"));
  mkdirSync(join(dir, "versions"));
  for (const [id, parent, up, transactional] of FILES) {
    // CRLF line endings: the checksum is of the text with LF.
    const source = [
      `export const revision = "${id}";`,
      `export const downRevision = ${parent === null ? "null" : `"${parent}"`};`,
      ...(transactional ? [] : ["export const transactional = false;"]),
      `export async function upgrade(op: any) { ${up} }`,
      `export async function downgrade(op: any) { await op.execute("DROP TABLE ${id === "r1" ? "a" : id === "r2" ? "b" : "c"}"); }`,
      "",
    ].join("\r\n");
    writeFileSync(join(dir, "versions", `${id}.ts`), source);
  }
  const scripts = await scanVersions([join(dir, "versions")]);
  return { dir, revisions: new Map(scripts.map((script) => [script.id, script])) };
};

const checksumOf = (dir: string, id: string): string => sourceChecksum(readFileSync(join(dir, "versions", `${id}.ts`), "utf8").replaceAll("\r\n", "\n"));

const sequence = (open: () => Promise<Session>) => {
  let session: Session;
  let dir: string;
  let revisions: Map<RevisionId, ScriptRevision>;
  before(async () => {
    ({ dir, revisions } = await writeFixture());
    session = await open();
  });
  after(async () => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const graph = () => buildGraph([...revisions.values()]);
  const migrate = async (direction: "up" | "down", target: string) => {
    await ensureVersionTable(session);
    const start = await readHeads(session);
    const plan = direction === "up" ? planUpgrade(graph(), start, target) : planDowngrade(graph(), start, target);
    return runPlan(session, { start, ...plan }, revisions, { cwd: dir });
  };

  test("a database that never ran a step has no log table, and reads as an empty log", async () => {
    await ensureVersionTable(session);
    assert.deepEqual(await readLog(session, { limit: null, revisions: null }), []);
    const exists = await session.connection.query<{ t: string | null }>("select to_regclass('retort_log')::text as t");
    assert.equal(exists.rows[0]?.t, null);
  });

  test("upgrade, downgrade and stamp write exactly one row per step, newest first", async () => {
    await migrate("up", "r2");
    await migrate("down", "-1");
    const stamp = planStamp(graph(), await readHeads(session), ["r2"], { purge: false });
    await stampVersionTable(session, stamp.changes, { purge: false, before: ["r1"], revisions });
    const rows = await readLog(session, { limit: null, revisions: null });
    const client = { databaseUser: rows[0]?.databaseUser, osUser: userInfo().username, host: hostname(), retortVersion: VERSION };
    assert.deepEqual(
      rows.map(({ id, revision, direction, headsBefore, headsAfter, checksum, databaseUser, osUser, host, retortVersion }) => ({
        id,
        revision,
        direction,
        headsBefore,
        headsAfter,
        checksum,
        databaseUser,
        osUser,
        host,
        retortVersion,
      })),
      [
        { id: 4, revision: "r2", direction: "stamp", headsBefore: ["r1"], headsAfter: ["r2"], checksum: checksumOf(dir, "r2"), ...client },
        { id: 3, revision: "r2", direction: "downgrade", headsBefore: ["r2"], headsAfter: ["r1"], checksum: checksumOf(dir, "r2"), ...client },
        { id: 2, revision: "r2", direction: "upgrade", headsBefore: ["r1"], headsAfter: ["r2"], checksum: checksumOf(dir, "r2"), ...client },
        { id: 1, revision: "r1", direction: "upgrade", headsBefore: [], headsAfter: ["r1"], checksum: checksumOf(dir, "r1"), ...client },
      ],
    );
    const user = await session.connection.query<{ u: string }>("select current_user as u");
    assert.equal(client.databaseUser, user.rows[0]?.u);
    for (const row of rows) {
      assert.ok(row.startedAt.getTime() <= row.finishedAt.getTime(), `row ${row.id} starts before it finishes`);
      // duration_ms is finished - started, computed by the server.
      assert.ok(Math.abs(row.durationMs - (row.finishedAt.getTime() - row.startedAt.getTime())) < 1, `row ${row.id}: ${row.durationMs} ms`);
    }
    // Newest first, and -n/-r narrow it.
    assert.deepEqual((await readLog(session, { limit: 2, revisions: null })).map((row) => row.id), [4, 3]);
    assert.deepEqual((await readLog(session, { limit: null, revisions: ["r1"] })).map((row) => row.id), [1]);
  });

  test("a migration that fails writes no log row (its transaction rolled back)", async () => {
    await assert.rejects(migrate("up", "r3"), (error) => isRetortError(error) && error.code === "MIGRATION_FAILED");
    const rows = await readLog(session, { limit: null, revisions: null });
    assert.deepEqual(rows.map((row) => `${row.id} ${row.direction} ${row.revision}`), ["4 stamp r2", "3 downgrade r2", "2 upgrade r2", "1 upgrade r1"]);
    assert.deepEqual(await readHeads(session), ["r2"]);
  });
};

describe("the applied-migration log on PGlite", () => {
  sequence(() =>
    openSession({
      target: { kind: "pglite", dataDir: null, display: "pglite://memory" },
      versionTable: { table: "alembic_version" },
      logTable: { table: "retort_log" },
      lock: true,
    }),
  );
});

describe("with logTable: false (no log table location)", () => {
  test("a run writes no log row and creates no log table", async () => {
    const { dir, revisions } = await writeFixture();
    const session = await openSession({ target: { kind: "pglite", dataDir: null, display: "pglite://memory" }, versionTable: { table: "alembic_version" }, lock: true });
    try {
      await ensureVersionTable(session);
      await runPlan(session, { start: [], ...planUpgrade(buildGraph([...revisions.values()]), [], "r2") }, revisions, { cwd: dir });
      assert.deepEqual(await readHeads(session), ["r2"]);
      const exists = await session.connection.query<{ t: string | null }>("select to_regclass('retort_log')::text as t");
      assert.equal(exists.rows[0]?.t, null);
      assert.deepEqual(await readLog(session, { limit: null, revisions: null }), []);
    } finally {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeOnPostgres("log", (_client, suite) => {
  sequence(() => {
    const target: DatabaseTarget = { kind: "postgres", url: suite.database().url, display: suite.database().url };
    return openSession({ target, versionTable: { table: "alembic_version" }, logTable: { table: "retort_log" }, lock: true });
  });
});
