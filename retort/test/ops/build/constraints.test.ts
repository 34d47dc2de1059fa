// The constraint builders: the ops each builds, and what each refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createCheckConstraint,
  createForeignKey,
  createPrimaryKey,
  createUniqueConstraint,
  dropConstraint,
} from "../../../src/ops/build/constraints.js";
import { sql } from "../../../src/schema/index.js";
import { refused } from "./refused.js";

test("createPrimaryKey and createUniqueConstraint, named by the convention when unnamed", () => {
  assert.deepEqual(createPrimaryKey({ name: null, table: "t", columns: ["a", "b"] }, {}), [
    { kind: "createPrimaryKey", table: "t", primaryKey: { name: "pk_t", columns: ["a", "b"] } },
  ]);
  assert.deepEqual(createUniqueConstraint({ name: "uq", table: "t", columns: ["a"], options: { deferrable: true } }, {}), [
    { kind: "createUniqueConstraint", table: "t", unique: { name: "uq", columns: ["a"], deferrable: true, initiallyDeferred: false } },
  ]);
  refused(() => createUniqueConstraint({ name: "uq", table: "t", columns: [] }, {}), "the unique constraint has an empty column list", "Name at least one column.");
  refused(() => createPrimaryKey({ name: "", table: "t", columns: ["a"] }, {}), "the constraint's name must be a non-empty string", "Pass the constraint's name as a string.");
});

test("createForeignKey: both sides, actions and deferral", () => {
  assert.deepEqual(
    createForeignKey(
      {
        name: null,
        sourceTable: "posts",
        referentTable: "users",
        localColumns: ["author"],
        remoteColumns: ["id"],
        options: { schema: "app", referentSchema: "auth", onDelete: "cascade", onUpdate: "restrict", deferrable: true, initiallyDeferred: true },
      },
      {},
    ),
    [
      {
        kind: "createForeignKey",
        schema: "app",
        table: "posts",
        foreignKey: {
          name: "fk_posts_author_users",
          columns: ["author"],
          references: { schema: "auth", table: "users", columns: ["id"] },
          onDelete: "cascade",
          onUpdate: "restrict",
          deferrable: true,
          initiallyDeferred: true,
        },
      },
    ],
  );
  refused(
    () => createForeignKey({ name: null, sourceTable: "t", referentTable: "x", localColumns: ["a", "b"], remoteColumns: ["id"] }, {}),
    'the foreign key from "t" has 2 column(s) referencing 1',
    "List as many referenced columns as local ones, in matching order.",
  );
  refused(
    () => createForeignKey({ name: null, sourceTable: "t", referentTable: "", localColumns: ["a"], remoteColumns: ["id"] }, {}),
    "the referent table must be a non-empty string",
    "Pass the referent table as a string.",
  );
});

test("createCheckConstraint from text or sql``; unnamed needs a convention that names checks", () => {
  assert.deepEqual(createCheckConstraint({ name: "ck", table: "t", condition: sql`a > 0` }, {}), [
    { kind: "createCheckConstraint", table: "t", check: { name: "ck", expression: "a > 0" } },
  ]);
  assert.deepEqual(createCheckConstraint({ name: null, table: "t", condition: "a > 0" }, { ck: "ck_%(table_name)s" }), [
    { kind: "createCheckConstraint", table: "t", check: { name: "ck_t", expression: "a > 0" } },
  ]);
  refused(() => createCheckConstraint({ name: "ck", table: "t", condition: "" }, {}), "the check condition is empty", "Give the SQL text.");
});

test("dropConstraint, with a known type only", () => {
  assert.deepEqual(dropConstraint({ name: "fk", table: "t", options: { type: "foreignKey", ifExists: true } }, {}), [
    { kind: "dropConstraint", table: "t", name: "fk", type: "foreignKey", ifExists: true },
  ]);
  refused(
    () => dropConstraint({ name: "x", table: "t", options: { type: "index" as never } }, {}),
    'constraint type "index" is not known',
    "Use one of primaryKey, foreignKey, unique, check.",
  );
});
