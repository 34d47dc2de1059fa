// Type names as migration authors write them by hand.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseColumnType } from "../../src/schema/type-names.js";
import type { ColumnType } from "../../src/schema/types.js";

const cases: [string, ColumnType][] = [
  ["integer", { kind: "integer" }],
  ["INT4", { kind: "integer" }],
  ["int8", { kind: "bigint" }],
  ["double precision", { kind: "double" }],
  ["Double  Precision", { kind: "double" }],
  ["varchar(20)", { kind: "varchar", length: 20 }],
  ["character varying", { kind: "varchar" }],
  ["char(2)", { kind: "char", length: 2 }],
  ["numeric(10, 2)", { kind: "numeric", precision: 10, scale: 2 }],
  ["decimal(5)", { kind: "numeric", precision: 5 }],
  ["numeric", { kind: "numeric" }],
  ["timestamptz", { kind: "timestamp", withTimezone: true }],
  ["timestamp(3) with time zone", { kind: "timestamp", withTimezone: true, precision: 3 }],
  ["timestamp without time zone", { kind: "timestamp", withTimezone: false }],
  ["time", { kind: "time", withTimezone: false }],
  ["text[]", { kind: "array", element: { kind: "text" } }],
  ["integer[][]", { kind: "array", element: { kind: "integer" }, dimensions: 2 }],
  ["jsonb", { kind: "jsonb" }],
  ["uuid", { kind: "uuid" }],
];

test("known spellings map to column types", () => {
  for (const [text, expected] of cases) assert.deepEqual(parseColumnType(text), expected, text);
});

test("an unknown type name is an INVALID_OPERATION naming it", () => {
  for (const text of ["strnig", "varchar(1, 2)", "tsvector", "int; drop table x"]) {
    assert.throws(() => parseColumnType(text), { code: "INVALID_OPERATION", message: `unknown column type ${JSON.stringify(text)}` });
  }
});
