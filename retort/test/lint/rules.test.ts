// Every lint rule with examples that fail and examples that pass, written as migrations are:
// with the op facade, and as raw SQL given to op.execute (parsed by PostgreSQL's parser).
// A table the example does not create is an existing one, in use.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { lintMigrations, RULES, type MigrationToLint } from "../../src/lint/index.js";
import type { Operations } from "../../src/ops/index.js";
import { bigint, char, integer, serial, sql, text, timestamp, uuid, varchar } from "../../src/schema/index.js";
import { collectOps } from "../support/ops-collect.js";

interface Example {
  readonly name: string;
  readonly upgrade: (op: Operations) => Promise<unknown>;
  readonly transactional?: boolean;
  readonly lockTimeout?: boolean;
  /** The rule's exact message, for failing examples. */
  readonly message?: string;
  readonly rowCounts?: Record<string, number>;
}

interface RuleCase {
  readonly rule: string;
  readonly fails: readonly Example[];
  readonly passes: readonly Example[];
}

const exec = (...statements: string[]) => async (op: Operations) => {
  for (const statement of statements) await op.execute(statement);
};

const CASES: readonly RuleCase[] = [
  {
    rule: "volatile-default",
    fails: [
      { name: "ops: a uuid default", upgrade: (op) => op.addColumn("users", "token", uuid().default(sql`gen_random_uuid()`)), message: "adds column users.token with the volatile default gen_random_uuid(): the table is rewritten under an exclusive lock" },
      { name: "ops: a serial column", upgrade: (op) => op.addColumn("users", "n", serial()), message: "adds serial column users.n: filling it from its sequence rewrites the table under an exclusive lock" },
      { name: "sql: clock_timestamp()", upgrade: exec("ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT clock_timestamp()"), message: "adds column users.seen with the volatile default clock_timestamp(): the table is rewritten under an exclusive lock" },
      { name: "sql: a stored generated column", upgrade: exec("ALTER TABLE users ADD COLUMN lower_email text GENERATED ALWAYS AS (lower(email)) STORED"), message: "adds stored generated column users.lower_email: computing it rewrites the table under an exclusive lock" },
    ],
    passes: [
      { name: "ops: a constant default", upgrade: (op) => op.addColumn("users", "active", integer().notNull().default(1)) },
      { name: "ops: now() is stable", upgrade: (op) => op.addColumn("users", "created", timestamp({ withTimezone: true }).default(sql`now()`)) },
      { name: "sql: on a table created in the same migration", upgrade: exec("CREATE TABLE t (id bigint)", "ALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid()") },
      { name: "sql: with row counts, a small table", upgrade: exec("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()"), rowCounts: { "public.users": 12 } },
    ],
  },
  {
    rule: "add-required-column",
    fails: [
      { name: "ops", upgrade: (op) => op.addColumn("users", "age", integer().notNull()), message: "adds NOT NULL column users.age without a default: fails on a table with rows" },
      { name: "sql", upgrade: exec("ALTER TABLE users ADD COLUMN age int NOT NULL"), message: "adds NOT NULL column users.age without a default: fails on a table with rows" },
    ],
    passes: [
      { name: "ops: with a default", upgrade: (op) => op.addColumn("users", "age", integer().notNull().default(0)) },
      { name: "sql: nullable", upgrade: exec("ALTER TABLE users ADD COLUMN age int") },
      { name: "ops: on a new table", upgrade: async (op) => { await op.createTable("t", { id: bigint().primaryKey() }); await op.addColumn("t", "age", integer().notNull()); } },
    ],
  },
  {
    rule: "type-change",
    fails: [
      { name: "ops: narrowing", upgrade: (op) => op.alterColumn("users", "name", { type: varchar(10), existingType: varchar(100) }), message: "changes the type of users.name from varchar(100) to varchar(10): values may not fit, and the table is rewritten under an exclusive lock" },
      { name: "ops: int to bigint rewrites", upgrade: (op) => op.alterColumn("users", "n", { type: bigint(), existingType: integer() }) },
      { name: "sql: unknown previous type", upgrade: exec("ALTER TABLE users ALTER COLUMN n TYPE bigint"), message: "changes the type of users.n to int8: values may not fit, and the table is rewritten under an exclusive lock" },
    ],
    passes: [
      { name: "ops: widening varchar", upgrade: (op) => op.alterColumn("users", "name", { type: varchar(200), existingType: varchar(100) }) },
      { name: "ops: varchar to text", upgrade: (op) => op.alterColumn("users", "name", { type: text(), existingType: varchar(100) }) },
      { name: "sql: on a new table", upgrade: exec("CREATE TABLE t (n int)", "ALTER TABLE t ALTER COLUMN n TYPE bigint") },
    ],
  },
  {
    rule: "index-not-concurrent",
    fails: [
      { name: "ops", upgrade: (op) => op.createIndex("ix_users_email", "users", ["email"]), message: "creates index ix_users_email on existing table users without CONCURRENTLY: writes are blocked while it builds" },
      { name: "sql", upgrade: exec("CREATE INDEX ix_users_email ON users (email)"), message: "creates index ix_users_email on existing table users without CONCURRENTLY: writes are blocked while it builds" },
    ],
    passes: [
      { name: "ops: concurrently", upgrade: (op) => op.createIndex("ix_users_email", "users", ["email"], { concurrently: true }), transactional: false },
      { name: "ops: a table created in the same migration", upgrade: async (op) => { await op.createTable("t", { id: bigint().primaryKey(), v: text() }); await op.createIndex("ix_t_v", "t", ["v"]); } },
      { name: "sql: concurrently outside a transaction", upgrade: exec("CREATE INDEX CONCURRENTLY ix_users_email ON users (email)"), transactional: false },
      { name: "sql: a small table (row counts)", upgrade: exec("CREATE INDEX ix_users_email ON users (email)"), rowCounts: { "public.users": 9_999 } },
    ],
  },
  {
    rule: "drop-index-not-concurrent",
    fails: [
      { name: "ops", upgrade: (op) => op.dropIndex("ix_users_email"), message: "drops index ix_users_email without CONCURRENTLY: its table is locked against reads and writes until the drop commits" },
      { name: "sql", upgrade: exec("DROP INDEX ix_users_email"), message: "drops index ix_users_email without CONCURRENTLY: its table is locked against reads and writes until the drop commits" },
    ],
    passes: [
      { name: "ops: concurrently", upgrade: (op) => op.dropIndex("ix_users_email", { concurrently: true }), transactional: false },
      { name: "sql: an index created in the same migration", upgrade: exec("CREATE TABLE t (v text)", "CREATE INDEX ix_t ON t (v)", "DROP INDEX ix_t") },
    ],
  },
  {
    rule: "foreign-key-not-valid",
    fails: [
      { name: "ops", upgrade: (op) => op.createForeignKey("fk_posts_user", "posts", "users", ["user_id"], ["id"]), message: "adds foreign key fk_posts_user on existing table posts without NOT VALID: every row is checked while writes are blocked" },
      { name: "ops: a column with references()", upgrade: (op) => op.addColumn("posts", "user_id", bigint().references({ table: "users", column: "id" })) },
      { name: "sql", upgrade: exec("ALTER TABLE posts ADD CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id)"), message: "adds foreign key fk_posts_user on existing table posts without NOT VALID: every row is checked while writes are blocked" },
      { name: "sql: inline REFERENCES", upgrade: exec("ALTER TABLE posts ADD COLUMN user_id bigint REFERENCES users (id)"), message: "adds column posts.user_id with REFERENCES: the foreign key is validated under a lock on both tables" },
    ],
    passes: [
      { name: "sql: NOT VALID", upgrade: exec("ALTER TABLE posts ADD CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID") },
      { name: "ops: on a new table", upgrade: async (op) => { await op.createTable("t", { id: bigint().primaryKey(), user_id: bigint() }); await op.createForeignKey("fk_t_user", "t", "users", ["user_id"], ["id"]); } },
    ],
  },
  {
    rule: "check-not-valid",
    fails: [
      { name: "ops", upgrade: (op) => op.createCheckConstraint("ck_users_age", "users", "age >= 0"), message: "adds check ck_users_age on existing table users without NOT VALID: the table is scanned while locked" },
      { name: "sql", upgrade: exec("ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0)"), message: "adds check ck_users_age on existing table users without NOT VALID: the table is scanned while locked" },
    ],
    passes: [
      { name: "sql: NOT VALID", upgrade: exec("ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0) NOT VALID") },
      { name: "ops: on a new table", upgrade: async (op) => { await op.createTable("t", { age: integer() }); await op.createCheckConstraint("ck_t_age", "t", "age >= 0"); } },
    ],
  },
  {
    rule: "set-not-null",
    fails: [
      { name: "ops", upgrade: (op) => op.alterColumn("users", "email", { nullable: false }), message: "sets NOT NULL on users.email without a validated CHECK (email IS NOT NULL): the table is scanned under an exclusive lock" },
      { name: "sql", upgrade: exec("ALTER TABLE users ALTER COLUMN email SET NOT NULL"), message: "sets NOT NULL on users.email without a validated CHECK (email IS NOT NULL): the table is scanned under an exclusive lock" },
      { name: "sql: a check added NOT VALID but never validated", upgrade: exec("ALTER TABLE users ADD CONSTRAINT ck CHECK (email IS NOT NULL) NOT VALID", "ALTER TABLE users ALTER COLUMN email SET NOT NULL") },
    ],
    passes: [
      {
        name: "sql: after a validated check",
        upgrade: exec("ALTER TABLE users ADD CONSTRAINT ck CHECK (email IS NOT NULL) NOT VALID", "ALTER TABLE users VALIDATE CONSTRAINT ck", "ALTER TABLE users ALTER COLUMN email SET NOT NULL"),
      },
      { name: "ops: on a new table", upgrade: async (op) => { await op.createTable("t", { v: text() }); await op.alterColumn("t", "v", { nullable: false }); } },
    ],
  },
  {
    rule: "unique-without-index",
    fails: [
      { name: "ops", upgrade: (op) => op.createUniqueConstraint("uq_users_email", "users", ["email"]), message: "adds unique constraint uq_users_email on existing table users without a prebuilt index: the index is built under an exclusive lock" },
      { name: "ops: a primary key", upgrade: (op) => op.createPrimaryKey("pk_users", "users", ["id"]) },
      { name: "sql", upgrade: exec("ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)"), message: "adds unique constraint uq_users_email on existing table users without a prebuilt index: the index is built under an exclusive lock" },
    ],
    passes: [
      { name: "sql: USING INDEX", upgrade: exec("ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX ix_users_email") },
      { name: "ops: on a new table", upgrade: async (op) => { await op.createTable("t", { v: text() }); await op.createUniqueConstraint("uq_t_v", "t", ["v"]); } },
    ],
  },
  {
    rule: "concurrently-in-transaction",
    fails: [
      { name: "sql in a transactional migration", upgrade: exec("CREATE INDEX CONCURRENTLY ix ON users (email)"), message: "runs CREATE INDEX CONCURRENTLY in op.execute inside the migration's transaction: PostgreSQL refuses it" },
      { name: "sql: several statements in one text", upgrade: exec("CREATE INDEX CONCURRENTLY ix ON users (email); SELECT 1"), transactional: false, message: "runs CONCURRENTLY in an op.execute text with several statements, which PostgreSQL runs as one transaction and refuses" },
    ],
    passes: [
      { name: "sql: transactional = false", upgrade: exec("DROP INDEX CONCURRENTLY ix"), transactional: false },
      // retort itself runs a CONCURRENTLY op outside the migration's transaction.
      { name: "ops: retort runs it outside the transaction", upgrade: (op) => op.createIndex("ix", "users", ["email"], { concurrently: true }) },
    ],
  },
  {
    rule: "transaction-control",
    fails: [{ name: "sql: COMMIT", upgrade: exec("COMMIT"), message: "runs COMMIT in op.execute: retort manages the migration's transaction" }],
    passes: [{ name: "sql: other statements", upgrade: exec("UPDATE users SET active = true") }],
  },
  {
    rule: "missing-lock-timeout",
    fails: [
      { name: "ops", upgrade: (op) => op.addColumn("users", "bio", text()), message: "locks users with no lock_timeout: waiting for the lock stalls every query on the table" },
      { name: "sql: SET after the statement", upgrade: exec("ALTER TABLE users ADD COLUMN bio text", "SET lock_timeout = '2s'") },
    ],
    passes: [
      { name: "sql: SET lock_timeout first", upgrade: exec("SET LOCAL lock_timeout = '2s'", "ALTER TABLE users ADD COLUMN bio text") },
      { name: "ops: lockTimeout configured", upgrade: (op) => op.addColumn("users", "bio", text()), lockTimeout: true },
      { name: "ops: only new tables", upgrade: (op) => op.createTable("t", { id: bigint().primaryKey() }) },
    ],
  },
  {
    rule: "rename-table",
    fails: [
      { name: "ops", upgrade: (op) => op.renameTable("users", "accounts"), message: "renames table users to accounts: queries from running code that use the old name fail" },
      { name: "sql", upgrade: exec("ALTER TABLE users RENAME TO accounts"), message: "renames table users to accounts: queries from running code that use the old name fail" },
    ],
    passes: [{ name: "sql: a table created in the same migration", upgrade: exec("CREATE TABLE t (id bigint)", "ALTER TABLE t RENAME TO u") }],
  },
  {
    rule: "rename-column",
    fails: [
      { name: "ops", upgrade: (op) => op.alterColumn("users", "name", { newName: "full_name" }), message: "renames column users.name to full_name: queries from running code that use the old name fail" },
      { name: "sql", upgrade: exec("ALTER TABLE users RENAME COLUMN name TO full_name"), message: "renames column users.name to full_name: queries from running code that use the old name fail" },
    ],
    passes: [{ name: "ops: on a new table", upgrade: async (op) => { await op.createTable("t", { a: text() }); await op.alterColumn("t", "a", { newName: "b" }); } }],
  },
  {
    rule: "drop-table",
    fails: [
      { name: "ops", upgrade: (op) => op.dropTable("users"), message: "drops table users and all its rows" },
      { name: "sql", upgrade: exec("DROP TABLE app.users"), message: "drops table app.users and all its rows" },
    ],
    passes: [{ name: "sql: a table created in the same migration", upgrade: exec("CREATE TABLE t (id bigint)", "DROP TABLE t") }],
  },
  {
    rule: "drop-column",
    fails: [
      { name: "ops", upgrade: (op) => op.dropColumn("users", "email"), message: "drops column users.email and its data" },
      { name: "sql", upgrade: exec("ALTER TABLE users DROP COLUMN email"), message: "drops column users.email and its data" },
    ],
    passes: [{ name: "ops: on a new table", upgrade: async (op) => { await op.createTable("t", { a: text(), b: text() }); await op.dropColumn("t", "b"); } }],
  },
  {
    rule: "enum-reorder",
    fails: [
      { name: "ops: drop and re-create", upgrade: async (op) => { await op.dropEnum("mood"); await op.createEnum("mood", ["sad", "ok", "happy"]); }, message: "re-creates enum type mood: columns of the old type are rewritten to convert them" },
      { name: "sql: rename the old type away", upgrade: exec("ALTER TYPE mood RENAME TO mood_old", "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')") },
    ],
    passes: [
      { name: "ops: adding a value", upgrade: (op) => op.addEnumValue("mood", "meh", { before: "ok" }) },
      { name: "sql: a new type", upgrade: exec("CREATE TYPE colour AS ENUM ('red', 'green')") },
    ],
  },
  {
    rule: "replace-function-used-by-trigger",
    fails: [
      {
        name: "ops: orReplace on the trigger's function",
        upgrade: async (op) => {
          await op.createFunction({ name: "touch", returns: "trigger", language: "plpgsql", body: "begin return new; end" });
          await op.createTrigger({ name: "tr_touch", table: "users", timing: "before", events: "update", forEach: "row", function: "touch" });
          await op.createFunction({ name: "touch", returns: "trigger", language: "plpgsql", body: "begin new.seen = now(); return new; end", orReplace: true });
        },
        message: "replaces function touch, used by trigger users.tr_touch: every write to the table runs the new body at once",
      },
      {
        name: "ops: dropping it to create it again",
        upgrade: async (op) => {
          await op.createFunction({ name: "touch", returns: "trigger", language: "plpgsql", body: "begin return new; end" });
          await op.createTrigger({ name: "tr_touch", table: "users", timing: "before", events: "update", forEach: "row", function: "touch" });
          await op.dropFunction("touch", { cascade: true });
        },
        message: "drops function touch, used by trigger users.tr_touch: the drop fails, or CASCADE drops the trigger with it",
      },
      {
        name: "sql: CREATE OR REPLACE FUNCTION",
        upgrade: exec(
          "CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ begin return new; end $$",
          "CREATE TRIGGER tr_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION app.touch()",
          "CREATE OR REPLACE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ begin new.seen = now(); return new; end $$",
        ),
        message: "replaces function app.touch, used by trigger users.tr_touch: every write to the table runs the new body at once",
      },
    ],
    passes: [
      { name: "ops: replacing a function no trigger in the range uses", upgrade: (op) => op.createFunction({ name: "f", returns: "integer", language: "sql", body: "select 1", orReplace: true }) },
      {
        name: "ops: the trigger is dropped first",
        upgrade: async (op) => {
          await op.createTrigger({ name: "tr_touch", table: "users", timing: "before", events: "update", forEach: "row", function: "touch" });
          await op.dropTrigger("tr_touch", "users");
          await op.dropFunction("touch");
        },
      },
      { name: "sql: a trigger on another function", upgrade: exec("CREATE TRIGGER tr BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION other()", "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ begin return new; end $$") },
    ],
  },
  {
    rule: "drop-view-with-dependents",
    fails: [
      {
        name: "ops: a view another view reads",
        upgrade: async (op) => {
          await op.createView("active_users", "select * from users where active");
          await op.createView("active_admins", "select a.* from active_users a join admins using (id)");
          await op.dropView("active_users");
        },
        message: "drops view active_users, which view active_admins reads: the drop fails, or CASCADE drops it too",
      },
      {
        name: "ops: dropFirst re-creates a view others read",
        upgrade: async (op) => {
          await op.createView("v1", "select id from users");
          await op.createView("v2", "select id from (select id from v1) s");
          await op.createView("v1", "select id, name from users", { dropFirst: true });
        },
        message: "drops view v1, which view v2 reads: the drop fails, or CASCADE drops it too",
      },
      {
        name: "sql: schema-qualified",
        upgrade: exec("CREATE VIEW report.v1 AS SELECT 1 AS n", "CREATE VIEW v2 AS SELECT n FROM report.v1", "CREATE VIEW v3 AS WITH x AS (SELECT * FROM report.v1) SELECT * FROM x", "DROP VIEW report.v1 CASCADE"),
        message: "drops view report.v1, which views v2, v3 read: the drop fails, or CASCADE drops them too",
      },
    ],
    passes: [
      { name: "ops: no view reads it", upgrade: async (op) => { await op.createView("v1", "select id from users"); await op.dropView("v1"); } },
      { name: "sql: the dependent view is dropped first", upgrade: exec("CREATE VIEW v1 AS SELECT 1", "CREATE VIEW v2 AS SELECT * FROM v1", "DROP VIEW v2", "DROP VIEW v1") },
      { name: "sql: a view of the same name in another schema", upgrade: exec("CREATE VIEW v2 AS SELECT * FROM other.v1", "DROP VIEW v1") },
    ],
  },
  {
    rule: "rls-without-policy",
    fails: [
      { name: "ops", upgrade: (op) => op.setRowLevelSecurity("users", { enabled: true }), message: "enables row-level security on users without creating a policy for it: roles other than the owner see no rows" },
      {
        name: "ops: a policy on another table does not count",
        upgrade: async (op) => {
          await op.createPolicy("own_posts", "posts", { using: "user_id = current_user_id()" });
          await op.setRowLevelSecurity("users", { enabled: true });
        },
      },
      { name: "sql", upgrade: exec("ALTER TABLE app.users ENABLE ROW LEVEL SECURITY"), message: "enables row-level security on app.users without creating a policy for it: roles other than the owner see no rows" },
    ],
    passes: [
      {
        name: "ops: the policy follows in the same migration",
        upgrade: async (op) => {
          await op.setRowLevelSecurity("users", { enabled: true });
          await op.createPolicy("own_rows", "users", { using: "id = current_user_id()" });
        },
      },
      { name: "ops: disabling", upgrade: (op) => op.setRowLevelSecurity("users", { enabled: false }) },
      { name: "sql: with a policy", upgrade: exec("CREATE POLICY own_rows ON users USING (id = current_user_id())", "ALTER TABLE users ENABLE ROW LEVEL SECURITY") },
    ],
  },
  {
    rule: "prefer-text",
    fails: [
      { name: "ops", upgrade: (op) => op.createTable("t", { name: varchar(100) }), message: "t.name is varchar(100): prefer text with a CHECK on its length" },
      { name: "sql", upgrade: exec("ALTER TABLE users ADD COLUMN nick varchar(20)"), message: "users.nick is varchar(20): prefer text with a CHECK on its length" },
    ],
    passes: [
      { name: "ops: text", upgrade: (op) => op.createTable("t", { name: text() }) },
      { name: "sql: varchar without a length", upgrade: exec("CREATE TABLE t (name varchar)") },
    ],
  },
  {
    rule: "ban-char",
    fails: [
      { name: "ops", upgrade: (op) => op.createTable("t", { code: char(3) }), message: "t.code is char(3): use text" },
      { name: "sql", upgrade: exec("CREATE TABLE t (code char(2))"), message: "t.code is char(2): use text" },
    ],
    passes: [{ name: "sql: text", upgrade: exec("CREATE TABLE t (code text)") }],
  },
  {
    rule: "prefer-bigint-key",
    fails: [
      { name: "ops", upgrade: (op) => op.createTable("t", { id: integer().primaryKey() }), message: "key column t.id is int4: it can run out; use bigint" },
      { name: "sql", upgrade: exec("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY)"), message: "key column t.id is int4: it can run out; use bigint" },
    ],
    passes: [
      { name: "ops: bigint identity", upgrade: (op) => op.createTable("t", { id: bigint().generatedAlwaysAsIdentity().primaryKey() }) },
      { name: "sql: int that is no key", upgrade: exec("CREATE TABLE t (id bigint PRIMARY KEY, n int)") },
    ],
  },
  {
    rule: "prefer-identity",
    fails: [
      { name: "ops", upgrade: (op) => op.createTable("t", { id: serial().primaryKey() }), message: "t.id is serial: prefer an identity column" },
      { name: "sql", upgrade: exec("CREATE TABLE t (id bigserial PRIMARY KEY)"), message: "t.id is bigserial: prefer an identity column" },
    ],
    passes: [{ name: "sql: identity", upgrade: exec("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)") }],
  },
  {
    rule: "prefer-timestamptz",
    fails: [
      { name: "ops", upgrade: (op) => op.addColumn("users", "seen", timestamp()), message: "users.seen is timestamp without time zone: use timestamptz" },
      { name: "sql", upgrade: exec("CREATE TABLE t (at timestamp)"), message: "t.at is timestamp without time zone: use timestamptz" },
    ],
    passes: [
      { name: "ops: with time zone", upgrade: (op) => op.addColumn("users", "seen", timestamp({ withTimezone: true })) },
      { name: "sql: timestamptz", upgrade: exec("CREATE TABLE t (at timestamptz)") },
    ],
  },
  {
    rule: "identifier-too-long",
    fails: [
      { name: "ops", upgrade: (op) => op.createIndex(`ix_${"x".repeat(61)}`, "t", ["a"]), message: `index name "ix_${"x".repeat(61)}" is 64 bytes: PostgreSQL cuts it to 63` },
      { name: "sql: the parser would have truncated it", upgrade: exec(`CREATE TABLE "${"é".repeat(32)}" (id bigint)`), message: `identifier name "${"é".repeat(32)}" is 64 bytes: PostgreSQL cuts it to 63` },
    ],
    passes: [{ name: "sql: 63 bytes", upgrade: exec(`CREATE TABLE ${"t".repeat(63)} (id bigint)`) }],
  },
  {
    rule: "truncate-cascade",
    fails: [{ name: "sql", upgrade: exec("TRUNCATE users, posts CASCADE"), message: "truncates users, posts with CASCADE: every referencing table is emptied too" }],
    passes: [{ name: "sql: without CASCADE", upgrade: exec("TRUNCATE users, posts") }],
  },
  {
    rule: "unparseable-sql",
    fails: [{ name: "sql", upgrade: exec("ALTER TABEL users ADD COLUMN x int"), message: 'op.execute text does not parse: syntax error at or near "TABEL" at character 7' }],
    passes: [{ name: "sql: valid", upgrade: exec("ALTER TABLE users ADD COLUMN x int") }],
  },
];

const lintExample = async (example: Example): Promise<{ rule: string; message: string }[]> => {
  const ops = await collectOps(example.upgrade);
  const migration: MigrationToLint = { revision: "r1", transactional: example.transactional ?? true, lockTimeout: example.lockTimeout ?? false, ops };
  const [report] = await lintMigrations([migration], example.rowCounts === undefined ? {} : { rowCounts: new Map(Object.entries(example.rowCounts)) });
  return report?.findings.map((f) => ({ rule: f.rule, message: f.message })) ?? [];
};

describe("lint rules", () => {
  for (const { rule, fails, passes } of CASES) {
    describe(rule, () => {
      for (const example of fails) {
        test(`fails: ${example.name}`, async () => {
          const found = (await lintExample(example)).filter((f) => f.rule === rule);
          assert.equal(found.length, 1, `expected one ${rule} finding, got ${JSON.stringify(found)}`);
          if (example.message !== undefined) assert.equal(found[0]?.message, example.message);
        });
      }
      for (const example of passes) {
        test(`passes: ${example.name}`, async () => {
          assert.deepEqual((await lintExample(example)).filter((f) => f.rule === rule), []);
        });
      }
    });
  }

  test("every rule over changes has failing and passing examples here (upgrade-failed: see collect-upgrade)", () => {
    const covered = new Set(CASES.map((c) => c.rule));
    assert.deepEqual(RULES.map((r) => r.id).filter((id) => !covered.has(id)), ["upgrade-failed"]);
    for (const c of CASES) {
      assert.ok(c.fails.some((e) => e.name.startsWith("sql")), `${c.rule} has a failing example from raw SQL`);
    }
  });
});
