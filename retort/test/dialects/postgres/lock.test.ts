import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { connect } from "../../../src/drivers/index.js";
import type { Connection } from "../../../src/drivers/types.js";
import { advisoryLockKey, lockSql } from "../../../src/dialects/postgres/lock.js";
import { describeOnPostgres, type TempDatabase } from "../../support/postgres.js";

describe("advisory lock key", () => {
  test("is a fixed signed 64-bit value per version table", () => {
    const key = advisoryLockKey({ table: "alembic_version" });
    assert.equal(key, advisoryLockKey({ table: "alembic_version" }));
    assert.ok(key >= -(2n ** 63n) && key < 2n ** 63n);
    assert.notEqual(key, advisoryLockKey({ table: "alembic_version", schema: "public" }));
    assert.notEqual(key, advisoryLockKey({ table: "other_version" }));
    assert.deepEqual(lockSql({ table: "alembic_version" }).acquire(), {
      sql: "SELECT pg_advisory_lock($1::bigint)",
      params: [key.toString()],
    });
  });
});

describeOnPostgres("lock", (_client, suite) => {
  let db: TempDatabase;
  const connections: Connection[] = [];
  before(async () => {
    db = suite.database();
    for (let i = 0; i < 2; i += 1) connections.push(await connect({ kind: "postgres", url: db.url, display: db.url }));
  });
  after(async () => {
    for (const connection of connections) await connection.close();
  });

  test("a second session waits until the first releases", async () => {
    const [first, second] = connections as [Connection, Connection];
    const sql = lockSql({ table: "alembic_version" });
    await first.query(sql.acquire().sql, sql.acquire().params);
    const order: string[] = [];
    const waiting = second.query(sql.acquire().sql, sql.acquire().params).then(() => order.push("second acquired"));
    // The second session is seen blocked on the lock by the server itself, not by a timer.
    for (;;) {
      const blocked = await first.query<{ n: number }>(
        "select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())",
      );
      if (blocked.rows[0]?.n === 1) break;
    }
    order.push("first releases");
    assert.deepEqual((await first.query(sql.release().sql, sql.release().params)).rows, [{ released: true }]);
    await waiting;
    assert.deepEqual(order, ["first releases", "second acquired"]);
    assert.deepEqual((await second.query(sql.release().sql, sql.release().params)).rows, [{ released: true }]);
  });
}, { title: "advisory lock on PostgreSQL" });
