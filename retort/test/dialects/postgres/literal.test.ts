// Values as bound parameters and as literals: the same text either way.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bindValue, ddlLiteral, literalOf } from "../../../src/dialects/postgres/literal.js";
import { columnTypeSql } from "../../../src/dialects/postgres/types.js";

test("bindValue turns JavaScript values into the text the server receives", () => {
  assert.equal(bindValue(null), null);
  assert.equal(bindValue(undefined), null);
  assert.equal(bindValue("x"), "x");
  assert.equal(bindValue(1.5), "1.5");
  assert.equal(bindValue(Number.NaN), "NaN");
  assert.equal(bindValue(-Infinity), "-Infinity");
  assert.equal(bindValue(2n ** 70n), "1180591620717411303424");
  assert.equal(bindValue(false), "false");
  assert.equal(bindValue(new Date(Date.UTC(2026, 0, 2))), "2026-01-02T00:00:00.000Z");
  assert.equal(bindValue({ a: 1n, b: [null] }), '{"a":"1","b":[null]}');
  assert.equal(
    bindValue([
      [1, 2],
      [3, null],
    ]),
    '{{"1","2"},{"3",NULL}}',
  );
  assert.equal(bindValue(['a\\b"c', new Uint8Array([15])]), '{"a\\\\b\\"c","\\\\x0f"}');
  assert.deepEqual(bindValue(new Uint8Array([1])), new Uint8Array([1]));
});

test("bindValue refuses what has no SQL meaning", () => {
  assert.throws(() => bindValue(() => 1), { code: "INVALID_OPERATION", message: "a parameter value cannot be a function" });
  assert.throws(() => bindValue(Symbol("s")), { code: "INVALID_OPERATION", message: "a parameter value cannot be a symbol" });
  assert.throws(() => bindValue(new Date(Number.NaN)), {
    code: "INVALID_OPERATION",
    message: "a parameter value cannot be an invalid Date",
  });
  assert.throws(() => bindValue("a\0b"), {
    code: "INVALID_OPERATION",
    message: "a parameter value cannot be text containing a NUL character",
  });
});

test("literals: untyped string constants for parameters, typed constants in DDL", () => {
  assert.equal(literalOf(null), "NULL");
  assert.equal(literalOf("it's"), "'it''s'");
  assert.equal(literalOf("a\\b"), "E'a\\\\b'");
  assert.equal(literalOf(new Uint8Array([0, 171])), "E'\\\\x00ab'");
  assert.equal(ddlLiteral(true), "true");
  assert.equal(ddlLiteral(-2.5), "(-2.5)");
  assert.equal(ddlLiteral(7), "7");
  assert.equal(ddlLiteral("x'"), "'x'''");
  assert.equal(ddlLiteral(null), "NULL");
});

test("column types as PostgreSQL spells them", () => {
  assert.equal(columnTypeSql({ kind: "double" }), "double precision");
  assert.equal(columnTypeSql({ kind: "time", withTimezone: true, precision: 0 }), "time(0) with time zone");
  assert.equal(columnTypeSql({ kind: "timestamp", withTimezone: false }), "timestamp");
  assert.equal(columnTypeSql({ kind: "numeric", precision: 5 }), "numeric(5)");
  assert.equal(columnTypeSql({ kind: "array", element: { kind: "varchar", length: 3 }, dimensions: 2 }), "varchar(3)[][]");
  assert.equal(columnTypeSql({ kind: "enum", name: 'we"ird', schema: "app" }), '"app"."we""ird"');
  assert.equal(columnTypeSql({ kind: "custom", sql: "tsvector" }), "tsvector");
});
