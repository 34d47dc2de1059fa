// compareSchemas on functions, triggers, views, extensions, sequences, policies and
// row-level security: one exact case per kind and change, each checked against its inverse.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { compareSchemas } from "../../src/autogen/compare.js";
import { sameBody } from "../../src/autogen/body-tokens.js";
import { downgradeOf } from "../../src/autogen/downgrade.js";
import type { FunctionDefinition, Policy, TriggerDefinition, ViewDefinition } from "../../src/schema/objects.js";
import type { Column, Schema, Table } from "../../src/schema/types.js";

const col = (name: string, kind: "integer" | "text" = "integer"): Column => ({ name, type: { kind }, nullable: true });
const users: Table = { name: "users", columns: [col("id"), col("email", "text"), col("updated_at", "text")], uniques: [], checks: [], foreignKeys: [], indexes: [] };
const base = (extra: Partial<Schema> = {}): Schema => ({ tables: [users], enums: [], ...extra });

const touch: FunctionDefinition = { name: "touch", args: [], returns: "trigger", language: "plpgsql", body: "BEGIN NEW.updated_at = now(); RETURN NEW; END;" };
const onUsers: TriggerDefinition = { name: "trg_touch", table: "users", timing: "before", events: ["update"], forEach: "row", function: { name: "touch" } };
const active: ViewDefinition = { name: "active", query: "SELECT id, email FROM users" };
const activeIds: ViewDefinition = { name: "active_ids", query: "SELECT id FROM active" };
const own: Policy = { name: "own", table: "users", using: "email = CURRENT_USER" };

const upAndDown = (from: Schema, to: Schema) => {
  const up = compareSchemas(from, to).ops;
  return { up, down: downgradeOf(up) };
};

describe("compareSchemas: functions", () => {
  test("a new function is created and dropped by its signature on downgrade", () => {
    const { up, down } = upAndDown(base(), base({ functions: [touch] }));
    assert.deepEqual(up, [{ kind: "createFunction", function: touch }]);
    assert.deepEqual(down, [{ kind: "dropFunction", name: "touch", argTypes: [], previous: touch }]);
  });

  test("a changed body is CREATE OR REPLACE carrying the old body back", () => {
    const changed = { ...touch, body: "BEGIN NEW.updated_at = clock_timestamp(); RETURN NEW; END;" };
    const { up, down } = upAndDown(base({ functions: [touch] }), base({ functions: [changed] }));
    assert.deepEqual(up, [{ kind: "createFunction", function: changed, orReplace: true, previous: touch }]);
    assert.deepEqual(down, [{ kind: "createFunction", function: touch, orReplace: true, previous: changed }]);
  });

  test("a reformatted, re-cased, commented body is no change", () => {
    const same = { ...touch, body: "\n  begin -- set it\n    new.updated_at = now();  /* always */\n    return new;\n  end;\n" };
    assert.deepEqual(compareSchemas(base({ functions: [touch] }), base({ functions: [same] })).ops, []);
  });

  test("a changed return type drops the function and its triggers first, and creates them again after", () => {
    const was: FunctionDefinition = { ...touch, name: "f", returns: "integer", body: "BEGIN RETURN 1; END;" };
    const will: FunctionDefinition = { ...was, returns: "bigint" };
    const trigger = { ...onUsers, function: { name: "f" } };
    const ops = compareSchemas(base({ functions: [was], triggers: [trigger] }), base({ functions: [will], triggers: [trigger] })).ops;
    assert.deepEqual(ops, [
      { kind: "dropTrigger", table: "users", name: "trg_touch", previous: trigger },
      { kind: "dropFunction", name: "f", argTypes: [], previous: was },
      { kind: "createFunction", function: will },
      { kind: "createTrigger", trigger },
    ]);
  });

  test("a function the models no longer have is dropped", () => {
    assert.deepEqual(compareSchemas(base({ functions: [touch] }), base()).ops, [{ kind: "dropFunction", name: "touch", argTypes: [], previous: touch }]);
  });
});

describe("compareSchemas: triggers", () => {
  test("a new trigger comes after its table and function; a changed one is dropped and created", () => {
    const fresh = compareSchemas({ tables: [], enums: [] }, base({ functions: [touch], triggers: [onUsers] })).ops;
    assert.deepEqual(fresh.map((o) => o.kind), ["createTable", "createFunction", "createTrigger"]);
    const changed = { ...onUsers, events: ["insert", "update"] as const };
    assert.deepEqual(compareSchemas(base({ functions: [touch], triggers: [onUsers] }), base({ functions: [touch], triggers: [changed] })).ops, [
      { kind: "dropTrigger", table: "users", name: "trg_touch", previous: onUsers },
      { kind: "createTrigger", trigger: changed },
    ]);
  });

  test("a trigger dropped by hand is reported; the same trigger is no change", () => {
    assert.deepEqual(compareSchemas(base({ functions: [touch] }), base({ functions: [touch], triggers: [onUsers] })).ops, [{ kind: "createTrigger", trigger: onUsers }]);
    assert.deepEqual(compareSchemas(base({ functions: [touch], triggers: [onUsers] }), base({ functions: [touch], triggers: [onUsers] })).ops, []);
  });

  test("a table dropped with its trigger drops the trigger explicitly first, so the downgrade restores it", () => {
    const { up, down } = upAndDown(base({ functions: [touch], triggers: [onUsers] }), { tables: [], enums: [], functions: [touch] });
    assert.deepEqual(up.map((o) => o.kind), ["dropTrigger", "dropTable"]);
    assert.deepEqual(down.map((o) => o.kind), ["createTable", "createTrigger"]);
  });
});

describe("compareSchemas: views", () => {
  const columns = (view: string, names: string[]) => ({ view, columns: names.map((name) => ({ name, type: "integer" })) });

  test("views are created after tables, a view on a view after the view it reads, and dropped the other way round", () => {
    const { up, down } = upAndDown({ tables: [], enums: [] }, base({ views: [activeIds, active] }));
    assert.deepEqual(up.map((o) => (o.kind === "createView" ? `createView:${o.view.name}` : o.kind)), ["createTable", "createView:active", "createView:active_ids"]);
    assert.deepEqual(down.map((o) => (o.kind === "dropView" ? `dropView:${o.name}` : o.kind)), ["dropView:active_ids", "dropView:active", "dropTable"]);
  });

  test("a view whose columns only grow is CREATE OR REPLACE", () => {
    const grown = { ...active, query: "SELECT id, email, updated_at FROM users" };
    const ops = compareSchemas(
      base({ views: [active], viewColumns: [columns("active", ["id", "email"])] }),
      base({ views: [grown], viewColumns: [columns("active", ["id", "email", "updated_at"])] }),
    ).ops;
    assert.deepEqual(ops, [{ kind: "createView", view: grown, orReplace: true, previous: active }]);
  });

  test("a view that loses a column is dropped and created, with the views that read it around it", () => {
    const narrowed = { ...active, query: "SELECT id FROM users" };
    const db = base({
      views: [active, activeIds],
      viewColumns: [columns("active", ["id", "email"]), columns("active_ids", ["id"])],
      viewDependencies: [{ view: "active", on: "users", columns: ["email", "id"] }, { view: "active_ids", on: "active", columns: ["id"] }],
    });
    const ops = compareSchemas(db, base({ views: [narrowed, activeIds], viewColumns: [columns("active", ["id"])] })).ops;
    assert.deepEqual(ops, [
      { kind: "dropView", name: "active_ids", previous: activeIds },
      { kind: "dropView", name: "active", previous: active },
      { kind: "createView", view: narrowed },
      { kind: "createView", view: activeIds },
    ]);
  });

  test("a column type change under a view drops the view before the change and creates it after", () => {
    const db = base({ views: [active], viewDependencies: [{ view: "active", on: "users", columns: ["email", "id"] }] });
    const widened: Table = { ...users, columns: [col("id"), { ...col("email"), type: { kind: "varchar", length: 300 } }, col("updated_at", "text")] };
    const ops = compareSchemas(db, { tables: [widened], enums: [], views: [active] }).ops;
    assert.deepEqual(ops.map((o) => o.kind), ["dropView", "alterColumn", "createView"]);
  });

  test("a materialized view's index change is a drop and create of the index only", () => {
    const ix = { name: "ix_m", elements: [{ kind: "column" as const, name: "id" }], unique: false };
    const m: ViewDefinition = { name: "m", query: "SELECT id FROM users", materialized: true, indexes: [ix] };
    const unique = { ...m, indexes: [{ ...ix, unique: true }] };
    assert.deepEqual(compareSchemas(base({ views: [m] }), base({ views: [unique] })).ops, [
      { kind: "dropIndex", name: "ix_m", previous: { table: "m", index: ix } },
      { kind: "createIndex", table: "m", index: { ...ix, unique: true } },
    ]);
  });

  test("a view query that differs only in line breaks is no change", () => {
    assert.deepEqual(compareSchemas(base({ views: [active] }), base({ views: [{ ...active, query: "SELECT id,\n    email\n   FROM users" }] })).ops, []);
  });
});

describe("compareSchemas: extensions, sequences, policies, row-level security", () => {
  test("extensions come first and go last; a version is compared only when the model names one", () => {
    const { up, down } = upAndDown(base(), base({ extensions: [{ name: "citext" }], tables: [users] }));
    assert.deepEqual(up, [{ kind: "createExtension", extension: { name: "citext" } }]);
    assert.deepEqual(down, [{ kind: "dropExtension", name: "citext", previous: { name: "citext" } }]);
    assert.deepEqual(compareSchemas(base({ extensions: [{ name: "citext", version: "1.6" }] }), base({ extensions: [{ name: "citext" }] })).ops, []);
  });

  test("a sequence is created before tables, altered with its old options, dropped at the end", () => {
    const s = { name: "order_numbers", start: 1000 };
    assert.deepEqual(compareSchemas({ tables: [], enums: [] }, base({ sequences: [s] })).ops.map((o) => o.kind), ["createSequence", "createTable"]);
    const { up, down } = upAndDown(base({ sequences: [s] }), base({ sequences: [{ ...s, increment: 10 }] }));
    assert.deepEqual(up, [{ kind: "alterSequence", sequence: { ...s, increment: 10 }, previous: s }]);
    assert.deepEqual(down, [{ kind: "alterSequence", sequence: s, previous: { ...s, increment: 10 } }]);
    assert.deepEqual(compareSchemas(base({ sequences: [s] }), base()).ops, [{ kind: "dropSequence", name: "order_numbers", previous: s }]);
  });

  test("a changed policy is dropped and created; a new one after its table", () => {
    const changed = { ...own, for: "select" as const };
    assert.deepEqual(compareSchemas(base({ policies: [own] }), base({ policies: [changed] })).ops, [
      { kind: "dropPolicy", table: "users", name: "own", previous: own },
      { kind: "createPolicy", policy: changed },
    ]);
  });

  test("enabling row-level security records that it was off; dropping the table switches it off first", () => {
    const on = { table: "users", enabled: true, forced: false };
    const { up, down } = upAndDown(base(), base({ rowLevelSecurity: [on] }));
    assert.deepEqual(up, [{ kind: "setRowLevelSecurity", table: "users", enabled: true, previous: { enabled: false, forced: false } }]);
    assert.deepEqual(down, [{ kind: "setRowLevelSecurity", table: "users", enabled: false, previous: { enabled: true, forced: false } }]);
    const dropped = compareSchemas(base({ rowLevelSecurity: [on] }), { tables: [], enums: [] }).ops;
    assert.deepEqual(dropped.map((o) => o.kind), ["setRowLevelSecurity", "dropTable"]);
  });
});

describe("body comparison under PostgreSQL's lexical rules", () => {
  test("whitespace, comments and the case of key words and names do not count", () => {
    assert.ok(sameBody("SELECT a+b FROM t -- sum\n", "select a + b\n  from T /* nested /* ok */ */"));
  });
  test("string literals, quoted names and dollar-quoted text are exact", () => {
    assert.ok(!sameBody("select 'A'", "select 'a'"));
    assert.ok(!sameBody('select "Name" from t', 'select "name" from t'));
    assert.ok(!sameBody("select $x$ A $x$", "select $x$ a $x$"));
    assert.ok(!sameBody("select 'a -- not a comment'", "select 'a'"));
  });
});
