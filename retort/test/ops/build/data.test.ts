// bulkInsert and execute: the ops each builder makes, and what each refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bulkInsert, execute } from "../../../src/ops/build/data.js";
import { sql } from "../../../src/schema/index.js";
import { refused } from "./refused.js";

test("bulkInsert copies the rows and keeps the column order given", () => {
  const rows = [{ id: 1, name: "a" }];
  const [op] = bulkInsert({ table: "t", rows, options: { columns: ["name", "id"] } }, {});
  assert.deepEqual(op, { kind: "bulkInsert", table: "t", rows: [{ id: 1, name: "a" }], columns: ["name", "id"] });
  assert.ok(op !== undefined && op.kind === "bulkInsert" && op.rows[0] !== rows[0], "the caller's row objects are not held");
});

test("bulkInsert refuses rows that are not an array of objects", () => {
  refused(() => bulkInsert({ table: "t", rows: {} as never }, {}), "bulkInsert needs an array of rows", "Pass rows as an array of objects keyed by column name.");
  refused(() => bulkInsert({ table: "t", rows: [{}, [] as never] }, {}), "row 2 of bulkInsert is not an object", "Pass each row as an object keyed by column name.");
});

test("execute: text with its parameters, or an sql`` fragment as data whose values follow the given ones", () => {
  assert.deepEqual(execute({ statement: "select 1" }, {}), [{ kind: "execute", sql: "select 1" }]);
  assert.deepEqual(execute({ statement: "select $1", params: [7] }, {}), [{ kind: "execute", sql: "select $1", params: [7] }]);
  const name = sql`name = ${"x"}`;
  assert.deepEqual(execute({ statement: sql`update ${sql.ident("app", "users")} set ${name} where id = $1`, params: [3] }, {}), [
    {
      kind: "execute",
      sql: {
        parts: [
          { kind: "text", text: "update " },
          { kind: "identifier", parts: ["app", "users"] },
          { kind: "text", text: " set name = " },
          { kind: "parameter", index: 1 },
          { kind: "text", text: " where id = $1" },
        ],
      },
      params: [3, "x"],
    },
  ]);
  assert.deepEqual(execute({ statement: sql`select 1` }, {}), [{ kind: "execute", sql: { parts: [{ kind: "text", text: "select 1" }] } }]);
  refused(
    () => execute({ statement: sql`select ${sql.ident("")}` }, {}),
    'invalid identifier "" in an SQL expression',
    "Identifiers must be non-empty and free of NUL characters.",
  );
  refused(() => execute({ statement: " " }, {}), "op.execute() needs SQL text", 'Pass a statement, e.g. op.execute("update users set active = true").');
});
