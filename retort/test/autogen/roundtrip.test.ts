// The correctness bar of autogenerate: for a realistic 160-table schema, introspect ->
// pull (model files) -> autogenerate from an empty database -> upgrade -> introspect gives
// the same Schema, across PostgreSQL 15 and PGlite; the downgrade leaves nothing behind.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect, parseDatabaseUrl, type Connection } from "../../src/drivers/index.js";
import { introspect } from "../../src/dialects/postgres/introspect.js";
import { createDialect } from "../../src/dialects/index.js";
import { compareSchemas } from "../../src/autogen/compare.js";
import { compareWithDatabase } from "../../src/autogen/compare-database.js";
import { renderModels } from "../../src/autogen/render-models.js";
import { buildSchema } from "../../src/schema/index.js";
import type { Schema } from "../../src/schema/types.js";
import { createTempDatabase, describeOnPostgres, type TempDatabase } from "../support/postgres.js";
import { applyOps, DSL_MODULE, loadPulled } from "./support/apply.js";
import { generateSchema } from "./support/generated-schema.js";

const EMPTY: Schema = { tables: [], enums: [] };
const onPglite = createDialect("pglite://memory").introspector;
const VERSION_TABLE = { versionTable: { name: "alembic_version" }, logTable: "retort_log" };

describeOnPostgres("roundtrip", (_client, suite) => {
  let database: TempDatabase;
  let server: Connection;
  let lite: Connection;
  let original: Schema;
  let models: Schema;

  before(async () => {
    database = suite.database();
    server = await connect(parseDatabaseUrl(database.url, process.cwd()));
    lite = await connect(parseDatabaseUrl("pglite://memory", process.cwd()));
    const generated = generateSchema({ tables: 160 });
    const build = compareSchemas(EMPTY, generated);
    assert.deepEqual(build.ambiguities, []);
    await applyOps(server, build.ops);
    original = await introspect(server, VERSION_TABLE);
  });
  after(async () => {
    await server.close();
    await lite.close();
  });

  test("the database has every table, index, foreign key, check, enum and comment of the generated schema", () => {
    assert.equal(original.tables.length, 160);
    assert.equal(original.enums.length, 3);
    const count = (f: (t: Schema["tables"][number]) => number) => original.tables.reduce((n, t) => n + f(t), 0);
    assert.ok(count((t) => t.indexes.length) >= 200);
    assert.ok(count((t) => t.foreignKeys.length) >= 160);
    assert.ok(count((t) => t.checks.length) > 50);
    assert.ok(count((t) => (t.comment === undefined ? 0 : 1)) > 50);
  });

  test("pulled model files load into models that compare equal to the database, under the default naming convention", async () => {
    const files = renderModels(original, { layout: "per-table", from: DSL_MODULE });
    assert.equal(files.length, 162); // 160 tables, enums.ts, index.ts
    models = buildSchema(await loadPulled(files));
    assert.deepEqual(compareSchemas(original, models), { ops: [], ambiguities: [], warnings: [] });
  });

  test("autogenerate from an empty PGlite database, upgrade, introspect: the same Schema", async () => {
    const up = compareSchemas(await introspect(lite, VERSION_TABLE), models);
    await applyOps(lite, up.ops);
    assert.deepEqual(await introspect(lite, VERSION_TABLE), original);
    const normaliser = { normalise: (m: Schema, keys: readonly string[]) => onPglite.normalise(lite, m, keys) };
    assert.deepEqual((await compareWithDatabase(await introspect(lite, VERSION_TABLE), models, normaliser)).ops, []);
  });

  test("and back: the PGlite result applied to another PostgreSQL database compares equal to the original", async () => {
    const other = await createTempDatabase("roundtrip_back");
    const conn = await connect(parseDatabaseUrl(other.url, process.cwd()));
    try {
      await applyOps(conn, compareSchemas(EMPTY, await introspect(lite, VERSION_TABLE)).ops);
      assert.deepEqual(await introspect(conn, VERSION_TABLE), original);
    } finally {
      await conn.close();
      await other.drop();
    }
  });

  test("the downgrade (drop in reverse dependency order) leaves the database empty", async () => {
    const down = compareSchemas(await introspect(lite, VERSION_TABLE), EMPTY);
    await applyOps(lite, down.ops);
    assert.deepEqual(await introspect(lite, VERSION_TABLE), EMPTY);
  });
}, { title: "round trip on a generated 160-table schema" });

describe("server normalisation of model expressions", () => {
  let lite: Connection;
  before(async () => {
    lite = await connect(parseDatabaseUrl("pglite://memory", process.cwd()));
  });
  after(async () => lite.close());

  test("equivalent spellings of defaults, checks and index predicates produce no operations", async () => {
    const spelled: Schema = {
      enums: [{ name: "mood", values: ["ok", "meh"] }],
      tables: [
        {
          name: "items",
          columns: [
            { name: "id", type: { kind: "integer" }, nullable: false },
            { name: "price", type: { kind: "numeric", precision: 8, scale: 2 }, nullable: false, default: { kind: "sql", sql: "0" } },
            { name: "at", type: { kind: "timestamp", withTimezone: true }, nullable: false, default: { kind: "sql", sql: "CURRENT_TIMESTAMP" } },
            { name: "label", type: { kind: "custom", sql: "varchar(10)" }, nullable: true, default: { kind: "sql", sql: "'x'" } },
            { name: "mood", type: { kind: "enum", name: "mood" }, nullable: true, default: { kind: "sql", sql: "'ok'" } },
          ],
          primaryKey: { name: "items_pkey", columns: ["id"] },
          uniques: [],
          checks: [{ name: "items_price_check", expression: "price>0" }],
          foreignKeys: [],
          indexes: [{ name: "items_label_idx", elements: [{ kind: "expression", sql: "upper(label)" }], unique: false, where: "price>10" }],
        },
      ],
    };
    await applyOps(lite, compareSchemas(EMPTY, spelled).ops);
    const db = await introspect(lite, VERSION_TABLE);
    // Text comparison alone sees differences that are not there...
    assert.notDeepEqual(compareSchemas(db, spelled).ops, []);
    // ...the server's own spelling of the models sees none.
    const normaliser = { normalise: (m: Schema, keys: readonly string[]) => onPglite.normalise(lite, m, keys) };
    assert.deepEqual(await compareWithDatabase(db, spelled, normaliser), { ops: [], ambiguities: [], warnings: [] });
    // The scratch schema was rolled back.
    const left = await lite.query<{ n: number }>("select count(*)::int as n from pg_namespace where nspname like 'retort_normalise_%'");
    assert.equal(left.rows[0]?.n, 0);
  });

  test("a real difference survives normalisation", async () => {
    const db = await introspect(lite, VERSION_TABLE);
    const items = db.tables[0];
    assert.ok(items !== undefined);
    const changed: Schema = { ...db, tables: [{ ...items, checks: [{ name: "items_price_check", expression: "price >= 1" }] }] };
    const normaliser = { normalise: (m: Schema, keys: readonly string[]) => onPglite.normalise(lite, m, keys) };
    assert.deepEqual((await compareWithDatabase(db, changed, normaliser)).ops, [
      { kind: "dropConstraint", table: "items", name: "items_price_check", type: "check", previous: { type: "check", constraint: items.checks[0] } },
      { kind: "createCheckConstraint", table: "items", check: { name: "items_price_check", expression: "price >= 1::numeric" } },
    ]);
  });
});
