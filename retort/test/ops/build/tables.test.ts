// createTable, dropTable, renameTable and setTableComment: the ops each builds, and what each refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createTable, dropTable, renameTable, setTableComment } from "../../../src/ops/build/tables.js";
import { index, integer, table, text } from "../../../src/schema/index.js";
import { refused } from "./refused.js";

const users = table("users", { id: integer().primaryKey(), email: text().notNull() }, (t) => [index().on(t.email)], { schema: "app" });
const usersDefinition = {
  schema: "app",
  name: "users",
  columns: [
    { name: "id", type: { kind: "integer" }, nullable: false },
    { name: "email", type: { kind: "text" }, nullable: false },
  ],
  primaryKey: { name: "pk_users", columns: ["id"] },
  uniques: [],
  checks: [],
  foreignKeys: [],
};
const emailIndex = { name: "ix_users_email", elements: [{ kind: "column", name: "email" }], unique: false };

test("createTable from a model: the table, then one createIndex per index", () => {
  assert.deepEqual(createTable({ model: users, options: { ifNotExists: true } }, {}), [
    { kind: "createTable", table: usersDefinition, ifNotExists: true },
    { kind: "createIndex", schema: "app", table: "users", index: emailIndex },
  ]);
});

test("createTable from column builders, named by the convention given", () => {
  assert.deepEqual(createTable({ name: "tags", columns: { id: integer().primaryKey() }, options: { comment: "labels" } }, { pk: "%(table_name)s_pkey" }), [
    {
      kind: "createTable",
      table: {
        name: "tags",
        comment: "labels",
        columns: [{ name: "id", type: { kind: "integer" }, nullable: false }],
        primaryKey: { name: "tags_pkey", columns: ["id"] },
        uniques: [],
        checks: [],
        foreignKeys: [],
      },
    },
  ]);
});

test("createTable refuses a missing name or columns, and reports model mistakes as operation mistakes", () => {
  refused(() => createTable({ name: "", columns: {} }, {}), "the table's name must be a non-empty string", "Pass the table's name as a string.");
  refused(
    () => createTable({ name: "t", columns: null as never }, {}),
    'createTable("t") needs its columns',
    "Pass an object of column builders, e.g. { id: uuid().primaryKey() }.",
  );
  refused(() => createTable({ name: "t", columns: {} }, {}), 'table "t" has no columns', "Declare at least one column.");
});

test("dropTable of a name drops it; of a model, drops its indexes first and records everything", () => {
  assert.deepEqual(dropTable({ table: "users", options: { cascade: true, ifExists: false } }, {}), [
    { kind: "dropTable", table: "users", cascade: true },
  ]);
  assert.deepEqual(dropTable({ table: users, options: { ifExists: true } }, {}), [
    { kind: "dropIndex", schema: "app", name: "ix_users_email", ifExists: true, previous: { table: "users", index: emailIndex } },
    { kind: "dropTable", schema: "app", table: "users", ifExists: true, previous: usersDefinition },
  ]);
});

test("renameTable and setTableComment", () => {
  assert.deepEqual(renameTable({ oldName: "a", newName: "b", options: { schema: "s" } }, {}), [
    { kind: "renameTable", schema: "s", table: "a", newName: "b" },
  ]);
  refused(() => renameTable({ oldName: "a", newName: "" }, {}), "the new table name must be a non-empty string", "Pass the new table name as a string.");
  assert.deepEqual(setTableComment({ table: "t", comment: null, options: { existing: "old" } }, {}), [
    { kind: "setTableComment", table: "t", comment: null, previous: "old" },
  ]);
});
