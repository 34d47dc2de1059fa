// On a real MariaDB: every operation applied, the database introspected, the inverse
// applied, the introspection equal to the one before; autogenerate from models, one case
// per kind of change, finds nothing left to do once its ops ran; and a 150-table schema
// pulled from an empty database and back round-trips, in the same five catalog queries.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { compareWithDatabase } from "../../../src/autogen/compare-database.js";
import { createDialect, type Dialect } from "../../../src/dialects/index.js";
import type { Connection } from "../../../src/drivers/types.js";
import type { Operations } from "../../../src/ops/facade.js";
import { reverseOps } from "../../../src/ops/reverse.js";
import type { Op } from "../../../src/ops/types.js";
import {
  bigint,
  boolean,
  bytea,
  char,
  check,
  date,
  doublePrecision,
  enumType,
  index,
  integer,
  json,
  jsonb,
  numeric,
  real,
  serial,
  smallint,
  sql,
  table,
  text,
  time,
  timestamp,
  uuid,
  varchar,
} from "../../../src/schema/index.js";
import { buildSchema } from "../../../src/schema/build.js";
import type { Schema } from "../../../src/schema/types.js";
import { collectOps } from "../../support/ops-collect.js";
import { describeOnMysql, type MysqlDatabase } from "../../support/mysql.js";

const mood = enumType("mood", ["sad", "ok", "happy"]);

const users = table("users", {
  id: uuid().primaryKey(),
  email: varchar(255).notNull().unique(),
  is_active: boolean().notNull().default(true),
  bio: text().comment("about, it's free text"),
  created_at: timestamp({ withTimezone: true })
    .notNull()
    .default(sql`now()`),
});

const bots = table(
  "bots",
  {
    id: serial().primaryKey(),
    owner_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: varchar(100).notNull(),
    temperature: numeric(3, 2).notNull().default("0.70"),
    settings: jsonb(),
    raw: json(),
    feeling: mood.column().notNull().default("ok"),
    small: smallint(),
    big: bigint(),
    ratio: real(),
    score: doublePrecision(),
    code: char(3),
    born: date(),
    at: time({ precision: 3 }),
    blob: bytea(),
    seq: integer().default(-1),
  },
  (t) => [index("ix_bots_owner_born").on(t.owner_id, t.born.desc()), check("temperature_range", sql`temperature >= 0 and temperature <= 2`)],
  { comment: "Chatbots owned by users" },
);

const VERSION = { name: "alembic_version" };

describeOnMysql("roundtrip", "op round trips and autogenerate on MySQL/MariaDB", (database) => {
  let db: MysqlDatabase;
  let dialect: Dialect;
  let connection: Connection;
  before(async () => {
    db = database();
    dialect = createDialect(db.url);
    connection = await dialect.driver.connect();
  });
  after(async () => {
    await connection.close();
  });

  const apply = async (ops: readonly Op[]): Promise<void> => {
    for (const op of ops) for (const statement of dialect.compiler.compile(op)) await connection.query(statement.sql, statement.params);
  };
  const introspect = (): Promise<Schema> => dialect.introspector.introspect(connection, { versionTable: VERSION });
  const reset = async (): Promise<void> => {
    const { rows } = await connection.query<{ t: string }>("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()");
    await connection.exec(`SET FOREIGN_KEY_CHECKS = 0; ${rows.map((r) => `DROP TABLE \`${r.t}\`;`).join(" ")} SET FOREIGN_KEY_CHECKS = 1;`);
  };

  const cases: { name: string; setup?: (op: Operations) => unknown; change: (op: Operations) => unknown }[] = [
    { name: "createTable from models: every column type, constraints, an index, comments", change: (op) => (op.createEnum(mood), op.createTable(users), op.createTable(bots)) },
    { name: "renameTable", setup: (op) => op.createTable(users), change: (op) => op.renameTable("users", "people") },
    {
      name: "addColumn with a reference and a comment",
      setup: (op) => (op.createTable(users), op.createTable("pets", { id: serial().primaryKey() })),
      change: (op) => op.addColumn("pets", "owner_id", uuid().notNull().references(() => users.id).comment("owner")),
    },
    {
      name: "dropColumn given the existing definition",
      setup: (op) => op.createTable("t", { id: integer().primaryKey(), note: varchar(20).notNull().default("n/a").comment("a note") }),
      change: (op) => op.dropColumn("t", "note", { existing: varchar(20).notNull().default("n/a").comment("a note") }),
    },
    {
      name: "alterColumn: type, nullability, default, comment and rename at once",
      setup: (op) => op.createTable("t", { id: integer().primaryKey(), temperature: numeric(3, 2).notNull().default("0.70").comment("temp") }),
      change: (op) =>
        op.alterColumn("t", "temperature", {
          type: "real",
          nullable: true,
          default: sql`0.5`,
          comment: "new",
          newName: "temp",
          existingType: numeric(3, 2),
          existingNullable: false,
          existingDefault: "0.70",
          existingComment: "temp",
        }),
    },
    {
      name: "createIndex and constraints of each kind",
      setup: (op) => (op.createTable("parents", { a: integer().notNull(), b: integer().notNull() }), op.createTable("children", { a: integer().notNull(), b: integer().notNull(), n: integer() })),
      change: (op) => {
        op.createPrimaryKey(null, "parents", ["a", "b"]);
        op.createForeignKey(null, "children", "parents", ["a", "b"], ["a", "b"], { onDelete: "cascade", onUpdate: "cascade" });
        op.createUniqueConstraint("uq_children_ab", "children", ["a", "b"]);
        op.createCheckConstraint("ck_children_n", "children", "n > 0");
        op.createIndex("ix_children_n", "children", [{ column: "n", order: "desc" }]);
      },
    },
    {
      name: "table and column comments, given what they replace",
      setup: (op) => op.createTable("t", { id: integer().comment("the id") }, { comment: "a table" }),
      change: (op) => (op.setTableComment("t", "another table", { existing: "a table" }), op.setColumnComment("t", "id", null, { existing: "the id" })),
    },
  ];

  for (const c of cases) {
    test(`${c.name}: apply, introspect, inverse, introspect equal`, async () => {
      await reset();
      if (c.setup !== undefined) await apply(await collectOps(c.setup));
      const before = await introspect();
      const change = await collectOps(c.change);
      await apply(change);
      const changed = await introspect();
      assert.notDeepEqual(changed, before, "the change changed nothing");
      await apply(reverseOps(change));
      assert.deepEqual(await introspect(), before);
    });
  }

  const autogenerate = async (models: Schema): Promise<readonly Op[]> => {
    const live = await introspect();
    const normaliser = {
      normalise: (m: Schema, keys: readonly string[]) => dialect.introspector.normalise(connection, m, keys),
      normaliseObjects: (m: Schema, d: Schema) => dialect.introspector.normaliseObjects(connection, m, d),
    };
    return (await compareWithDatabase(live, models, normaliser)).ops;
  };

  test("autogenerate from empty creates the models; afterwards there is nothing to do", async () => {
    await reset();
    const models = buildSchema({ mood, users, bots });
    const ops = await autogenerate(models);
    assert.deepEqual(ops.map((op) => op.kind), ["createTable", "createTable", "createIndex"]);
    await apply(ops);
    assert.deepEqual(await autogenerate(models), []);
  });

  const changes: { name: string; from: Record<string, unknown>; to: Record<string, unknown>; kinds: string[] }[] = [
    { name: "a new table", from: {}, to: { t: table("t", { id: integer().primaryKey() }) }, kinds: ["createTable"] },
    { name: "a dropped table", from: { t: table("t", { id: integer().primaryKey() }) }, to: {}, kinds: ["dropTable"] },
    { name: "a new column", from: { t: table("t", { id: integer().primaryKey() }) }, to: { t: table("t", { id: integer().primaryKey(), n: text() }) }, kinds: ["addColumn"] },
    { name: "a dropped column", from: { t: table("t", { id: integer().primaryKey(), n: text() }) }, to: { t: table("t", { id: integer().primaryKey() }) }, kinds: ["dropColumn"] },
    { name: "a type change", from: { t: table("t", { id: integer().primaryKey(), n: integer() }) }, to: { t: table("t", { id: integer().primaryKey(), n: bigint() }) }, kinds: ["alterColumn"] },
    { name: "a nullability change", from: { t: table("t", { id: integer().primaryKey(), n: integer() }) }, to: { t: table("t", { id: integer().primaryKey(), n: integer().notNull() }) }, kinds: ["alterColumn"] },
    { name: "a default change", from: { t: table("t", { id: integer().primaryKey(), n: integer().default(1) }) }, to: { t: table("t", { id: integer().primaryKey(), n: integer().default(2) }) }, kinds: ["alterColumn"] },
    { name: "a new index", from: { t: table("t", { id: integer().primaryKey(), n: integer() }) }, to: { t: table("t", { id: integer().primaryKey(), n: integer() }, (t) => [index("ix_t_n").on(t.n)]) }, kinds: ["createIndex"] },
    { name: "a dropped index", from: { t: table("t", { id: integer().primaryKey(), n: integer() }, (t) => [index("ix_t_n").on(t.n)]) }, to: { t: table("t", { id: integer().primaryKey(), n: integer() }) }, kinds: ["dropIndex"] },
    { name: "a new unique constraint", from: { t: table("t", { id: integer().primaryKey(), n: integer() }) }, to: { t: table("t", { id: integer().primaryKey(), n: integer().unique() }) }, kinds: ["createUniqueConstraint"] },
    { name: "a table comment", from: { t: table("t", { id: integer().primaryKey() }) }, to: { t: table("t", { id: integer().primaryKey() }, { comment: "hello" }) }, kinds: ["setTableComment"] },
    { name: "a column comment", from: { t: table("t", { id: integer().primaryKey() }) }, to: { t: table("t", { id: integer().primaryKey().comment("key") }) }, kinds: ["setColumnComment"] },
  ];

  for (const c of changes) {
    test(`autogenerate finds ${c.name}; after its ops, and after their downgrade, the database matches each side`, async () => {
      await reset();
      const from = buildSchema(c.from);
      const to = buildSchema(c.to);
      await apply(await autogenerate(from));
      const ops = await autogenerate(to);
      assert.deepEqual(ops.map((op) => op.kind), c.kinds);
      await apply(ops);
      assert.deepEqual(await autogenerate(to), []);
      await apply(reverseOps(ops));
      assert.deepEqual(await autogenerate(from), []);
    });
  }

  test("150 tables: autogenerate from empty, introspect in the same five queries, round trip to empty", async () => {
    await reset();
    const models: Record<string, unknown> = {};
    for (let i = 0; i < 150; i++)
      models[`t${i}`] = table(`t${String(i).padStart(3, "0")}`, { id: serial().primaryKey(), name: varchar(40).notNull().unique(), at: timestamp({ withTimezone: true }), n: integer().default(i) });
    const schema = buildSchema(models);
    const ops = await autogenerate(schema);
    assert.equal(ops.length, 150);
    await apply(ops);
    let queries = 0;
    const counting: Connection = { ...connection, query: (sqlText, params) => (queries++, connection.query(sqlText, params)) };
    const live = await dialect.introspector.introspect(counting, { versionTable: VERSION });
    assert.equal(queries, 5);
    assert.equal(live.tables.length, 150);
    assert.deepEqual(await autogenerate(schema), []);
    await apply(reverseOps(ops));
    assert.deepEqual((await introspect()).tables, []);
  });
});
