// Views: the ops each builder makes, and what each refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createView, dropView } from "../../../src/ops/build/views.js";
import { sql } from "../../../src/schema/index.js";
import { refused } from "./refused.js";

test("createView and dropView", () => {
  assert.deepEqual(createView({ name: "v", query: sql`select 1`, options: { schema: "app", materialized: true } }, {}), [
    { kind: "createView", view: { schema: "app", name: "v", query: "select 1", materialized: true } },
  ]);
  assert.deepEqual(createView({ name: "v", query: "select 1", options: { orReplace: true } }, {}), [
    { kind: "createView", view: { name: "v", query: "select 1" }, orReplace: true },
  ]);
  assert.deepEqual(dropView({ name: "v", options: { materialized: true, ifExists: true, cascade: true } }, {}), [
    { kind: "dropView", name: "v", materialized: true, ifExists: true, cascade: true },
  ]);
});

test("createView refuses OR REPLACE for a materialized view, and an empty query", () => {
  refused(
    () => createView({ name: "v", query: "select 1", options: { orReplace: true, materialized: true } }, {}),
    'materialized view "v" cannot be created with orReplace',
    "Drop the materialized view and create it again.",
  );
  refused(() => createView({ name: "v", query: "  " }, {}), "the view's query is empty", "Give the SQL text.");
});
