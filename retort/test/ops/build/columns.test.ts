// addColumn, dropColumn, alterColumn and setColumnComment: the ops each builds, and what each refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addColumn, alterColumn, dropColumn, setColumnComment } from "../../../src/ops/build/columns.js";
import { integer, sql, table, text, varchar } from "../../../src/schema/index.js";
import { refused } from "./refused.js";

const users = table("users", { id: integer().primaryKey() });

test("addColumn: the column, then the constraints its builder declares, named as in a model", () => {
  assert.deepEqual(addColumn({ table: "posts", name: "author", column: integer().notNull().unique().references(() => users.id), options: { schema: "app" } }, {}), [
    { kind: "addColumn", schema: "app", table: "posts", column: { name: "author", type: { kind: "integer" }, nullable: false } },
    { kind: "createUniqueConstraint", schema: "app", table: "posts", unique: { name: "uq_posts_author", columns: ["author"] } },
    {
      kind: "createForeignKey",
      schema: "app",
      table: "posts",
      foreignKey: { name: "fk_posts_author_users", columns: ["author"], references: { table: "users", columns: ["id"] } },
    },
  ]);
  assert.deepEqual(addColumn({ table: "t", name: "c", column: text(), options: { ifNotExists: true } }, {}), [
    { kind: "addColumn", table: "t", column: { name: "c", type: { kind: "text" }, nullable: true }, ifNotExists: true },
  ]);
});

test("addColumn refuses a column that is not a builder", () => {
  refused(() => addColumn({ table: "t", name: "c", column: "text" as never }, {}), 'column "c" must be a column type builder', "Pass e.g. text().notNull().");
  refused(() => addColumn({ table: "t", name: "", column: text() }, {}), "the column's name must be a non-empty string", "Pass the column's name as a string.");
});

test("dropColumn records the column it drops when told what it was", () => {
  assert.deepEqual(dropColumn({ table: "t", name: "c", options: { ifExists: true } }, {}), [{ kind: "dropColumn", table: "t", column: "c", ifExists: true }]);
  assert.deepEqual(dropColumn({ table: "t", name: "c", options: { existing: varchar(20).notNull() } }, {}), [
    { kind: "dropColumn", table: "t", column: "c", previous: { name: "c", type: { kind: "varchar", length: 20 }, nullable: false } },
  ]);
});

test("alterColumn: each change given, and what it was when told", () => {
  assert.deepEqual(
    alterColumn(
      {
        table: "t",
        column: "c",
        options: { type: "bigint", using: "c::bigint", nullable: false, default: 0, comment: null, newName: "d", existingType: integer(), existingNullable: true },
      },
      {},
    ),
    [
      {
        kind: "alterColumn",
        table: "t",
        column: "c",
        nullable: false,
        type: { to: { kind: "bigint" }, using: "c::bigint" },
        default: { kind: "literal", value: 0 },
        comment: null,
        newName: "d",
        previous: { type: { kind: "integer" }, nullable: true },
      },
    ],
  );
  assert.deepEqual(alterColumn({ table: "t", column: "c", options: { default: null } }, {}), [
    { kind: "alterColumn", table: "t", column: "c", default: null },
  ]);
});

test("alterColumn refuses a change of nothing, a USING without a type, and a type it does not know", () => {
  refused(
    () => alterColumn({ table: "t", column: "a", options: {} }, {}),
    'alterColumn on "t"."a" changes nothing',
    "Set at least one of nullable, type, default, comment or newName.",
  );
  refused(
    () => alterColumn({ table: "t", column: "a", options: { using: sql`a::int` } }, {}),
    'alterColumn "a" has a USING expression but no new type',
    "USING only applies to a type change; add type.",
  );
  refused(
    () => alterColumn({ table: "t", column: "a", options: { type: 3 as never } }, {}),
    "type must be a column type builder or a type name",
    'Pass e.g. varchar(200) or "varchar(200)".',
  );
  refused(() => alterColumn({ table: "t", column: "a", options: { type: "text", using: " " } }, {}), "the USING expression is empty", "Give the SQL text.");
});

test("setColumnComment", () => {
  assert.deepEqual(setColumnComment({ table: "t", column: "c", comment: "why", options: { schema: "s" } }, {}), [
    { kind: "setColumnComment", schema: "s", table: "t", column: "c", comment: "why" },
  ]);
});
