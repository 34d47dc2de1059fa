// The enum builders: the ops each builds, and what each refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addEnumValue, createEnum, dropEnum, renameEnumValue } from "../../../src/ops/build/enums.js";
import { enumType } from "../../../src/schema/index.js";
import { refused } from "./refused.js";

const status = enumType("status", ["new", "done"], { schema: "app" });

test("createEnum from a model or from a list", () => {
  assert.deepEqual(createEnum({ model: status }, {}), [{ kind: "createEnum", enum: { schema: "app", name: "status", values: ["new", "done"] } }]);
  assert.deepEqual(createEnum({ name: "mood", values: ["ok"], options: { schema: "s" } }, {}), [
    { kind: "createEnum", enum: { schema: "s", name: "mood", values: ["ok"] } },
  ]);
});

test("createEnum refuses no values, a value twice and an empty value", () => {
  refused(() => createEnum({ name: "mood", values: [] }, {}), 'enum type "mood" has no values', "List at least one value.");
  refused(() => createEnum({ name: "mood", values: ["a", "a"] }, {}), 'enum type "mood" lists a value twice', "Each enum value must be unique.");
  refused(
    () => createEnum({ name: "mood", values: ["a", ""] }, {}),
    'a value of enum type "mood" must be a non-empty string',
    'Pass a value of enum type "mood" as a string.',
  );
});

test("dropEnum of a model records it; of a name, an explicit schema applies", () => {
  assert.deepEqual(dropEnum({ name: status, options: { ifExists: true } }, {}), [
    { kind: "dropEnum", name: "status", schema: "app", ifExists: true, previous: { schema: "app", name: "status", values: ["new", "done"] } },
  ]);
  assert.deepEqual(dropEnum({ name: "mood", options: { schema: "s" } }, {}), [{ kind: "dropEnum", name: "mood", schema: "s" }]);
});

test("addEnumValue takes at most one of before and after", () => {
  assert.deepEqual(addEnumValue({ name: status, value: "late", options: { before: "done", ifNotExists: true } }, {}), [
    { kind: "addEnumValue", name: "status", schema: "app", value: "late", before: "done", ifNotExists: true },
  ]);
  refused(
    () => addEnumValue({ name: "mood", value: "x", options: { before: "a", after: "b" } }, {}),
    'addEnumValue "x" has both before and after',
    "Give at most one of before and after.",
  );
});

test("renameEnumValue", () => {
  assert.deepEqual(renameEnumValue({ name: "mood", from: "a", to: "b" }, {}), [{ kind: "renameEnumValue", name: "mood", from: "a", to: "b" }]);
  refused(() => renameEnumValue({ name: "mood", from: "a", to: "" }, {}), "the new value must be a non-empty string", "Pass the new value as a string.");
});
