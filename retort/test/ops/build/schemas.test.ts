// createSchema and dropSchema.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createSchema, dropSchema } from "../../../src/ops/build/schemas.js";
import { refused } from "./refused.js";

test("createSchema and dropSchema", () => {
  assert.deepEqual(createSchema({ name: "app", options: { ifNotExists: true } }, {}), [{ kind: "createSchema", name: "app", ifNotExists: true }]);
  assert.deepEqual(dropSchema({ name: "app", options: { ifExists: true, cascade: true } }, {}), [
    { kind: "dropSchema", name: "app", ifExists: true, cascade: true },
  ]);
  refused(() => createSchema({ name: "" }, {}), "the schema's name must be a non-empty string", "Pass the schema's name as a string.");
});
