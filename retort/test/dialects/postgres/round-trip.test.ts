// Every operation applied to a real database, then its inverse: the catalogs must read
// exactly as before. Run on PGlite (PostgreSQL 18, in memory) and on the PostgreSQL server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { compileOp, type CompileContext } from "../../../src/dialects/postgres/compile.js";
import { postgresCapabilities } from "../../../src/dialects/postgres/capabilities.js";
import type { Operations } from "../../../src/ops/facade.js";
import { reverseOp, reverseOps } from "../../../src/ops/reverse.js";
import type { Op } from "../../../src/ops/types.js";
import {
  bigint,
  boolean,
  bytea,
  char,
  check,
  customType,
  date,
  doublePrecision,
  enumType,
  index,
  integer,
  interval,
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
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "../../../src/schema/index.js";
import { resetDatabase, runStatements, snapshot, type Queryable } from "../../support/catalog.js";
import { collectOps } from "../../support/ops-collect.js";
import { describeOnPostgres } from "../../support/postgres.js";

const status = enumType("training_status", ["pending", "processed", "failed"]);

const users = table("users", {
  id: uuid()
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  email: varchar(255).notNull().unique(),
  is_active: boolean().notNull().default(true),
  avatar_url: text(),
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
    name: varchar(100).notNull().comment("shown to users"),
    temperature: numeric(3, 2).notNull().default("0.70"),
    settings: jsonb()
      .notNull()
      .default(sql`'{}'::jsonb`),
    raw: json(),
    status: status.column().notNull().default("pending"),
    history: status.column().array(),
    tags: text().array(),
    small: smallint(),
    big: bigint().generatedAlwaysAsIdentity({ start: 10, increment: 5 }),
    ratio: real(),
    score: doublePrecision(),
    code: char(3),
    born: date(),
    at: time({ precision: 3 }),
    ttl: interval(),
    blob: bytea(),
    seq: integer().default(-1),
    search: customType("tsvector").generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, (name)::text)`),
  },
  (t) => [
    unique().on(t.owner_id, t.name),
    index("ix_bots_owner_created").on(t.owner_id, t.born.desc().nullsLast()),
    index()
      .using("gin")
      .on(sql`to_tsvector('simple', ${t.name})`),
    uniqueIndex("uq_bots_active")
      .on(t.owner_id)
      .include(t.code)
      .where(sql`status = 'pending'`),
    check("temperature_range", sql`temperature >= 0 and temperature <= 2`),
  ],
  { comment: "Chatbots owned by users" },
);

interface Case {
  readonly name: string;
  /** What exists before the change. */
  readonly setup?: (op: Operations) => unknown;
  /** The change: facade calls, or ops derived from the setup's (e.g. drops carrying `previous`). */
  readonly change: ((op: Operations) => unknown) | { readonly fromSetup: (setup: Op[]) => Op[] };
  readonly postgresOnly?: boolean;
}

const cases: Case[] = [
  {
    name: "createEnum and createTable from models, every column type, constraints and indexes",
    change: (op) => {
      op.createEnum(status);
      op.createTable(users);
      op.createTable(bots);
    },
  },
  {
    name: "dropTable of a model table is undone by creating it and its indexes again",
    setup: (op) => {
      op.createEnum(status);
      op.createTable(users);
      op.createTable(bots);
    },
    change: (op) => op.dropTable(bots),
  },
  { name: "renameTable", setup: (op) => op.createTable(users), change: (op) => op.renameTable("users", "people") },
  {
    name: "addColumn with a unique constraint, a reference and a comment",
    setup: (op) => {
      op.createTable(users);
      op.createTable("bots", { id: serial().primaryKey() });
    },
    change: (op) =>
      op.addColumn(
        "bots",
        "owner_id",
        uuid()
          .notNull()
          .unique()
          .references(() => users.id, { onDelete: "cascade" })
          .comment("owner"),
      ),
  },
  {
    name: "dropColumn given the existing definition",
    setup: (op) => op.createTable("t", { id: integer().primaryKey(), note: varchar(20).notNull().default("n/a").comment("a note") }),
    change: (op) => op.dropColumn("t", "note", { existing: varchar(20).notNull().default("n/a").comment("a note") }),
  },
  {
    name: "alterColumn: type with USING, nullability, default, comment and rename at once",
    setup: (op) =>
      op.createTable("t", { id: integer().primaryKey(), temperature: numeric(3, 2).notNull().default("0.70").comment("temp") }),
    change: (op) =>
      op.alterColumn("t", "temperature", {
        type: "real",
        using: "temperature::real",
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
    name: "createIndex: unique partial with INCLUDE and ordering, gin on an expression, an operator class",
    setup: (op) => op.createTable(users),
    change: (op) => {
      op.createIndex("ix_users_active", "users", ["is_active", { column: "created_at", order: "desc", nulls: "first" }], {
        unique: true,
        include: ["email"],
        where: "avatar_url is not null",
      });
      op.createIndex("ix_users_search", "users", [sql`to_tsvector('simple', email)`], { using: "gin" });
      op.createIndex(null, "users", ["avatar_url", "email"]);
      op.createIndex("ix_users_email_pattern", "users", [{ column: "email", opclass: "text_pattern_ops" }], { ifNotExists: true });
    },
  },
  {
    name: "dropIndex carrying the index it drops",
    setup: (op) => {
      op.createTable(users);
      op.createIndex("ix_users_lower", "users", [sql`lower(email)`], { where: sql`is_active` });
    },
    change: { fromSetup: (setup) => [reverseOp(setup.at(-1) as Op)] },
  },
  {
    name: "createIndex CONCURRENTLY",
    postgresOnly: true,
    setup: (op) => op.createTable(users),
    change: (op) => op.createIndex("ix_users_created", "users", ["created_at"], { concurrently: true }),
  },
  {
    name: "create each kind of constraint",
    setup: (op) => {
      op.createTable("parents", { a: integer().notNull(), b: integer().notNull() });
      op.createTable("children", { a: integer().notNull(), b: integer().notNull(), n: integer() });
    },
    change: (op) => {
      op.createPrimaryKey(null, "parents", ["a", "b"]);
      op.createForeignKey(null, "children", "parents", ["a", "b"], ["a", "b"], {
        onDelete: "cascade",
        onUpdate: "set null",
        deferrable: true,
        initiallyDeferred: true,
      });
      op.createUniqueConstraint("uq_children_ab", "children", ["a", "b"], { deferrable: true });
      op.createCheckConstraint("ck_children_n", "children", sql`n > 0`);
    },
  },
  {
    name: "dropConstraint carrying each constraint it drops",
    setup: (op) => {
      op.createTable("parents", { a: integer().notNull(), b: integer().notNull() });
      op.createTable("children", { a: integer().notNull(), b: integer().notNull(), n: integer() });
      op.createPrimaryKey(null, "parents", ["a", "b"]);
      op.createForeignKey(null, "children", "parents", ["a", "b"], ["a", "b"], { onDelete: "cascade" });
      op.createUniqueConstraint(null, "children", ["a", "b"]);
      op.createCheckConstraint("ck_children_n", "children", "n > 0");
    },
    change: { fromSetup: (setup) => reverseOps(setup.slice(2)) },
  },
  { name: "dropEnum of a model", setup: (op) => op.createEnum(status), change: (op) => op.dropEnum(status) },
  { name: "renameEnumValue", setup: (op) => op.createEnum(status), change: (op) => op.renameEnumValue(status, "failed", "errored") },
  {
    name: "table and column comments, given what they replace",
    setup: (op) => op.createTable("t", { id: integer().comment("the id") }, { comment: "a table" }),
    change: (op) => {
      op.setTableComment("t", "another table", { existing: "a table" });
      op.setColumnComment("t", "id", null, { existing: "the id" });
    },
  },
  {
    name: "functions and triggers",
    setup: (op) => op.createTable(users),
    change: (op) => {
      op.createFunction({ name: "touch", returns: "trigger", language: "plpgsql", body: "begin new.created_at = now(); return new; end;" });
      op.createFunction({
        name: "add",
        args: [
          { name: "a", type: "integer" },
          { name: "b", type: "integer", default: "1" },
        ],
        returns: "integer",
        language: "sql",
        volatility: "immutable",
        body: "select a + b",
      });
      op.createTrigger({
        name: "trg_users_touch",
        table: "users",
        timing: "before",
        events: ["update"],
        updateOf: ["email"],
        forEach: "row",
        function: "touch",
        when: "old.email is distinct from new.email",
      });
    },
  },
  {
    name: "views and materialized views",
    setup: (op) => op.createTable(users),
    change: (op) => {
      op.createView("active_users", "select id, email from users where is_active");
      op.createView("user_count", sql`select count(*) as n from users`, { materialized: true });
    },
  },
  {
    name: "dropTrigger and dropFunction carrying their definitions",
    setup: (op) => {
      op.createTable(users);
      op.createFunction({
        name: "touch",
        returns: "trigger",
        language: "plpgsql",
        volatility: "volatile",
        body: "begin new.created_at = now(); return new; end;",
      });
      op.createTrigger({
        name: "trg_users_touch",
        table: users,
        timing: "after",
        events: ["insert", "delete"],
        forEach: "statement",
        function: "touch",
      });
    },
    change: { fromSetup: (setup) => reverseOps(setup.slice(1)) },
  },
  {
    name: "createFunction and createView with OR REPLACE, undone by restoring what they replaced",
    setup: (op) => {
      op.createTable(users);
      op.createFunction({ name: "answer", returns: "integer", language: "sql", body: "select 41" });
      op.createView("emails", "select email from users");
    },
    change: {
      fromSetup: (setup) => {
        const [, fn, view] = setup;
        assert.ok(fn?.kind === "createFunction" && view?.kind === "createView");
        return [
          { kind: "createFunction", function: { ...fn.function, body: "select 42" }, orReplace: true, previous: fn.function },
          {
            kind: "createView",
            view: { ...view.view, query: "select email from users where is_active" },
            orReplace: true,
            previous: view.view,
          },
        ];
      },
    },
  },
  {
    name: "dropView and dropSchema carrying what they drop",
    setup: (op) => {
      op.createTable(users);
      op.createView("emails", "select email from users", { materialized: true });
      op.createSchema("empty");
    },
    change: { fromSetup: (setup) => reverseOps(setup.slice(1)) },
  },
  {
    name: "schemas, and tables inside them",
    change: (op) => {
      op.createSchema("app");
      op.createTable("things", { id: integer().primaryKey() }, { schema: "app" });
    },
  },
];

interface Target {
  readonly name: "pglite" | "postgres";
  readonly db: Queryable;
}

const apply = async (target: Target, ops: readonly Op[], notices: string[] = []): Promise<void> => {
  const ctx: CompileContext = { capabilities: postgresCapabilities(target.name), notice: (m) => notices.push(m) };
  for (const op of ops) await runStatements(target.db, compileOp(op, ctx));
};

const roundTrips = (target: () => Target): void => {
  for (const c of cases) {
    test(c.name, async (t) => {
      const current = target();
      if (c.postgresOnly === true && current.name !== "postgres")
        return t.skip("PGlite refuses CONCURRENTLY; compiled as a plain CREATE INDEX there");
      await resetDatabase(current.db);
      const setup = c.setup === undefined ? [] : await collectOps(c.setup);
      await apply(current, setup);
      const change = typeof c.change === "function" ? await collectOps(c.change) : c.change.fromSetup(setup);
      const before = await snapshot(current.db);
      await apply(current, change);
      assert.notDeepEqual(await snapshot(current.db), before, "the change altered nothing");
      await apply(current, reverseOps(change));
      assert.deepEqual(await snapshot(current.db), before);
    });
  }

  test("addEnumValue runs; without the type's prior state it is irreversible", async () => {
    const current = target();
    await resetDatabase(current.db);
    const ops = await collectOps((op) => {
      op.createEnum(status);
      op.addEnumValue(status, "running", { after: "pending" });
      op.addEnumValue(status, "running", { ifNotExists: true });
    });
    await apply(current, ops);
    const { rows } = await current.db.query("select enum_range(null::training_status)::text[] as v");
    assert.deepEqual(rows, [{ v: ["pending", "running", "processed", "failed"] }]);
    assert.throws(() => reverseOp(ops[1] as Op), {
      code: "IRREVERSIBLE_OPERATION",
      message: `addEnumValue "training_status" cannot be reversed: PostgreSQL cannot remove a value in place, and the type's values and columns before it are not recorded`,
    });
  });

  test("recreateEnum reorders and removes values with rows and a default in place, and its inverse puts them back", async () => {
    const current = target();
    await resetDatabase(current.db);
    await current.db.query(`CREATE TYPE "Job State" AS ENUM ('pending', 'running', 'done')`);
    await current.db.query(`CREATE TABLE "jobs" ("s" "Job State" NOT NULL DEFAULT 'pending', "h" "Job State"[])`);
    await current.db.query(`INSERT INTO "jobs" VALUES ('done', '{pending,done}'), ('pending', NULL)`);
    const values = async () =>
      (await current.db.query(`select enum_range(null::"Job State")::text[] as v, (select array_agg(s::text order by s::text) from jobs) as s, (select column_default from information_schema.columns where table_name = 'jobs' and column_name = 's') as d`)).rows;
    const ops = await collectOps((op) =>
      op.recreateEnum("Job State", ["done", "pending"], {
        columns: [{ table: "jobs", column: "s", default: sql`'pending'::"Job State"` }, { table: "jobs", column: "h", array: true }],
        existingValues: ["pending", "running", "done"],
      }),
    );
    await apply(current, ops);
    assert.deepEqual(await values(), [{ v: ["done", "pending"], s: ["done", "pending"], d: `'pending'::"Job State"` }]);
    await apply(current, reverseOps(ops));
    assert.deepEqual(await values(), [{ v: ["pending", "running", "done"], s: ["done", "pending"], d: `'pending'::"Job State"` }]);
  });

  test("recreateEnum keeps the checks, partial indexes and defaults that name the type, around the swap, and the addEnumValue loop works", async () => {
    const current = target();
    await resetDatabase(current.db);
    await current.db.query(`CREATE TYPE "mood" AS ENUM ('happy', 'sad', 'meh')`);
    await current.db.query(
      `CREATE TABLE "people" ("id" integer PRIMARY KEY, "m" "mood" NOT NULL DEFAULT 'happy', "ms" "mood"[], "label" text DEFAULT ('sad'::"mood")::text, ` +
        `CONSTRAINT "ck_people_not_meh" CHECK ("m" <> 'meh'), CONSTRAINT "ck_people_ms" CHECK ("ms" <> '{meh}'::"mood"[]) NOT VALID)`,
    );
    await current.db.query(`CREATE INDEX "ix_people_happy" ON "people" ("id") WHERE "m" = 'happy'`);
    await current.db.query(`CREATE INDEX "ix_people_plain" ON "people" ("m")`);
    await current.db.query(`INSERT INTO "people" VALUES (1, 'happy', '{sad}'), (2, 'sad', NULL)`);
    const dependents = async () =>
      (
        await current.db.query(
          `select conname as name, pg_get_constraintdef(oid) as def, convalidated as valid from pg_constraint where conrelid = 'people'::regclass and contype = 'c' ` +
            `union all select indexrelid::regclass::text, pg_get_indexdef(indexrelid), true from pg_index where indrelid = 'people'::regclass and not indisprimary ` +
            `union all select column_name, column_default, true from information_schema.columns where table_name = 'people' and column_default is not null order by 1`,
        )
      ).rows;
    const before = await dependents();
    const enumValues = async () => (await current.db.query(`select enum_range(null::"mood")::text[] as v`)).rows[0]?.v;
    const columns = [
      { table: "people", column: "m", default: sql`'happy'::mood` },
      { table: "people", column: "ms", array: true },
    ];
    const reorder = await collectOps((op) => op.recreateEnum("mood", ["sad", "happy", "meh"], { columns, existingValues: ["happy", "sad", "meh"] }));
    await apply(current, reorder);
    assert.deepEqual(await enumValues(), ["sad", "happy", "meh"]);
    assert.deepEqual(await dependents(), before);
    await apply(current, reverseOps(reorder));
    assert.deepEqual(await enumValues(), ["happy", "sad", "meh"]);
    assert.deepEqual(await dependents(), before);
    // An added value's downgrade is a recreation: upgrade, downgrade, upgrade again.
    const add = await collectOps((op) => op.addEnumValue("mood", "ecstatic", { ifNotExists: true }));
    const added: Op = { ...(add[0] as Op & { kind: "addEnumValue" }), previous: { values: ["happy", "sad", "meh"], columns: reorder[0]?.kind === "recreateEnum" ? reorder[0].columns : [] } };
    await apply(current, [added]);
    await apply(current, reverseOps([added]));
    assert.deepEqual(await enumValues(), ["happy", "sad", "meh"]);
    await apply(current, [added]);
    assert.deepEqual(await enumValues(), ["happy", "sad", "meh", "ecstatic"]);
    assert.deepEqual(await dependents(), before);
    assert.deepEqual((await current.db.query(`select count(*)::int as n from pg_type where typname like '%retort%'`)).rows, [{ n: 0 }]);
  });

  test("bulkInsert and execute put the same values in as given", async () => {
    const current = target();
    await resetDatabase(current.db);
    const ops = await collectOps((op) => {
      op.createEnum(status);
      op.createTable(users);
      op.createTable(bots);
      op.execute("insert into users (id, email) values ($1, $2)", ["00000000-0000-0000-0000-000000000001", "a@example.com"]);
      op.bulkInsert(bots, [
        {
          owner_id: "00000000-0000-0000-0000-000000000001",
          name: 'it\'s \\ "quoted"',
          settings: { deep: [1, "x"] },
          tags: ["a", 'b"c', null],
          blob: new Uint8Array([0, 1, 255]),
          born: new Date("2026-02-03T00:00:00Z"),
          status: "failed",
        },
        { owner_id: "00000000-0000-0000-0000-000000000001", name: "second", temperature: 1.25, small: 7, history: ["pending", "failed"] },
      ]);
      op.execute(sql`update bots set ratio = ${0.5} where name = ${"second"}`);
    });
    await apply(current, ops);
    const { rows } = await current.db.query(
      "select name, settings::text, tags, encode(blob, 'hex') as blob, born::text, status::text, temperature::text, small, history::text, ratio from bots order by id",
    );
    assert.deepEqual(rows, [
      {
        name: 'it\'s \\ "quoted"',
        settings: '{"deep": [1, "x"]}',
        tags: ["a", 'b"c', null],
        blob: "0001ff",
        born: "2026-02-03",
        status: "failed",
        temperature: "0.70",
        small: null,
        history: null,
        ratio: null,
      },
      {
        name: "second",
        settings: "{}",
        tags: null,
        blob: null,
        born: null,
        status: "pending",
        temperature: "1.25",
        small: 7,
        history: "{pending,failed}",
        ratio: 0.5,
      },
    ]);
    assert.throws(() => reverseOp(ops.at(-1) as Op), { code: "IRREVERSIBLE_OPERATION" });
  });
};

describe("on PGlite", () => {
  let db: PGlite;
  before(async () => {
    db = new PGlite();
    await db.waitReady;
  });
  after(() => db.close());
  roundTrips(() => ({ name: "pglite", db }));
});

describeOnPostgres("ops_round_trip", (client) => {
  roundTrips(() => ({ name: "postgres", db: client() }));
});
