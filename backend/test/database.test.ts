// The backend's queries are PostgreSQL's: a sqlite:// or mysql:// DATABASE_URL (which retort
// itself accepts) is refused with one message before anything opens.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import pg from "pg";
import { isRetortError } from "retort-migrate";
import { createTempDatabase, postgresSkip, serverUrl } from "../../retort/test/support/postgres.js";
import { openDatabase } from "../app/database.js";

for (const [url, shown] of [
  ["sqlite://memory", "sqlite://memory"],
  ["mysql://app:s3cret@127.0.0.1:3306/chat", "mysql://app:***@127.0.0.1:3306/chat"],
] as const) {
  test(`a ${url.split(":")[0]}:// URL is refused: the backend runs on PostgreSQL or PGlite`, async () => {
    await assert.rejects(openDatabase(url), (error: unknown) => {
      assert.ok(isRetortError(error));
      assert.equal(error.code, "BAD_URL");
      assert.equal(error.message, `the backend runs on PostgreSQL or embedded PGlite, not on ${shown}`);
      assert.equal(error.hint, "Set DATABASE_URL to a postgresql:// URL, or leave it unset for embedded PGlite.");
      return true;
    });
  });
}

test("an idle connection the server terminates is dropped by the pool: the process lives and the next query works", async (t) => {
  const skip = await postgresSkip();
  if (skip !== false) return t.skip(skip);
  const temp = await createTempDatabase("backend_pool");
  const opened = await openDatabase(temp.url);
  const crashes: unknown[] = [];
  const onCrash = (error: unknown): void => void crashes.push(error);
  process.on("uncaughtException", onCrash);
  try {
    await sql`select 1`.execute(opened.db);
    // What a PostgreSQL restart or failover does to every idle client of the pool.
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [temp.name]);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(opened.db);
    assert.deepEqual(rows, [{ answer: 42 }]);
    assert.deepEqual(crashes, []);
  } finally {
    process.off("uncaughtException", onCrash);
    await opened.close();
    await temp.drop();
  }
});
