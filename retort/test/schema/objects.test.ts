// The object DSL: fn(), procedure(), trigger(), view(), extension(), sequence(), policy(),
// touchUpdatedAt() and the row-level security helpers, as buildSchema reads them; a
// view's declared columns as a read-only row type in Database<...>.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sqlTextOf } from "../../src/dialects/postgres/fragment.js";
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Insertable, type Selectable, type Updateable } from "kysely";
import {
  buildSchema,
  enableRowLevelSecurity,
  extension,
  fn,
  forceRowLevelSecurity,
  index,
  integer,
  policy,
  procedure,
  sequence,
  sql,
  table,
  text,
  timestamp,
  touchUpdatedAt,
  trigger,
  uuid,
  view,
  type Database,
} from "../../src/schema/index.js";

const users = table("users", {
  id: uuid().primaryKey(),
  email: text().notNull(),
  updated_at: timestamp({ withTimezone: true }).notNull(),
});

describe("object models in buildSchema", () => {
  test("fn() records only what differs from PostgreSQL's defaults, args as given", () => {
    const f = fn("add", { args: ["integer", { name: "b", type: "integer", default: "1" }], returns: "integer", language: "sql", volatility: "volatile", security: "definer", body: sql`select $1 + b` });
    assert.deepEqual(buildSchema([f]).functions, [
      { name: "add", args: [{ type: "integer" }, { name: "b", type: "integer", default: "1" }], returns: "integer", language: "sql", body: "select $1 + b", security: "definer" },
    ]);
  });

  test("procedure() is a routine with no result", () => {
    assert.deepEqual(buildSchema([procedure("archive", { language: "plpgsql", body: "BEGIN END;" })]).functions, [
      { name: "archive", args: [], returns: "void", language: "plpgsql", body: "BEGIN END;", procedure: true },
    ]);
  });

  test("trigger() takes the table and function models and keeps its events in PostgreSQL's order", () => {
    const touch = fn("touch", { returns: "trigger", language: "plpgsql", body: "BEGIN RETURN NEW; END;" });
    const t = trigger("trg", { table: users, timing: "after", events: ["delete", "insert"], forEach: "row", when: sql`pg_trigger_depth() = 0`, function: touch });
    assert.deepEqual(buildSchema([users, touch, t]).triggers, [
      { name: "trg", table: "users", timing: "after", events: ["insert", "delete"], forEach: "row", when: "pg_trigger_depth() = 0", function: { name: "touch" } },
    ]);
  });

  test("touchUpdatedAt() declares set_updated_at() once and one trigger per table", () => {
    const posts = touchUpdatedAt(table("posts", { id: integer().primaryKey(), updated_at: timestamp() }));
    const schema = buildSchema([touchUpdatedAt(users), posts]);
    // The column is an identifier part of the body; PostgreSQL's dialect spells it.
    assert.deepEqual(schema.functions?.map((f) => ({ ...f, body: sqlTextOf(f.body) })), [
      { name: "set_updated_at", args: [], returns: "trigger", language: "plpgsql", body: "\nBEGIN\n  NEW.updated_at = now();\n  RETURN NEW;\nEND;\n" },
    ]);
    assert.deepEqual(schema.triggers?.map((t) => `${t.table}:${t.name}:${t.timing}:${t.events.join()}:${t.forEach}:${t.function.name}`), [
      "users:trg_users_updated_at:before:update:row:set_updated_at",
      "posts:trg_posts_updated_at:before:update:row:set_updated_at",
    ]);
    assert.deepEqual(schema.tables.map((t) => t.name), ["users", "posts"]);
  });

  test("touchUpdatedAt() on a table without the column says which column is missing", () => {
    assert.throws(() => buildSchema([touchUpdatedAt(table("tags", { id: integer() }))]), {
      code: "INVALID_SCHEMA",
      message: 'table "tags" has touchUpdatedAt() but no column "updated_at"',
    });
  });

  test("row-level security switches and policies", () => {
    const own = policy("own", { table: users, to: ["app_user"], using: sql`email = current_user`, permissive: false });
    const schema = buildSchema([forceRowLevelSecurity(enableRowLevelSecurity(users)), own]);
    assert.deepEqual(schema.rowLevelSecurity, [{ table: "users", enabled: true, forced: true }]);
    assert.deepEqual(schema.policies, [{ name: "own", table: "users", to: ["app_user"], using: "email = current_user", permissive: false }]);
  });

  test("extensions and sequences", () => {
    const schema = buildSchema([extension("citext", { schema: "ext" }), sequence("tickets", { start: 1000, type: "integer", ownedBy: users.email })]);
    assert.deepEqual(schema.extensions, [{ name: "citext", schema: "ext" }]);
    assert.deepEqual(schema.sequences, [{ name: "tickets", type: "integer", start: 1000, ownedBy: { table: "users", column: "email" } }]);
  });

  test("a materialized view's indexes are named by the naming convention like a table's", () => {
    const top = view("top_users", sql`select id, email from users`, { materialized: true, columns: { id: uuid(), email: text() }, indexes: (v) => [index().on(v.email)] });
    assert.deepEqual(buildSchema([top]).views, [
      { name: "top_users", query: "select id, email from users", materialized: true, indexes: [{ name: "ix_top_users_email", elements: [{ kind: "column", name: "email" }], unique: false }] },
    ]);
  });

  test("declaring one object twice differently is an error, the same twice is not", () => {
    const a = fn("f", { returns: "integer", language: "sql", body: "select 1" });
    const b = fn("f", { returns: "integer", language: "sql", body: "select 2" });
    assert.equal(buildSchema([a, fn("f", { returns: "integer", language: "sql", body: "select 1" })]).functions?.length, 1);
    assert.throws(() => buildSchema([a, b]), { code: "INVALID_SCHEMA", message: "function f() is declared twice with different definitions" });
  });

  test("bad definitions fail at the declaration with a hint", () => {
    assert.throws(() => fn("f", { returns: "", language: "sql", body: "select 1" }), { code: "INVALID_SCHEMA", message: 'function "f" needs a return type' });
    assert.throws(() => trigger("t", { table: users, timing: "before", events: [], function: "f" }), { code: "INVALID_SCHEMA" });
    assert.throws(() => view("v", sql`select 1`, { withData: false }), { code: "INVALID_SCHEMA", message: 'view "v" is not materialized but has withData or indexes' });
  });
});

// Views with declared columns are read-only rows in Database<...>.
const activeUsers = view("active_users", sql`select id, email from users`, { columns: { id: uuid().notNull(), email: text() } });
type DB = Database<{ users: typeof users; active_users: typeof activeUsers }>;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T): void => {};
expectType<Equal<Selectable<DB["active_users"]>, { id: string; email: string | null }>>(true);
// A view's columns are never written: nothing is insertable or updatable.
expectType<Equal<keyof Insertable<DB["active_users"]>, never>>(true);
expectType<Equal<keyof Updateable<DB["active_users"]>, never>>(true);

test("Kysely selects from a view model like from a table", () => {
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  assert.equal(db.selectFrom("active_users").select(["id", "email"]).compile().sql, 'select "id", "email" from "active_users"');
});
