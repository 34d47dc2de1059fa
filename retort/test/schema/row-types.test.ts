// Database<M> as Kysely<DB>: checked by the type checker (tsc runs over test/), and the
// run-time part compiles a few queries with Kysely's own PostgreSQL compiler.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Insertable,
  type Selectable,
  type Updateable,
} from "kysely";
import {
  bigint,
  bigserial,
  boolean,
  enumType,
  integer,
  jsonb,
  serial,
  sql,
  table,
  text,
  timestamp,
  uuid,
  varchar,
  defineSchema,
  type Database,
} from "../../src/schema/index.js";

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

const bots = table("bots", {
  id: serial().primaryKey(),
  owner_id: uuid().notNull(),
  status: status.column().notNull().default("pending"),
  settings: jsonb().$type<{ theme: string }>().notNull(),
  tags: text().array(),
  counter: bigserial(),
  seq: integer().generatedByDefaultAsIdentity(),
  fixed: bigint().generatedAlwaysAsIdentity(),
  doubled: integer().generatedAlwaysAs(sql`seq * 2`),
});

type DB = Database<{ users: typeof users; bots: typeof bots }>;

// Exact-type assertion: fails to compile unless A and B are the same type.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T): void => {};

expectType<Equal<Selectable<DB["users"]>, { id: string; email: string; is_active: boolean; avatar_url: string | null; created_at: Date }>>(
  true,
);
expectType<
  Equal<
    Selectable<DB["bots"]>,
    {
      id: number;
      owner_id: string;
      status: "pending" | "processed" | "failed";
      settings: { theme: string };
      tags: string[] | null;
      counter: string;
      seq: number;
      fixed: string;
      doubled: number | null;
    }
  >
>(true);

// defineSchema keys the tables by their own names: the same Database as the keyed form.
const schema = defineSchema([users, bots]);
expectType<Equal<Database<typeof schema>, DB>>(true);
expectType<Equal<keyof typeof schema, "users" | "bots">>(true);
const articles = table("articles", { id: serial().primaryKey() });
// @ts-expect-error a model of table("articles") keyed as posts names a table that does not exist
type Mismatched = Database<{ posts: typeof articles }>;
// @ts-expect-error the same through defineSchema: the key is "articles", not "posts"
type NoPosts = Database<typeof schema & {}>["posts"];

// Defaults, serials and identity BY DEFAULT are optional on insert; nullable columns too.
const minimalUser: Insertable<DB["users"]> = { email: "a@example.com" };
const minimalBot: Insertable<DB["bots"]> = { owner_id: "u", settings: { theme: "dark" } };
// @ts-expect-error email is NOT NULL without a default
const noEmail: Insertable<DB["users"]> = { is_active: true };
// @ts-expect-error an identity ALWAYS column is never written
const writesFixed: Insertable<DB["bots"]> = { owner_id: "u", settings: { theme: "x" }, fixed: "1" };
// @ts-expect-error a generated column is never written
const writesDoubled: Insertable<DB["bots"]> = { owner_id: "u", settings: { theme: "x" }, doubled: 2 };
// @ts-expect-error status only takes the enum's values
const badStatus: Insertable<DB["bots"]> = { owner_id: "u", settings: { theme: "x" }, status: "bogus" };
// @ts-expect-error generated columns cannot be updated either
const updatesDoubled: Updateable<DB["bots"]> = { doubled: 3 };
const update: Updateable<DB["users"]> = { avatar_url: null };

test("defineSchema keys the tables by their names and refuses a table twice or a non-table", () => {
  assert.deepEqual(Object.keys(schema), ["users", "bots"]);
  assert.equal(schema.users, users);
  assert.throws(() => defineSchema([users, users]), { code: "INVALID_SCHEMA", message: 'defineSchema lists table "users" twice' });
  assert.throws(() => defineSchema([{} as typeof users]), { code: "INVALID_SCHEMA", message: "defineSchema takes model tables only" });
  const none: Mismatched | NoPosts | undefined = undefined;
  assert.equal(none, undefined);
});

test("Kysely<Database<...>> builds typed queries against the model tables", () => {
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const select = db
    .selectFrom("bots")
    .innerJoin("users", "users.id", "bots.owner_id")
    .select(["bots.id", "users.email", "bots.status"])
    .where("bots.status", "=", "pending")
    .compile();
  assert.equal(
    select.sql,
    'select "bots"."id", "users"."email", "bots"."status" from "bots" inner join "users" on "users"."id" = "bots"."owner_id" where "bots"."status" = $1',
  );
  const insert = db.insertInto("users").values(minimalUser).compile();
  assert.equal(insert.sql, 'insert into "users" ("email") values ($1)');
  assert.deepEqual([minimalBot.owner_id, update.avatar_url, noEmail, writesFixed, writesDoubled, badStatus, updatesDoubled].length, 7);
});
