// Safe mode of autogenerate: which operations it rewrites (only on tables the migration did
// not create), the SQL those forms compile to, where the runtime leaves the transaction,
// and that the linter accepts what it writes.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { downgradeOf } from "../../src/autogen/downgrade.js";
import { renderOp } from "../../src/autogen/render.js";
import { safeOps } from "../../src/autogen/safe.js";
import { postgresCapabilities } from "../../src/dialects/postgres/capabilities.js";
import { compileOp, type CompileContext } from "../../src/dialects/postgres/compile.js";
import { RetortError } from "../../src/errors.js";
import { lintOps } from "../../src/lint/index.js";
import type { Op, Statement } from "../../src/ops/types.js";
import { bigint, text } from "../../src/schema/index.js";
import { collectOps } from "../support/ops-collect.js";

const onPostgres: CompileContext = { capabilities: postgresCapabilities("postgres") };
const compiled = (ops: readonly Op[], ctx = onPostgres): Statement[] => ops.flatMap((op) => compileOp(op, ctx));

// What autogenerate finds when models add an index, a foreign key, a check, NOT NULL and a
// unique constraint to the existing table posts, and create the table tags with its own.
const plain = () =>
  collectOps(async (op) => {
    await op.createTable("tags", { id: bigint().primaryKey(), post_id: bigint(), name: text() });
    await op.createIndex("ix_tags_name", "tags", ["name"]);
    await op.createForeignKey("fk_tags_post", "tags", "posts", ["post_id"], ["id"]);
    await op.createIndex("ix_posts_title", "posts", ["title"]);
    await op.createForeignKey("fk_posts_author", "posts", "users", ["author_id"], ["id"]);
    await op.createCheckConstraint("ck_posts_title", "posts", "char_length(title) < 200");
    await op.alterColumn("posts", "title", { nullable: false, existingNullable: true });
    await op.createUniqueConstraint("uq_posts_slug", "posts", ["slug"]);
    await op.dropIndex("ix_posts_old", { concurrently: false });
  });

describe("safeOps", () => {
  test("rewrites what touches existing tables and leaves the new table's ops alone", async () => {
    const ops = await plain();
    assert.deepEqual(safeOps(ops).map(renderOp), [
      renderOp(ops[0] as Op),
      'op.createIndex("ix_tags_name", "tags", ["name"])',
      'op.createForeignKey("fk_tags_post", "tags", "posts", ["post_id"], ["id"])',
      'op.createIndex("ix_posts_title", "posts", ["title"], { concurrently: true })',
      'op.createForeignKey("fk_posts_author", "posts", "users", ["author_id"], ["id"], { validate: "separately" })',
      'op.createCheckConstraint("ck_posts_title", "posts", sql`char_length(title) < 200`, { validate: "separately" })',
      'op.alterColumn("posts", "title", { nullable: false, viaCheck: true, existingNullable: true })',
      'op.createUniqueConstraint("uq_posts_slug", "posts", ["slug"], { concurrently: true })',
      'op.dropIndex("ix_posts_old", { concurrently: true })',
    ]);
  });

  test("what it writes passes the linter with no error; the plain form does not", async () => {
    const ops = await plain();
    const errors = async (list: readonly Op[]) => (await lintOps(list, { lockTimeout: true })).filter((f) => f.level === "error").map((f) => f.rule);
    assert.deepEqual(await errors(ops), ["index-not-concurrent", "foreign-key-not-valid", "check-not-valid", "set-not-null", "unique-without-index"]);
    assert.deepEqual(await errors(safeOps(ops)), []);
  });

  test("the downgrade is the plain inverse, in safe forms too", async () => {
    const ops = (await plain()).slice(0, -1);
    const down = safeOps(downgradeOf(ops).filter((item): item is Op => item.kind !== "note"));
    assert.deepEqual(down.map(renderOp), [
      'op.dropConstraint("uq_posts_slug", "posts", { type: "unique" })',
      'op.alterColumn("posts", "title", { nullable: true, existingNullable: false })',
      'op.dropConstraint("ck_posts_title", "posts", { type: "check" })',
      'op.dropConstraint("fk_posts_author", "posts", { type: "foreignKey" })',
      'op.dropIndex("ix_posts_title", { table: "posts", concurrently: true })',
      'op.dropConstraint("fk_tags_post", "tags", { type: "foreignKey" })',
      'op.dropIndex("ix_tags_name", { table: "tags" })',
      'op.dropTable("tags")',
    ]);
  });
});

describe("the safe forms in SQL", () => {
  test("a foreign key or check validated separately: NOT VALID, then VALIDATE outside the transaction", async () => {
    const ops = await collectOps(async (op) => {
      await op.createForeignKey("fk_posts_author", "posts", "users", ["author_id"], ["id"], { validate: "separately" });
      await op.createCheckConstraint("ck_posts_title", "posts", "char_length(title) < 200", { validate: "never" });
    });
    assert.deepEqual(compiled(ops), [
      { sql: 'ALTER TABLE "posts" ADD CONSTRAINT "fk_posts_author" FOREIGN KEY ("author_id") REFERENCES "users" ("id") NOT VALID', params: [] },
      { sql: 'ALTER TABLE "posts" VALIDATE CONSTRAINT "fk_posts_author"', params: [], nonTransactional: true },
      { sql: 'ALTER TABLE "posts" ADD CONSTRAINT "ck_posts_title" CHECK (char_length(title) < 200) NOT VALID', params: [] },
    ]);
  });

  test("SET NOT NULL via a validated check, dropped after", async () => {
    const ops = await collectOps((op) => op.alterColumn("posts", "title", { nullable: false, viaCheck: true, default: "untitled" }));
    assert.deepEqual(compiled(ops), [
      { sql: `ALTER TABLE "posts" ALTER COLUMN "title" SET DEFAULT 'untitled'`, params: [] },
      { sql: 'ALTER TABLE "posts" ADD CONSTRAINT "posts_title_not_null" CHECK ("title" IS NOT NULL) NOT VALID', params: [] },
      { sql: 'ALTER TABLE "posts" VALIDATE CONSTRAINT "posts_title_not_null"', params: [], nonTransactional: true },
      { sql: 'ALTER TABLE "posts" ALTER COLUMN "title" SET NOT NULL', params: [] },
      { sql: 'ALTER TABLE "posts" DROP CONSTRAINT "posts_title_not_null"', params: [] },
    ]);
    const long = await collectOps((op) => op.alterColumn("t".repeat(40), "c".repeat(40), { nullable: false, viaCheck: true }));
    const name = /ADD CONSTRAINT "([^"]+)"/.exec(compiled(long)[0]?.sql ?? "")?.[1] ?? "";
    assert.match(name, /^not_null_[0-9a-f]{16}$/);
  });

  test("a unique constraint over a unique index built CONCURRENTLY (plainly on PGlite)", async () => {
    const ops = await collectOps((op) => op.createUniqueConstraint("uq_posts_slug", "posts", ["slug"], { concurrently: true, schema: "app" }));
    assert.deepEqual(compiled(ops), [
      { sql: 'CREATE UNIQUE INDEX CONCURRENTLY "uq_posts_slug" ON "app"."posts" ("slug")', params: [], nonTransactional: true },
      { sql: 'ALTER TABLE "app"."posts" ADD CONSTRAINT "uq_posts_slug" UNIQUE USING INDEX "uq_posts_slug"', params: [] },
    ]);
    const notices: string[] = [];
    const onPglite: CompileContext = { capabilities: postgresCapabilities("pglite"), notice: (m) => notices.push(m) };
    assert.equal(compiled(ops, onPglite)[0]?.sql, 'CREATE UNIQUE INDEX "uq_posts_slug" ON "app"."posts" ("slug")');
    assert.deepEqual(notices, ["PGlite does not support CREATE INDEX CONCURRENTLY; running a plain CREATE INDEX instead"]);
  });

  test("the builders refuse what would not mean anything", async () => {
    await assert.rejects(
      collectOps((op) => op.createCheckConstraint("ck", "t", "a > 0", { validate: "later" as never })),
      new RetortError("INVALID_OPERATION", 'the check ck has validate "later"', { hint: 'Use validate: "separately" (NOT VALID, then VALIDATE on its own) or "never" (NOT VALID).' }),
    );
    await assert.rejects(
      collectOps((op) => op.alterColumn("t", "a", { viaCheck: true, default: 1 })),
      new RetortError("INVALID_OPERATION", 'alterColumn "a" has viaCheck without nullable: false', { hint: "viaCheck only applies to setting NOT NULL; add nullable: false." }),
    );
  });
});
