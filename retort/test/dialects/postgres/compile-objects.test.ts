// The exact SQL of the operations on functions, views, extensions, sequences, policies
// and row-level security; refusals say what is wrong before any SQL exists.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { compileOp } from "../../../src/dialects/postgres/compile.js";
import { postgresCapabilities } from "../../../src/dialects/postgres/capabilities.js";
import type { Op } from "../../../src/ops/types.js";

const sql = (op: Op): string[] => compileOp(op, { capabilities: postgresCapabilities("postgres") }).map((s) => s.sql);

describe("compile: routines and views", () => {
  test("a function with every clause, and a procedure", () => {
    assert.deepEqual(
      sql({ kind: "createFunction", function: { name: "tag", args: [{ name: "n", type: "integer", default: "1" }], returns: "text", language: "sql", body: "select 'x' || n", volatility: "immutable", strict: true, parallel: "safe" } }),
      [`CREATE FUNCTION "tag"("n" integer DEFAULT 1)\nRETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE\nAS $$select 'x' || n$$`],
    );
    assert.deepEqual(sql({ kind: "createFunction", function: { name: "p", args: [], returns: "void", language: "plpgsql", body: "BEGIN END;", procedure: true } }), [
      `CREATE PROCEDURE "p"()\nLANGUAGE plpgsql\nAS $$BEGIN END;$$`,
    ]);
    assert.deepEqual(sql({ kind: "dropFunction", name: "p", argTypes: [], procedure: true }), [`DROP PROCEDURE "p"()`]);
  });

  test("view options, a materialized view WITH NO DATA with its indexes, and a drop-first replace", () => {
    assert.deepEqual(sql({ kind: "createView", view: { name: "v", query: "select 1 as a", checkOption: "local", securityBarrier: true } }), [
      `CREATE VIEW "v" WITH (security_barrier = true) AS\nselect 1 as a\nWITH LOCAL CHECK OPTION`,
    ]);
    assert.deepEqual(
      sql({ kind: "createView", view: { name: "m", query: "select 1 as a", materialized: true, withData: false, indexes: [{ name: "ix_m", elements: [{ kind: "column", name: "a" }], unique: true }] } }),
      [`CREATE MATERIALIZED VIEW "m" AS\nselect 1 as a\nWITH NO DATA`, `CREATE UNIQUE INDEX "ix_m" ON "m" ("a")`],
    );
    assert.deepEqual(sql({ kind: "createView", view: { name: "v", query: "select 1 as a" }, orReplace: true, dropFirst: true }), [`DROP VIEW "v"`, `CREATE VIEW "v" AS\nselect 1 as a`]);
  });

  test("view options that PostgreSQL would refuse are refused first", () => {
    assert.throws(() => sql({ kind: "createView", view: { name: "v", query: "select 1", withData: false } }), {
      code: "INVALID_OPERATION",
      message: 'view "v" is not materialized and cannot be created WITH NO DATA',
    });
    assert.throws(() => sql({ kind: "createView", view: { name: "m", query: "select 1", materialized: true, checkOption: "local" } }), {
      code: "INVALID_OPERATION",
      message: 'materialized view "m" cannot have a check option',
    });
  });
});

describe("compile: extensions, sequences, policies, row-level security", () => {
  test("extensions", () => {
    assert.deepEqual(sql({ kind: "createExtension", extension: { name: "citext", schema: "ext", version: "1.6" }, ifNotExists: true }), [
      `CREATE EXTENSION IF NOT EXISTS "citext" SCHEMA "ext" VERSION '1.6'`,
    ]);
    assert.deepEqual(sql({ kind: "dropExtension", name: "citext" }), [`DROP EXTENSION "citext"`]);
  });

  test("sequences: created with what is given, altered with every option spelled out", () => {
    assert.deepEqual(sql({ kind: "createSequence", sequence: { name: "s", type: "integer", start: 100, increment: 5, cycle: true, ownedBy: { table: "t", column: "n" } } }), [
      `CREATE SEQUENCE "s" AS integer INCREMENT BY 5 START WITH 100 CYCLE`,
      `ALTER SEQUENCE "s" OWNED BY "t"."n"`,
    ]);
    assert.deepEqual(sql({ kind: "alterSequence", sequence: { name: "s", schema: "app", increment: 2 } }), [
      `ALTER SEQUENCE "app"."s" AS bigint INCREMENT BY 2 NO MINVALUE NO MAXVALUE START WITH 1 CACHE 1 NO CYCLE OWNED BY NONE`,
    ]);
    assert.deepEqual(sql({ kind: "dropSequence", name: "s" }), [`DROP SEQUENCE "s"`]);
    assert.throws(() => sql({ kind: "createSequence", sequence: { name: "s", start: 1.5 } }), { code: "INVALID_OPERATION", message: "start 1.5 is not an integer" });
  });

  test("policies: roles quoted except PUBLIC and the session role key words", () => {
    assert.deepEqual(
      sql({ kind: "createPolicy", policy: { name: "own", table: "notes", permissive: false, for: "update", to: ["app user", "public", "current_user"], using: "owner = current_user", withCheck: "owner = current_user" } }),
      [`CREATE POLICY "own" ON "notes"\nAS RESTRICTIVE\nFOR UPDATE\nTO "app user", PUBLIC, CURRENT_USER\nUSING (owner = current_user)\nWITH CHECK (owner = current_user)`],
    );
    assert.deepEqual(sql({ kind: "dropPolicy", table: "notes", name: "own" }), [`DROP POLICY "own" ON "notes"`]);
  });

  test("row-level security switches", () => {
    assert.deepEqual(sql({ kind: "setRowLevelSecurity", table: "notes", enabled: true, forced: false }), [`ALTER TABLE "notes" ENABLE ROW LEVEL SECURITY, NO FORCE ROW LEVEL SECURITY`]);
    assert.throws(() => sql({ kind: "setRowLevelSecurity", table: "notes" }), { code: "INVALID_OPERATION", message: 'setRowLevelSecurity on "notes" changes nothing' });
  });
});
