// The version table's statements on a real SQLite database: Alembic's shape, and the
// guarded change that fails on its own (naming the revision) when its row is not there.
import assert from "node:assert/strict";
import { test } from "node:test";
import { connectSqlite } from "../../../src/drivers/sqlite.js";
import { versionTableSql } from "../../../src/dialects/sqlite/version-table.js";

const sql = versionTableSql({ table: "alembic_version" });

test("create, exists, change and read", async () => {
  const db = await connectSqlite(null);
  try {
    assert.deepEqual((await db.query(sql.exists().sql, sql.exists().params)).rows, [{ present: 0 }]);
    await db.exec(sql.create().sql);
    await db.exec(sql.create().sql);
    assert.deepEqual((await db.query(sql.exists().sql, sql.exists().params)).rows, [{ present: 1 }]);
    await db.exec(sql.change({ kind: "insert", id: "a1" }).sql);
    await db.exec(sql.guardedChange({ kind: "update", from: "a1", to: "b2" }).sql);
    assert.deepEqual((await db.query(sql.read().sql)).rows, [{ version_num: "b2" }]);
  } finally {
    await db.close();
  }
});

test("a guarded update or delete of a row that is not there fails, and conflictOf names the revision", async () => {
  const db = await connectSqlite(null);
  try {
    await db.exec(sql.create().sql);
    for (const change of [{ kind: "update", from: "gone", to: "b2" }, { kind: "delete", id: "gone" }] as const) {
      const error = await db.exec(sql.guardedChange(change).sql).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.deepEqual(sql.conflictOf(error), { missing: "gone" });
    }
    assert.equal(sql.conflictOf(new Error("no such table: x")), undefined);
  } finally {
    await db.close();
  }
});
