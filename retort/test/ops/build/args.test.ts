// What every builder shares: the schema field, flags, table targets and frozen output.
import assert from "node:assert/strict";
import { test } from "node:test";
import { builder, flags, schemaField, target } from "../../../src/ops/build/args.js";
import { integer, table } from "../../../src/schema/index.js";
import { refused } from "./refused.js";

test("schemaField adds a schema only when one is given", () => {
  assert.deepEqual(schemaField(undefined), {});
  assert.deepEqual(schemaField("app"), { schema: "app" });
});

test("flags keeps only the options set to true", () => {
  assert.deepEqual(flags({ ifExists: true, cascade: false }, "ifExists", "cascade"), { ifExists: true });
  assert.deepEqual(flags({}, "ifExists"), {});
});

test("a target is a name, or a model table whose schema an explicit one overrides", () => {
  const model = table("users", { id: integer() }, undefined, { schema: "app" });
  assert.deepEqual(target("users", undefined), { table: "users" });
  assert.deepEqual(target(model, undefined), { table: "users", schema: "app" });
  assert.deepEqual(target(model, "other"), { table: "users", schema: "other" });
  refused(() => target("", undefined, "the source table"), "the source table must be a non-empty string", "Pass the source table as a string.");
});

test("a builder's ops are frozen through, but rows stay the caller's values", () => {
  const row = { nested: { a: 1 } };
  const build = builder((_args: null) => [{ kind: "bulkInsert", table: "t", rows: [row] }]);
  const [op] = build(null);
  assert.ok(op !== undefined && op.kind === "bulkInsert");
  assert.ok(Object.isFrozen(op));
  assert.ok(Object.isFrozen(op.rows));
  assert.ok(!Object.isFrozen(row.nested));
});
