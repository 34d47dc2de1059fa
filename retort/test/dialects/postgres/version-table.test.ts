import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { connect } from "../../../src/drivers/index.js";
import type { Connection } from "../../../src/drivers/types.js";
import { revisionId } from "../../../src/graph/types.js";
import { versionTableSql } from "../../../src/dialects/postgres/version-table.js";
import { describeOnPostgres, type TempDatabase } from "../../support/postgres.js";

const id = revisionId;

describe("version table SQL", () => {
  test("has Alembic's shape, quoted, in the configured schema", () => {
    const sql = versionTableSql({ table: "alembic_version" });
    assert.equal(
      sql.create().sql,
      'CREATE TABLE IF NOT EXISTS "alembic_version" ("version_num" VARCHAR(32) NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num"))',
    );
    const custom = versionTableSql({ table: "app_versions", schema: "ops" });
    assert.equal(
      custom.create().sql,
      'CREATE TABLE IF NOT EXISTS "ops"."app_versions" ("version_num" VARCHAR(32) NOT NULL, CONSTRAINT "app_versions_pkc" PRIMARY KEY ("version_num"))',
    );
    assert.deepEqual(custom.exists(), { sql: "SELECT to_regclass($1) IS NOT NULL AS present", params: ['"ops"."app_versions"'] });
    assert.equal(custom.read().sql, 'SELECT "version_num" AS version_num FROM "ops"."app_versions" ORDER BY "version_num"');
  });

  test("writes one statement per change, with ids as literals", () => {
    const sql = versionTableSql({ table: "alembic_version" });
    assert.equal(sql.change({ kind: "insert", id: id("ae1027a6acf4") }).sql, `INSERT INTO "alembic_version" ("version_num") VALUES ('ae1027a6acf4')`);
    assert.equal(
      sql.change({ kind: "update", from: id("1975ea83b712"), to: id("ae1027a6acf4") }).sql,
      `UPDATE "alembic_version" SET "version_num" = 'ae1027a6acf4' WHERE "version_num" = '1975ea83b712'`,
    );
    assert.equal(sql.change({ kind: "delete", id: id("27c6a30d7c24") }).sql, `DELETE FROM "alembic_version" WHERE "version_num" = '27c6a30d7c24'`);
    assert.equal(sql.purge().sql, 'DELETE FROM "alembic_version"');
    assert.equal(sql.drop().sql, 'DROP TABLE "alembic_version"');
  });

  test("quotes hostile names and ids", () => {
    const sql = versionTableSql({ table: 'v"; drop table x; --', schema: "s'" });
    assert.equal(sql.purge().sql, `DELETE FROM "s'"."v""; drop table x; --"`);
    assert.equal(sql.change({ kind: "insert", id: id("a'b") }).sql, `INSERT INTO "s'"."v""; drop table x; --" ("version_num") VALUES ('a''b')`);
  });
});

/** The same round trip on each database: create, insert, update, delete, read back. */
const roundTrip = async (connection: Connection): Promise<void> => {
  const sql = versionTableSql({ table: "Version Table", schema: "public" });
  const run = async (statement: { sql: string; params: readonly unknown[] }) => connection.query(statement.sql, statement.params);
  assert.deepEqual((await run(sql.exists())).rows, [{ present: false }]);
  await run(sql.create());
  await run(sql.create());
  assert.deepEqual((await run(sql.exists())).rows, [{ present: true }]);
  await run(sql.change({ kind: "insert", id: id("1975ea83b712") }));
  await run(sql.change({ kind: "insert", id: id("27c6a30d7c24") }));
  const updated = await run(sql.change({ kind: "update", from: id("1975ea83b712"), to: id("ae1027a6acf4") }));
  assert.equal(updated.rowCount, 1);
  const deleted = await run(sql.change({ kind: "delete", id: id("27c6a30d7c24") }));
  assert.equal(deleted.rowCount, 1);
  assert.equal((await run(sql.change({ kind: "delete", id: id("nothere") }))).rowCount, 0);
  assert.deepEqual((await run(sql.read())).rows, [{ version_num: "ae1027a6acf4" }]);
  await assert.rejects(run(sql.change({ kind: "insert", id: id("x".repeat(33)) })), /value too long/);
  const columns = await connection.query(
    "select column_name, data_type, character_maximum_length, is_nullable from information_schema.columns where table_name = 'Version Table'",
  );
  assert.deepEqual(columns.rows, [
    { column_name: "version_num", data_type: "character varying", character_maximum_length: 32, is_nullable: "NO" },
  ]);
};

describe("version table on PGlite", () => {
  let connection: Connection;
  before(async () => {
    connection = await connect({ kind: "pglite", dataDir: null, display: "pglite://memory" });
  });
  after(async () => connection.close());
  test("create, insert, update, delete and read back", () => roundTrip(connection));
});

describeOnPostgres("vt", (_client, suite) => {
  let db: TempDatabase;
  let connection: Connection;
  before(async () => {
    db = suite.database();
    connection = await connect({ kind: "postgres", url: db.url, display: db.url });
  });
  after(async () => {
    await connection.close();
  });
  test("create, insert, update, delete and read back", () => roundTrip(connection));
}, { title: "version table on PostgreSQL" });
