// Functions, triggers, views, sequences, policies and row-level security (extensions on
// the server only: PGlite loads them when the instance is created) against real
// databases. Each scenario builds a starting schema from models, asks the live
// comparison (with the server's normalisation) for the operations to the next models,
// checks them, applies them, checks nothing is left to do, applies the downgrade and
// checks the catalogs read exactly as before.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect, parseDatabaseUrl, type Connection } from "../../../src/drivers/index.js";
import { introspect } from "../../../src/dialects/postgres/introspect.js";
import { createDialect } from "../../../src/dialects/index.js";
import { compileOp } from "../../../src/dialects/postgres/compile.js";
import { sqlTextOf } from "../../../src/dialects/postgres/fragment.js";
import { postgresCapabilities } from "../../../src/dialects/postgres/capabilities.js";
import { compareSchemas } from "../../../src/autogen/compare.js";
import { compareWithDatabase } from "../../../src/autogen/compare-database.js";
import { downgradeOf } from "../../../src/autogen/downgrade.js";
import type { Op } from "../../../src/ops/types.js";
import {
  buildSchema,
  enableRowLevelSecurity,
  extension,
  fn,
  integer,
  policy,
  sequence,
  sql,
  table,
  text,
  timestamp,
  touchUpdatedAt,
  trigger,
  uuid,
  varchar,
  view,
} from "../../../src/schema/index.js";
import type { Schema } from "../../../src/schema/types.js";
import { resetDatabase, snapshot, type Snapshot } from "../../support/catalog.js";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../../support/postgres.js";

const VERSION_TABLE = { versionTable: { name: "alembic_version" }, logTable: "retort_log" };

const EXTRA_SNAPSHOT: Record<string, string> = {
  policies: `select c.relname as table, p.polname as name, p.polcmd as cmd, p.polpermissive as permissive, pg_get_expr(p.polqual, p.polrelid) as using,
      pg_get_expr(p.polwithcheck, p.polrelid) as with_check from pg_policy p join pg_class c on c.oid = p.polrelid order by 1, 2`,
  security: `select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' order by 1`,
  sequences: `select c.relname as name, s.seqstart::text as start, s.seqincrement::text as increment, s.seqcycle as cycle from pg_sequence s join pg_class c on c.oid = s.seqrelid order by 1`,
  extensions: `select extname as name from pg_extension order by 1`,
};

const fullSnapshot = async (conn: Connection): Promise<Snapshot> => {
  const result = await snapshot(conn);
  for (const [key, text] of Object.entries(EXTRA_SNAPSHOT)) result[key] = (await conn.query(text)).rows;
  return result;
};

const apply = async (conn: Connection, ops: readonly Op[]): Promise<void> => {
  for (const op of ops) for (const s of compileOp(op, { capabilities: postgresCapabilities(conn.kind) })) await conn.query(s.sql, s.params);
};

const live = async (conn: Connection, models: Schema) => {
  const db = await introspect(conn, VERSION_TABLE);
  const { introspector, compiler } = createDialect(conn.kind === "pglite" ? "pglite://memory" : "postgresql://localhost/x");
  const normaliser = {
    normalise: (m: Schema, keys: readonly string[]) => introspector.normalise(conn, m, keys),
    normaliseObjects: (m: Schema, d: Schema) => introspector.normaliseObjects(conn, m, d),
  };
  // As compareLive does: the models' expressions spelled by the dialect before comparing.
  return (await compareWithDatabase(db, compiler.schemaText(models), normaliser)).ops;
};

// The models the scenarios combine.
const users = table("users", {
  id: uuid().primaryKey().default(sql`gen_random_uuid()`),
  email: varchar(255).notNull(),
  score: integer().notNull().default(0),
  updated_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
});
const touchBody = `
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
`;
const touch = fn("touch", { returns: "trigger", language: "plpgsql", body: touchBody });
const touchTrigger = trigger("trg_users_touch", { table: users, timing: "before", events: ["update"], forEach: "row", function: touch });
const double = fn("double_score", { args: [{ name: "n", type: "int" }], returns: "int", language: "sql", volatility: "immutable", body: "select n * 2" });
const active = view("active_users", sql`select id, email, score from users where score > 0`);
const activeEmails = view("active_emails", sql`select email from active_users`);
const top = view("top_scores", sql`select id, score from users order by score desc`, {
  materialized: true,
  columns: { id: uuid(), score: integer() },
  indexes: (v) => [],
});
const numbers = sequence("ticket_numbers", { start: 1000, increment: 10 });
const ownRows = policy("own_rows", { table: users, for: "select", using: sql`email = current_user` });
const noZero = policy("no_zero", { table: users, for: "insert", withCheck: sql`score <> 0`, permissive: false });

interface Scenario {
  readonly name: string;
  readonly from: readonly unknown[];
  readonly to: readonly unknown[];
  readonly kinds: readonly string[];
  readonly server?: boolean;
}

const scenarios: Scenario[] = [
  { name: "a function and its trigger are created, after the table", from: [users], to: [users, touch, touchTrigger], kinds: ["createFunction", "createTrigger"] },
  {
    name: "a trigger function's body is replaced in place while its trigger stays",
    from: [users, touch, touchTrigger],
    to: [users, fn("touch", { returns: "trigger", language: "plpgsql", body: "BEGIN NEW.updated_at = clock_timestamp(); RETURN NEW; END;" }), touchTrigger],
    kinds: ["createFunction"],
  },
  { name: "a function used by a trigger is dropped after the trigger", from: [users, touch, touchTrigger], to: [users], kinds: ["dropTrigger", "dropFunction"] },
  {
    name: "a function whose argument is renamed is dropped and created",
    from: [users, double],
    to: [users, fn("double_score", { args: [{ name: "m", type: "integer" }], returns: "integer", language: "sql", volatility: "immutable", body: "select m * 2" })],
    kinds: ["dropFunction", "createFunction"],
  },
  {
    name: "a view using a function that is dropped and created is dropped before it and created after",
    from: [users, double, view("doubled", sql`select id, double_score(score) as d from users`)],
    to: [users, fn("double_score", { args: [{ name: "m", type: "integer" }], returns: "integer", language: "sql", volatility: "immutable", body: "select m * 2" }), view("doubled", sql`select id, double_score(score) as d from users`)],
    kinds: ["dropView", "dropFunction", "createFunction", "createView"],
  },
  { name: "touchUpdatedAt() declares set_updated_at() and its trigger", from: [users], to: [touchUpdatedAt(users)], kinds: ["createFunction", "createTrigger"] },
  { name: "a view on a view is created after it", from: [users], to: [users, activeEmails, active], kinds: ["createView", "createView"] },
  {
    name: "a view whose columns grow is replaced in place (and dropped and created on downgrade)",
    from: [users, active],
    to: [users, view("active_users", sql`select id, email, score, updated_at from users where score > 0`)],
    kinds: ["createView"],
  },
  {
    name: "a view others read whose columns grow is rebuilt with them, so that the downgrade can remove the columns",
    from: [users, active, activeEmails],
    to: [users, view("active_users", sql`select id, email, score, updated_at from users where score > 0`), activeEmails],
    kinds: ["dropView", "dropView", "createView", "createView"],
  },
  {
    name: "a view that loses a column is dropped and created, with the view that reads it",
    from: [users, active, activeEmails],
    to: [users, view("active_users", sql`select id, email from users where score > 0`), activeEmails],
    kinds: ["dropView", "dropView", "createView", "createView"],
  },
  {
    name: "a column type change under views drops them first and creates them after",
    from: [users, active, activeEmails],
    to: [table("users", { id: uuid().primaryKey().default(sql`gen_random_uuid()`), email: text().notNull(), score: integer().notNull().default(0), updated_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`) }), active, activeEmails],
    kinds: ["dropView", "dropView", "alterColumn", "createView", "createView"],
  },
  { name: "a materialized view is created with its data", from: [users], to: [users, top], kinds: ["createView"] },
  { name: "a sequence is created, then its options change", from: [users, numbers], to: [users, sequence("ticket_numbers", { start: 1000, increment: 5, cycle: true })], kinds: ["alterSequence"] },
  { name: "a sequence option the model drops goes back to the default", from: [users, numbers], to: [users, sequence("ticket_numbers", { increment: 10 })], kinds: ["alterSequence"] },
  { name: "a standalone sequence is created and dropped", from: [users], to: [users, numbers], kinds: ["createSequence"] },
  { name: "row-level security and two policies are set up", from: [users], to: [enableRowLevelSecurity(users), ownRows, noZero], kinds: ["setRowLevelSecurity", "createPolicy", "createPolicy"] },
  {
    name: "a policy's condition changes: dropped and created",
    from: [enableRowLevelSecurity(users), ownRows],
    to: [enableRowLevelSecurity(users), policy("own_rows", { table: users, for: "select", using: sql`email = session_user` })],
    kinds: ["dropPolicy", "createPolicy"],
  },
  { name: "an extension is created first", from: [users], to: [extension("citext"), users], kinds: ["createExtension"], server: true },
  // False changes: the same objects written differently.
  {
    name: "a reformatted, re-cased and commented function body is no change",
    from: [users, touch, touchTrigger],
    to: [users, fn("touch", { returns: "TRIGGER", language: "plpgsql", body: "begin -- stamp it\n new.updated_at=NOW(); /* done */ return NEW; end;" }), touchTrigger],
    kinds: [],
  },
  {
    name: "argument and return types in other spellings are no change",
    from: [users, double],
    to: [users, fn("double_score", { args: [{ name: "n", type: "int4" }], returns: "INTEGER", language: "sql", volatility: "immutable", body: "SELECT n*2" })],
    kinds: [],
  },
  {
    name: "a view query in other casing and layout is no change",
    from: [users, active, activeEmails],
    to: [users, view("active_users", sql`SELECT id, email, score
      FROM users
      WHERE score > 0 -- the active ones`), activeEmails],
    kinds: [],
  },
  {
    name: "a trigger condition and a policy expression in other spellings are no change",
    from: [enableRowLevelSecurity(users), touch, trigger("trg_users_touch", { table: users, timing: "before", events: ["update"], forEach: "row", when: sql`old.score IS DISTINCT FROM new.score`, function: touch }), ownRows],
    to: [enableRowLevelSecurity(users), touch, trigger("trg_users_touch", { table: users, timing: "before", events: ["update"], forEach: "row", when: sql`(OLD.score is distinct from NEW.score)`, function: touch }), policy("own_rows", { table: users, for: "select", using: sql`(email = CURRENT_USER)` })],
    kinds: [],
  },
];

const suite = (label: string, open: () => Promise<{ conn: Connection; done: () => Promise<void> }>, skip: () => Promise<string | false>) =>
  describe(`schema objects on ${label}`, async () => {
    const skipReason = await skip();
    let conn: Connection;
    let done: () => Promise<void>;
    before(async () => {
      if (skipReason !== false) return;
      ({ conn, done } = await open());
    });
    after(async () => {
      if (skipReason !== false) return;
      await done();
    });
    for (const s of scenarios) {
      const skipThis = skipReason !== false ? skipReason : s.server === true && label === "PGlite" ? "PGlite loads extensions when the instance is created" : false;
      test(s.name, { skip: skipThis }, async () => {
        await resetDatabase(conn);
        await apply(conn, compareSchemas({ tables: [], enums: [] }, buildSchema([...s.from])).ops);
        const before = await fullSnapshot(conn);
        const models = buildSchema([...s.to]);
        const ops = await live(conn, models);
        assert.deepEqual(ops.map((o) => o.kind), s.kinds);
        await apply(conn, ops);
        assert.deepEqual((await live(conn, models)).map((o) => o.kind), []);
        await apply(conn, downgradeOf(ops).filter((o): o is Op => o.kind !== "note"));
        assert.deepEqual(await fullSnapshot(conn), before);
      });
    }

    test("introspection reads back what the models declare", { skip: skipReason }, async () => {
      await resetDatabase(conn);
      const models = buildSchema([enableRowLevelSecurity(users), touch, touchTrigger, active, activeEmails, numbers, ownRows, noZero]);
      await apply(conn, compareSchemas({ tables: [], enums: [] }, models).ops);
      const db = await introspect(conn, VERSION_TABLE);
      assert.deepEqual(db.functions, [{ name: "touch", args: [], returns: "trigger", language: "plpgsql", body: touchBody }]);
      assert.deepEqual(db.triggers, [{ name: "trg_users_touch", table: "users", timing: "before", events: ["update"], forEach: "row", function: { name: "touch" } }]);
      assert.deepEqual(db.views?.map((v) => v.name), ["active_emails", "active_users"]);
      assert.deepEqual(db.viewDependencies, [
        { view: "active_emails", on: "active_users", columns: ["email"] },
        { view: "active_users", on: "users", columns: ["email", "id", "score"] },
      ].sort((a, b) => (db.viewDependencies?.findIndex((d) => d.view === a.view) ?? 0) - (db.viewDependencies?.findIndex((d) => d.view === b.view) ?? 0)));
      assert.deepEqual(db.sequences, [{ name: "ticket_numbers", start: 1000, increment: 10 }]);
      assert.deepEqual(db.policies, [
        { name: "no_zero", table: "users", for: "insert", withCheck: "score <> 0", permissive: false },
        { name: "own_rows", table: "users", for: "select", using: "(email)::text = CURRENT_USER" },
      ]);
      assert.deepEqual(db.rowLevelSecurity, [{ table: "users", enabled: true, forced: false }]);
    });
  });

let database: TempDatabase | undefined;
suite(
  "PostgreSQL",
  async () => {
    database = await createTempDatabase("objects");
    const conn = await connect(parseDatabaseUrl(database.url, process.cwd()));
    return { conn, done: async () => (await conn.close(), await database?.drop()) };
  },
  postgresSkip,
);
suite(
  "PGlite",
  async () => {
    const conn = await connect(parseDatabaseUrl("pglite://memory", process.cwd()));
    return { conn, done: () => conn.close() };
  },
  async () => false,
);

describe("across PostgreSQL 15 and PGlite (18)", async () => {
  const skip = await postgresSkip();
  test("views, functions and policies read from the server, applied to PGlite, compare equal there", { skip }, async () => {
    const server = await createTempDatabase("objects_cross");
    const pg = await connect(parseDatabaseUrl(server.url, process.cwd()));
    const lite = await connect(parseDatabaseUrl("pglite://memory", process.cwd()));
    try {
      const models = buildSchema([enableRowLevelSecurity(users), touch, touchTrigger, double, active, activeEmails, top, numbers, ownRows, noZero]);
      await apply(pg, compareSchemas({ tables: [], enums: [] }, models).ops);
      // PostgreSQL 15 prints "users.id" where 18 prints "id": the server's spelling, compared on PGlite.
      const fromServer = await introspect(pg, VERSION_TABLE);
      assert.ok(fromServer.views?.some((v) => sqlTextOf(v.query).includes("users.id")));
      await apply(lite, compareSchemas(await introspect(lite, VERSION_TABLE), fromServer).ops);
      assert.deepEqual(await live(lite, fromServer), []);
    } finally {
      await pg.close();
      await lite.close();
      await server.drop();
    }
  });
});
