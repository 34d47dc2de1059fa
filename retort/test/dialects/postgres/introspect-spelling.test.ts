// How the server spells model expressions (the introspector's normalise), on a real
// PostgreSQL server: an expression the server refuses keeps the model's text and the
// comparison goes on; a connection lost in the middle is an error of its own, never taken
// for a refusal.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createDialect } from "../../../src/dialects/index.js";
import type { Connection } from "../../../src/drivers/types.js";
import { isRefusal } from "../../../src/dialects/postgres/introspect-spelling.js";
import { sqlTextOf } from "../../../src/dialects/postgres/fragment.js";
import { RetortError } from "../../../src/errors.js";
import { buildSchema, check, integer, numeric, sql, table } from "../../../src/schema/index.js";
import type { Schema } from "../../../src/schema/types.js";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../../support/postgres.js";

const skip = await postgresSkip();

const models = (): Schema =>
  buildSchema([
    table("items", { id: integer().primaryKey(), price: numeric(10, 2).notNull() }, () => [check("price_positive", sql`price>0`)]),
    table("broken", { id: integer().primaryKey(), price: numeric(10, 2) }, () => [check("price_known", sql`no_such_function(price) > 0`)]),
  ]);

const checksOf = (schema: Schema, name: string): string[] => schema.tables.find((t) => t.name === name)?.checks.map((c) => sqlTextOf(c.expression)) ?? [];

describe("normalising model expressions with the server", { skip }, () => {
  let db: TempDatabase;
  let conn: Connection;
  let admin: Connection;
  const dialect = () => createDialect(db.url);

  before(async () => {
    db = await createTempDatabase("spelling");
    conn = await dialect().driver.connect();
    admin = await dialect().driver.connect();
  });
  after(async () => {
    await conn?.close().catch(() => {});
    await admin?.close();
    await db?.drop();
  });

  test("a refused expression keeps the model's text; the others take the server's spelling", async () => {
    const spelled = await dialect().introspector.normalise(conn, models(), ["items", "broken"]);
    assert.deepEqual(checksOf(spelled, "items"), ["price > 0::numeric"]);
    assert.deepEqual(checksOf(spelled, "broken"), ["no_such_function(price) > 0"]);
    // The connection is still usable and the scratch schema was rolled back.
    const left = await conn.query<{ n: number }>("select count(*)::int as n from pg_namespace where nspname like 'retort_normalise_%'");
    assert.deepEqual(left.rows, [{ n: 0 }]);
  });

  test("a connection ended mid-normalisation is a CONNECTION_FAILED error, not a refusal", async () => {
    const victim = await dialect().driver.connect();
    const pid = (await victim.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]?.pid;
    assert.ok(pid !== undefined);
    // The session is ended from another connection just before the first scratch table,
    // while normalisation is inside its transaction (the timeout waits until it is gone).
    let ended = false;
    const dying: Connection = {
      ...victim,
      kind: victim.kind,
      query: async (text, params) => {
        if (!ended && text.startsWith("CREATE TABLE")) {
          ended = true;
          await admin.query("select pg_terminate_backend($1, 10000)", [pid]);
        }
        return victim.query(text, params);
      },
    };
    try {
      await assert.rejects(dialect().introspector.normalise(dying, models(), ["items"]), (error: unknown) => {
        assert.ok(error instanceof RetortError, `expected a RetortError, got ${String(error)}`);
        assert.equal(error.code, "CONNECTION_FAILED");
        assert.match(error.message, /^the database connection was lost while reading how it spells the models' expressions: /);
        assert.equal(error.hint, "check that the server is up and nothing ended the session, then run the command again");
        return true;
      });
      assert.equal(ended, true);
    } finally {
      await victim.close().catch(() => {});
    }
  });
});

// Which failures mean "the server refused this statement" (keep the model's text) and which
// say nothing about it (rethrown), by SQLSTATE class.
const REFUSALS: readonly [string, unknown, boolean][] = [
  ["42883 undefined_function", { code: "42883" }, true],
  ["42601 syntax_error", { code: "42601" }, true],
  ["42804 datatype_mismatch", { code: "42804" }, true],
  ["22P02 invalid_text_representation (a bad default)", { code: "22P02" }, true],
  ["0A000 feature_not_supported", { code: "0A000" }, true],
  ["54011 too_many_columns", { code: "54011" }, true],
  ["57P01 admin_shutdown (pg_terminate_backend)", { code: "57P01" }, false],
  ["57014 query_canceled (statement_timeout)", { code: "57014" }, false],
  ["08006 connection_failure", { code: "08006" }, false],
  ["40P01 deadlock_detected", { code: "40P01" }, false],
  ["53200 out_of_memory", { code: "53200" }, false],
  ["XX000 internal_error", { code: "XX000" }, false],
  ["a driver error without SQLSTATE", new Error("Connection terminated unexpectedly"), false],
  ["a code that is no SQLSTATE", { code: "ECONNRESET" }, false],
];

describe("isRefusal", () => {
  for (const [name, error, refused] of REFUSALS) {
    test(`${name}: ${refused ? "refused" : "not a refusal"}`, () => assert.equal(isRefusal(error), refused));
  }
});
