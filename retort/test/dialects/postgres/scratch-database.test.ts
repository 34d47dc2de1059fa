// The throwaway database a `--shadow-url` replay creates and drops: the exact statements,
// the name always quoted, per dialect; SQLite has none (its shadow is in memory).
import assert from "node:assert/strict";
import { test } from "node:test";
import { createDialect } from "../../../src/dialects/index.js";

test("PostgreSQL: CREATE DATABASE and DROP DATABASE ... WITH (FORCE) under a quoted name", () => {
  const scratch = createDialect("postgresql://u@localhost/app").compiler.scratchDatabase;
  assert.ok(scratch !== null);
  assert.deepEqual(scratch.create("retort_shadow_1_ab"), { sql: 'CREATE DATABASE "retort_shadow_1_ab"', params: [] });
  assert.deepEqual(scratch.drop("retort_shadow_1_ab"), { sql: 'DROP DATABASE IF EXISTS "retort_shadow_1_ab" WITH (FORCE)', params: [] });
  assert.equal(scratch.create('odd"name').sql, 'CREATE DATABASE "odd""name"');
});

test("MySQL/MariaDB: CREATE DATABASE and DROP DATABASE IF EXISTS in backticks", () => {
  const scratch = createDialect("mysql://root@127.0.0.1:3306/app").compiler.scratchDatabase;
  assert.ok(scratch !== null);
  assert.deepEqual(scratch.create("retort_shadow_1_ab"), { sql: "CREATE DATABASE `retort_shadow_1_ab`", params: [] });
  assert.deepEqual(scratch.drop("odd`name"), { sql: "DROP DATABASE IF EXISTS `odd``name`", params: [] });
});

test("SQLite has no scratch databases: a file's shadow is sqlite://memory", () => {
  assert.equal(createDialect("sqlite://memory").compiler.scratchDatabase, null);
});
