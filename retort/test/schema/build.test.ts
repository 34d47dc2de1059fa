// The model DSL builds a plain, fully named Schema.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sqlTextOf } from "../../src/dialects/postgres/fragment.js";
import { mapSchemaText } from "../../src/schema/sql-text.js";
import {
  bigint,
  boolean,
  buildSchema,
  check,
  conv,
  customType,
  enumType,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  primaryKey,
  sql,
  table,
  tableDefinition,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "../../src/schema/index.js";
import type { Schema } from "../../src/schema/types.js";

const trainingStatus = enumType("training_status", ["pending", "processed", "failed"]);

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
    id: uuid()
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    owner_id: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: varchar(100).notNull(),
    temperature: numeric(3, 2).notNull().default("0.70"),
    settings: jsonb()
      .notNull()
      .default(sql`'{}'::jsonb`),
    status: trainingStatus.column().notNull().default("pending"),
    tags: text().array(),
    created_at: timestamp({ withTimezone: true, precision: 3 })
      .notNull()
      .default(sql`now()`),
    id2: bigint().generatedAlwaysAsIdentity(),
    search: customType("tsvector").generatedAlwaysAs(sql`to_tsvector('simple', name)`),
  },
  (t) => [
    unique().on(t.owner_id, t.name),
    index("ix_bots_owner_created").on(t.owner_id, t.created_at.desc()),
    index()
      .using("gin")
      .on(sql`to_tsvector('simple', ${t.name})`),
    uniqueIndex("uq_bots_pending")
      .on(t.owner_id)
      .where(sql`status in ('pending')`),
    check("temperature_range", sql`temperature >= 0 and temperature <= 2`),
  ],
  { schema: "public", comment: "Chatbots owned by users" },
);

test("the seed-style models build a Schema with every constraint and index named", () => {
  // Expressions naming a column are fragments until a dialect spells them; compared here as PostgreSQL's text.
  const schema: Schema = mapSchemaText(buildSchema({ users, bots, trainingStatus, unrelated: 42, helper: () => 1 }), sqlTextOf);
  assert.deepEqual(schema, {
    tables: [
      {
        name: "users",
        columns: [
          { name: "id", type: { kind: "uuid" }, nullable: false, default: { kind: "sql", sql: "gen_random_uuid()" } },
          { name: "email", type: { kind: "varchar", length: 255 }, nullable: false },
          { name: "is_active", type: { kind: "boolean" }, nullable: false, default: { kind: "literal", value: true } },
          { name: "avatar_url", type: { kind: "text" }, nullable: true },
          { name: "created_at", type: { kind: "timestamp", withTimezone: true }, nullable: false, default: { kind: "sql", sql: "now()" } },
        ],
        primaryKey: { name: "pk_users", columns: ["id"] },
        uniques: [{ name: "uq_users_email", columns: ["email"] }],
        checks: [],
        foreignKeys: [],
        indexes: [],
      },
      {
        schema: "public",
        name: "bots",
        columns: [
          { name: "id", type: { kind: "uuid" }, nullable: false, default: { kind: "sql", sql: "gen_random_uuid()" } },
          { name: "owner_id", type: { kind: "uuid" }, nullable: false },
          { name: "name", type: { kind: "varchar", length: 100 }, nullable: false },
          {
            name: "temperature",
            type: { kind: "numeric", precision: 3, scale: 2 },
            nullable: false,
            default: { kind: "literal", value: "0.70" },
          },
          { name: "settings", type: { kind: "jsonb" }, nullable: false, default: { kind: "sql", sql: "'{}'::jsonb" } },
          {
            name: "status",
            type: { kind: "enum", name: "training_status" },
            nullable: false,
            default: { kind: "literal", value: "pending" },
          },
          { name: "tags", type: { kind: "array", element: { kind: "text" } }, nullable: true },
          {
            name: "created_at",
            type: { kind: "timestamp", withTimezone: true, precision: 3 },
            nullable: false,
            default: { kind: "sql", sql: "now()" },
          },
          { name: "id2", type: { kind: "bigint" }, nullable: false, identity: { always: true } },
          { name: "search", type: { kind: "custom", sql: "tsvector" }, nullable: true, generated: { sql: "to_tsvector('simple', name)" } },
        ],
        primaryKey: { name: "pk_bots", columns: ["id"] },
        uniques: [{ name: "uq_bots_owner_id", columns: ["owner_id", "name"] }],
        checks: [{ name: "ck_bots_temperature_range", expression: "temperature >= 0 and temperature <= 2" }],
        foreignKeys: [
          { name: "fk_bots_owner_id_users", columns: ["owner_id"], references: { table: "users", columns: ["id"] }, onDelete: "cascade" },
        ],
        indexes: [
          {
            name: "ix_bots_owner_created",
            elements: [
              { kind: "column", name: "owner_id" },
              { kind: "column", name: "created_at", order: "desc" },
            ],
            unique: false,
          },
          { name: "ix_bots_name", elements: [{ kind: "expression", sql: "to_tsvector('simple', name)" }], unique: false, method: "gin" },
          { name: "uq_bots_pending", elements: [{ kind: "column", name: "owner_id" }], unique: true, where: "status in ('pending')" },
        ],
        comment: "Chatbots owned by users",
      },
    ],
    enums: [{ name: "training_status", values: ["pending", "processed", "failed"] }],
    schemas: ["public"],
  });
});

test("columns are properties of the table; metadata stays out of the way of any column name", () => {
  const odd = table("odd", { name: text(), columns: text(), schema: text(), constructor: text() });
  assert.deepEqual(Object.keys(odd), ["name", "columns", "schema", "constructor"]);
  assert.equal(odd.name.name, "name");
  assert.equal(tableDefinition(odd).name, "odd");
  assert.ok(Object.isFrozen(odd));
});

test("index columns chain their ordering, nulls and operator class in any order; references and index columns are frozen", () => {
  const t = table("t", { a: text(), b: text(), c: integer() }, (c) => [
    index("ix_t_order").on(c.a.desc().nullsLast(), c.b.opclass("text_pattern_ops").desc(), c.c.nullsFirst().nullsLast().asc()),
  ]);
  const built = buildSchema([t]).tables[0];
  assert.deepEqual(built?.indexes, [
    {
      name: "ix_t_order",
      unique: false,
      elements: [
        { kind: "column", name: "a", order: "desc", nulls: "last" },
        { kind: "column", name: "b", order: "desc", opclass: "text_pattern_ops" },
        { kind: "column", name: "c", order: "asc", nulls: "last" },
      ],
    },
  ]);
  const ordered = t.a.desc();
  assert.ok(Object.isFrozen(t.a) && Object.isFrozen(ordered));
  assert.deepEqual([t.a.name, t.a.builder === tableDefinition(t).columns.a], ["a", true]);
  assert.equal(t.a.desc, t.b.desc, "one method shared by every column reference");
});

test("a built table and column keep their keys in one order: schema, name, columns, primaryKey, uniques, checks, foreignKeys, indexes, comment", () => {
  const parent = table("parent", { id: integer().primaryKey() }, { schema: "app" });
  const child = table(
    "child",
    {
      id: integer().primaryKey(),
      parent_id: integer().references(() => parent.id),
      note: text().default("x").comment("a note"),
    },
    (c) => [unique().on(c.note), check("ck_note", sql`note <> ''`), index().on(c.parent_id)],
    { schema: "app", comment: "children" },
  );
  const built = buildSchema([parent, child]).tables[1];
  assert.deepEqual(Object.keys(built ?? {}), ["schema", "name", "columns", "primaryKey", "uniques", "checks", "foreignKeys", "indexes", "comment"]);
  assert.deepEqual(Object.keys(built?.columns[2] ?? {}), ["name", "type", "nullable", "default", "comment"]);
  assert.deepEqual(built?.foreignKeys[0]?.references, { schema: "app", table: "parent", columns: ["id"] });
  assert.ok(Object.isFrozen(built) && Object.isFrozen(built?.columns[2]));
});

test("enums used by columns are included even when not passed; an array of models works too", () => {
  const mood = enumType("mood", ["ok", "great"], { schema: "app" });
  const t = table("t", { m: mood.column().array() });
  const schema = buildSchema([t]);
  assert.deepEqual(schema.enums, [{ schema: "app", name: "mood", values: ["ok", "great"] }]);
  assert.deepEqual(schema.tables[0]?.columns[0]?.type, { kind: "array", element: { kind: "enum", name: "mood", schema: "app" } });
});

describe("naming conventions", () => {
  const memberships = table("memberships", { user_id: integer().notNull(), bot_id: integer().notNull(), role: text() }, (t) => [
    primaryKey().on(t.user_id, t.bot_id),
    unique().on(t.bot_id, t.role),
    index().on(t.role, t.bot_id),
    foreignKey()
      .on(t.bot_id)
      .references({ table: "bots", columns: ["id"] }),
    check("role_known", sql`role in ('a', 'b')`),
  ]);

  test("SQLAlchemy-style tokens, overrides per kind, and functions", () => {
    const schema = buildSchema([memberships], {
      namingConvention: {
        pk: "%(table_name)s_pkey",
        uq: "%(table)s_%(column_0_N_name)s_key",
        ix: "idx_%(column_0N)s",
        fk: (ctx) => `${ctx.table}_${ctx.columns.join("_")}_to_${ctx.referredTable ?? ""}_${ctx.referredColumns?.[0] ?? ""}`,
      },
    });
    const t = schema.tables[0];
    assert.equal(t?.primaryKey?.name, "memberships_pkey");
    assert.deepEqual(
      t?.uniques.map((u) => u.name),
      ["memberships_bot_id_role_key"],
    );
    assert.deepEqual(
      t?.indexes.map((i) => i.name),
      ["idx_rolebot_id"],
    );
    assert.deepEqual(
      t?.foreignKeys.map((f) => f.name),
      ["memberships_bot_id_to_bots_id"],
    );
    assert.deepEqual(
      t?.checks.map((c) => c.name),
      ["ck_memberships_role_known"],
    );
  });

  test("a given name that already has the convention's shape is not prefixed twice", () => {
    const t = table("bots", { t: integer() }, (c) => [check("ck_bots_range", sql`${c.t} > 0`), check("limit", sql`${c.t} < 9`)]);
    assert.deepEqual(
      buildSchema([t]).tables[0]?.checks.map((c) => c.name),
      ["ck_bots_range", "ck_bots_limit"],
    );
  });

  test("a name marked final with conv() is kept as it is under any convention, for every kind", () => {
    const parent = table("usrgrp_groups", { id: integer().primaryKey() });
    const t = table("usrgrp_users", { id: integer(), status: text(), group_id: integer() }, (c) => [
      primaryKey(conv("users_pk")).on(c.id),
      check(conv("usrgrp_users_status_check"), sql`${c.status} <> ''`),
      check("plain", sql`${c.status} <> 'x'`),
      unique(conv("users_status_unique")).on(c.status),
      foreignKey(conv("users_group")).on(c.group_id).references(() => [parent.id]),
      index(conv("users_status")).on(c.status),
    ]);
    const convention = { namingConvention: { pk: "p_%(table)s", uq: "u_%(constraint_name)s", fk: "f_%(constraint_name)s", ix: "i_%(constraint_name)s" } };
    const built = buildSchema([parent, t], convention).tables[1];
    assert.deepEqual(
      [built?.primaryKey?.name, ...(built?.checks.map((c) => c.name) ?? []), built?.uniques[0]?.name, built?.foreignKeys[0]?.name, built?.indexes[0]?.name],
      ["users_pk", "usrgrp_users_status_check", "ck_usrgrp_users_plain", "users_status_unique", "users_group", "users_status"],
    );
  });

  test("a generated name longer than PostgreSQL keeps is cut and given a hash of the full name", () => {
    const long = "a".repeat(40);
    const t = table(long, { [`${long}_x`]: integer().unique(), [`${long}_y`]: integer().unique() });
    const names = buildSchema([t]).tables[0]?.uniques.map((u) => u.name) ?? [];
    assert.equal(names.length, 2);
    for (const n of names) assert.equal(Buffer.byteLength(n), 63);
    assert.notEqual(names[0], names[1]);
    assert.deepEqual(
      buildSchema([t]).tables[0]?.uniques.map((u) => u.name),
      names,
      "stable from one build to the next",
    );
  });
});

describe("mistakes in models are INVALID_SCHEMA errors with a hint", () => {
  const refused = (fn: () => unknown, message: string | RegExp): void => {
    assert.throws(fn, (error: unknown) => {
      assert.equal((error as { code?: string }).code, "INVALID_SCHEMA");
      if (typeof message === "string") assert.equal((error as Error).message, message);
      else assert.match((error as Error).message, message);
      assert.ok(((error as { hint?: string }).hint ?? "").length > 0);
      return true;
    });
  };

  test("a check with no name under the default convention", () => {
    refused(
      () => buildSchema([table("t", { a: integer() }, (t) => [check(sql`${t.a} > 0`)])]),
      'the check constraint on table "t" (a) has no name, and the naming convention "ck_%(table)s_%(constraint_name)s" needs %(constraint_name)s to make one',
    );
  });

  test("an unnamed expression index that mentions no column", () => {
    refused(() => buildSchema([table("t", { a: integer() }, () => [index().on(sql`(1)`)])]), /^the index on table "t" has no name/);
  });

  test("an empty column list", () => {
    refused(
      () => buildSchema([table("t", { a: integer() }, () => [index("ix_t").on()])]),
      'index "ix_t" of table "t" has an empty column list',
    );
  });

  test("a constraint on another table's column", () => {
    refused(
      () => buildSchema([table("t", { a: integer() }, () => [unique().on(users.email)])]),
      'a unique constraint of table "t" uses column "email" of table "users"',
    );
  });

  test("two constraints that end up with one name", () => {
    refused(
      () => buildSchema([table("t", { a: integer(), b: integer() }, (t) => [unique().on(t.a), unique().on(t.a, t.b)])]),
      'two constraints or indexes of "t" are both named "uq_t_a"',
    );
    refused(
      () =>
        buildSchema([
          table("t1", { a: integer() }, (t) => [index("ix_same").on(t.a)]),
          table("t2", { a: integer() }, (t) => [index("ix_same").on(t.a)]),
        ]),
      'two constraints or indexes of "t1" and "t2" are both named "ix_same"',
    );
  });

  test("a primary key declared twice, identity on text, a default on a generated column", () => {
    refused(
      () => buildSchema([table("t", { a: integer().primaryKey() }, (t) => [primaryKey().on(t.a)])]),
      'table "t" declares its primary key more than once',
    );
    refused(() => buildSchema([table("t", { a: text().generatedAlwaysAsIdentity() })]), 'column "a" is an identity column of type text');
    refused(
      () =>
        buildSchema([
          table("t", {
            a: integer()
              .generatedAlwaysAs(sql`1`)
              .default(2),
          }),
        ]),
      'column "a" has a default and is also a generated column',
    );
  });

  test("bad types and bad values", () => {
    refused(() => customType("text; drop table x"), '"text; drop table x" is not a type name');
    refused(() => varchar(0), "varchar length must be a positive integer, not 0");
    refused(() => numeric(undefined, 2), "numeric() was given a scale without a precision");
    refused(() => integer().default(Number.NaN), /must be a string, a finite number/);
    refused(
      () => integer().default(sql`${"x"}`),
      'a column default embeds a value ("x"); a schema expression can only embed columns and sql fragments',
    );
    refused(() => enumType("e", ["a", "a"]), 'enum type "e" lists "a" twice');
    refused(() => table("t", {}), 'table "t" has no columns');
  });

  test("the same table or enum declared twice", () => {
    refused(() => buildSchema([table("t", { a: integer() }), table("t", { a: integer() })]), 'table "t" is declared twice');
    refused(() => buildSchema([enumType("e", ["a"]), enumType("e", ["b"])]), 'enum type "e" is declared twice with different values');
  });
});
