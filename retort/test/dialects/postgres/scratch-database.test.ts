// The throwaway database a `--shadow-url` replay creates and drops: the exact statements,
// the name always quoted.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createDialect } from "../../../src/dialects/index.js";

const { scratchDatabase } = createDialect("postgresql://u@localhost/app").compiler;

test("CREATE DATABASE and DROP DATABASE ... WITH (FORCE) under a quoted name", () => {
  assert.deepEqual(scratchDatabase.create("retort_shadow_1_ab"), { sql: 'CREATE DATABASE "retort_shadow_1_ab"', params: [] });
  assert.deepEqual(scratchDatabase.drop("retort_shadow_1_ab"), { sql: 'DROP DATABASE IF EXISTS "retort_shadow_1_ab" WITH (FORCE)', params: [] });
  assert.equal(scratchDatabase.create('odd"name').sql, 'CREATE DATABASE "odd""name"');
});
