// Functions and triggers: the ops each builder makes, and what each refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createFunction, createTrigger, dropFunction, dropTrigger } from "../../../src/ops/build/routines.js";
import { sql } from "../../../src/schema/index.js";
import { refused } from "./refused.js";

test("createFunction: arguments given as types or in full", () => {
  assert.deepEqual(
    createFunction(
      {
        name: "touch",
        schema: "app",
        args: ["integer", { name: "label", type: "text", mode: "in", default: "'x'" }],
        returns: "trigger",
        language: "plpgsql",
        body: "begin return new; end",
        orReplace: true,
        volatility: "stable",
        security: "definer",
      },
      {},
    ),
    [
      {
        kind: "createFunction",
        function: {
          schema: "app",
          name: "touch",
          args: [{ type: "integer" }, { name: "label", type: "text", mode: "in", default: "'x'" }],
          returns: "trigger",
          language: "plpgsql",
          body: "begin return new; end",
          volatility: "stable",
          security: "definer",
        },
        orReplace: true,
      },
    ],
  );
});

test("createFunction refuses a missing name, return type, language or body", () => {
  const fn = { name: "f", returns: "integer", language: "sql", body: "select 1" };
  refused(() => createFunction({ ...fn, name: "" }, {}), "the function's name must be a non-empty string", "Pass the function's name as a string.");
  refused(() => createFunction({ ...fn, returns: "" }, {}), "returns must be a non-empty string", "Pass returns as a string.");
  refused(() => createFunction({ ...fn, language: "" }, {}), "language must be a non-empty string", "Pass language as a string.");
  refused(() => createFunction({ ...fn, body: undefined as never }, {}), 'function "f" has no body', "Pass the body as text.");
});

test("dropFunction by name or by signature", () => {
  assert.deepEqual(dropFunction({ name: "f", options: { argTypes: ["integer"], ifExists: true, cascade: true } }, {}), [
    { kind: "dropFunction", name: "f", argTypes: ["integer"], ifExists: true, cascade: true },
  ]);
});

test("createTrigger: one event or several, a function by name or qualified, FOR EACH STATEMENT unless told", () => {
  assert.deepEqual(
    createTrigger({ name: "tr", table: "t", schema: "app", timing: "before", events: "update", updateOf: ["a"], function: "touch", when: sql`new.a <> old.a`, args: ["x"] }, {}),
    [
      {
        kind: "createTrigger",
        trigger: {
          name: "tr",
          schema: "app",
          table: "t",
          timing: "before",
          events: ["update"],
          updateOf: ["a"],
          forEach: "statement",
          when: "new.a <> old.a",
          function: { name: "touch" },
          args: ["x"],
        },
      },
    ],
  );
  assert.deepEqual(
    createTrigger({ name: "tr", table: "t", timing: "after", events: ["insert", "delete"], forEach: "row", function: { schema: "util", name: "log" }, orReplace: true }, {}),
    [
      {
        kind: "createTrigger",
        trigger: { name: "tr", table: "t", timing: "after", events: ["insert", "delete"], forEach: "row", function: { schema: "util", name: "log" } },
        orReplace: true,
      },
    ],
  );
});

test("createTrigger refuses no events and a nameless function", () => {
  const trigger = { name: "tr", table: "t", timing: "before", function: "f" } as const;
  refused(() => createTrigger({ ...trigger, events: [] }, {}), 'trigger "tr" has no events', "List at least one of insert, update, delete, truncate.");
  refused(
    () => createTrigger({ ...trigger, events: "insert", function: { name: "" } }, {}),
    "the trigger function must be a non-empty string",
    "Pass the trigger function as a string.",
  );
});

test("dropTrigger", () => {
  assert.deepEqual(dropTrigger({ name: "tr", table: "t", options: { ifExists: true } }, {}), [{ kind: "dropTrigger", table: "t", name: "tr", ifExists: true }]);
});
