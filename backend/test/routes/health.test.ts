// /health's three answers. The database is reached only through the revisions reader
// here, so a pool that never connects stands in for it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { createApp } from "../../app/app.js";
import type { DB } from "../../app/models/index.js";
import type { RevisionStatus } from "../../app/context.js";

const healthWith = async (revisions: () => Promise<RevisionStatus>) => {
  const pool = new pg.Pool({ connectionString: "postgresql://nobody@127.0.0.1:1/unused" });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const logs: string[] = [];
  const logStream = new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(chunk.toString()), done()) });
  const { app } = createApp({ db, kind: "postgres", authSecret: "s".repeat(32), revisions, logStream, startRunner: false });
  try {
    const res = await app.inject({ method: "GET", url: "/health" });
    return { status: res.statusCode, body: res.json(), logs };
  } finally {
    await app.close();
    await db.destroy();
  }
};

test("at head: ok", async () => {
  const res = await healthWith(async () => ({ current: ["002_triggers"], heads: ["002_triggers"] }));
  assert.deepEqual(res, { ...res, status: 200, body: { status: "ok", database: "postgres", revision: "002_triggers", head: "002_triggers", up_to_date: true } });
});

test("behind head or never migrated: migrations_pending, still 200", async () => {
  const behind = await healthWith(async () => ({ current: ["001_initial"], heads: ["002_triggers"] }));
  assert.deepEqual(behind.body, { status: "migrations_pending", database: "postgres", revision: "001_initial", head: "002_triggers", up_to_date: false });
  const empty = await healthWith(async () => ({ current: [], heads: ["002_triggers"] }));
  assert.deepEqual(empty.body, { status: "migrations_pending", database: "postgres", revision: null, head: "002_triggers", up_to_date: false });
});

test("database unreachable: 503 in the one error shape, and the cause goes to the log", async () => {
  const res = await healthWith(async () => {
    throw new Error("connect ECONNREFUSED 127.0.0.1:1");
  });
  assert.equal(res.status, 503);
  assert.deepEqual(res.body, { error: { code: "DATABASE_UNAVAILABLE", message: "the postgres database does not answer" } });
  assert.ok(res.logs.some((line) => line.includes("health check could not reach the database") && line.includes("ECONNREFUSED")));
});
