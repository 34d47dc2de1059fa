// Extensions, sequences, policies and row-level security: the ops each builder makes, and what each refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  alterSequence,
  createExtension,
  createPolicy,
  createSequence,
  dropExtension,
  dropPolicy,
  dropSequence,
  setRowLevelSecurity,
} from "../../../src/ops/build/objects.js";
import { sql } from "../../../src/schema/index.js";
import { refused } from "./refused.js";

test("extensions", () => {
  assert.deepEqual(createExtension({ name: "citext", options: { schema: "ext", version: "1.6", ifNotExists: true } }, {}), [
    { kind: "createExtension", extension: { name: "citext", schema: "ext", version: "1.6" }, ifNotExists: true },
  ]);
  assert.deepEqual(dropExtension({ name: "citext", options: { ifExists: true } }, {}), [{ kind: "dropExtension", name: "citext", ifExists: true }]);
});

test("sequences", () => {
  assert.deepEqual(createSequence({ name: "s", options: { schema: "app", start: 10, cycle: true, ownedBy: { table: "t", column: "n" } } }, {}), [
    { kind: "createSequence", sequence: { schema: "app", name: "s", start: 10, cycle: true, ownedBy: { table: "t", column: "n" } } },
  ]);
  assert.deepEqual(alterSequence({ name: "s", options: { increment: 2 } }, {}), [{ kind: "alterSequence", sequence: { name: "s", increment: 2 } }]);
  assert.deepEqual(dropSequence({ name: "s" }, {}), [{ kind: "dropSequence", name: "s" }]);
});

test("policies and row-level security", () => {
  assert.deepEqual(createPolicy({ name: "own", table: "notes", options: { for: "all", to: "app", using: sql`owner = current_user`, permissive: false } }, {}), [
    { kind: "createPolicy", policy: { name: "own", table: "notes", to: ["app"], using: "owner = current_user", permissive: false } },
  ]);
  assert.deepEqual(dropPolicy({ name: "own", table: "notes" }, {}), [{ kind: "dropPolicy", table: "notes", name: "own" }]);
  assert.deepEqual(setRowLevelSecurity({ table: "notes", options: { forced: true } }, {}), [{ kind: "setRowLevelSecurity", table: "notes", forced: true }]);
});

test("refusals", () => {
  refused(() => setRowLevelSecurity({ table: "notes", options: {} }, {}), "setRowLevelSecurity changes nothing", "Pass { enabled: true } and/or { forced: true }.");
  refused(() => createPolicy({ name: "p", table: "notes", options: { using: " " } }, {}), 'the USING expression of policy "p" is empty', "Give the SQL text.");
  refused(() => createSequence({ name: "" }, {}), "the sequence's name must be a non-empty string", "Pass the sequence's name as a string.");
});
