// createIndex and dropIndex: the ops each builds, and what each refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createIndex, dropIndex } from "../../../src/ops/build/indexes.js";
import { integer, sql, table } from "../../../src/schema/index.js";
import { refused } from "./refused.js";

test("createIndex: columns, ordered columns and expressions; unnamed, named by the convention", () => {
  assert.deepEqual(
    createIndex(
      {
        name: null,
        table: "users",
        columns: ["email", { column: "created", order: "desc", nulls: "last", opclass: "int8_ops" }, sql`lower(name)`],
        options: { unique: true, using: "btree", where: "active", include: ["id"], concurrently: true, ifNotExists: true, schema: "app" },
      },
      {},
    ),
    [
      {
        kind: "createIndex",
        schema: "app",
        table: "users",
        index: {
          name: "ix_users_email",
          elements: [
            { kind: "column", name: "email" },
            { kind: "column", name: "created", order: "desc", nulls: "last", opclass: "int8_ops" },
            { kind: "expression", sql: "lower(name)" },
          ],
          unique: true,
          method: "btree",
          where: "active",
          include: ["id"],
        },
        concurrently: true,
        ifNotExists: true,
      },
    ],
  );
});

test("createIndex refuses an empty list and a key that is neither a name, an expression nor a column", () => {
  refused(() => createIndex({ name: "ix", table: "t", columns: [] }, {}), 'index "ix" has an empty column list', "Index at least one column or expression.");
  refused(() => createIndex({ name: null, table: "t", columns: [] }, {}), 'index on "t" has an empty column list', "Index at least one column or expression.");
  refused(
    () => createIndex({ name: "ix", table: "t", columns: [3 as never] }, {}),
    "an index column must be a name, an sql`` expression or { column, order }",
    'Pass e.g. ["email"] or [sql`lower(email)`].',
  );
  refused(() => createIndex({ name: "ix", table: "t", columns: ["a"], options: { include: [""] } }, {}), "column 1 of INCLUDE must be a non-empty string", "Pass column 1 of INCLUDE as a string.");
});

test("dropIndex takes its schema from a model table when none is given", () => {
  const model = table("users", { id: integer() }, undefined, { schema: "app" });
  assert.deepEqual(dropIndex({ name: "ix", options: { table: model, concurrently: true, ifExists: true } }, {}), [
    { kind: "dropIndex", name: "ix", schema: "app", concurrently: true, ifExists: true },
  ]);
  assert.deepEqual(dropIndex({ name: "ix" }, {}), [{ kind: "dropIndex", name: "ix" }]);
  refused(() => dropIndex({ name: "" }, {}), "the index's name must be a non-empty string", "Pass the index's name as a string.");
});
