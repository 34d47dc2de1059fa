// sql`` fragments kept as data, joined into PostgreSQL text by the dialect: op.execute's
// fragments and the SqlText of model expressions.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareSchemas } from "../../../src/autogen/compare.js";
import { createDialect } from "../../../src/dialects/index.js";
import { postgresCapabilities } from "../../../src/dialects/postgres/capabilities.js";
import { compileOp } from "../../../src/dialects/postgres/compile.js";
import { fragmentSql, sqlTextOf } from "../../../src/dialects/postgres/fragment.js";
import { buildSchema, check, integer, sql, table } from "../../../src/schema/index.js";

test("text as written, identifiers as the server's quote_ident prints them, parameters as $n after their index", () => {
  assert.equal(
    fragmentSql({
      parts: [
        { kind: "text", text: "update " },
        { kind: "identifier", parts: ["app", "Users"] },
        { kind: "text", text: " set " },
        { kind: "identifier", parts: ["select"] },
        { kind: "text", text: " = " },
        { kind: "parameter", index: 1 },
        { kind: "text", text: ' where "x" = $1 and name = ' },
        { kind: "identifier", parts: ['we"ird'] },
      ],
    }),
    'update app."Users" set "select" = $2 where "x" = $1 and name = "we""ird"',
  );
});

describe("model expressions (SqlText) spelled for PostgreSQL", () => {
  test("a string is already text; a fragment's identifiers are bare or quoted as quote_ident prints them", () => {
    assert.equal(sqlTextOf("now()"), "now()");
    assert.equal(
      sqlTextOf({
        parts: [
          { kind: "identifier", parts: ["order"] },
          { kind: "text", text: " > 0 and " },
          { kind: "identifier", parts: ["price"] },
          { kind: "text", text: " < " },
          { kind: "identifier", parts: ["Limit"] },
          { kind: "text", text: " and " },
          // A column-name key word: quote_ident quotes it, so the catalog prints it quoted.
          { kind: "identifier", parts: ["time"] },
        ],
      }),
      '"order" > 0 and price < "Limit" and "time"',
    );
  });

  test("a model check on a keyword column compiles quoted through the dialect", () => {
    const models = buildSchema([table("orders", { id: integer().primaryKey(), order: integer().notNull() }, (t) => [check("order_positive", sql`${t.order} > 0`)])]);
    const [op] = compareSchemas({ tables: [], enums: [] }, models).ops;
    assert.equal(
      compileOp(op!, { capabilities: postgresCapabilities("postgres") })[0]?.sql,
      'CREATE TABLE "orders" (\n  "id" integer NOT NULL,\n  "order" integer NOT NULL,\n  CONSTRAINT "pk_orders" PRIMARY KEY ("id"),\n  CONSTRAINT "ck_orders_order_positive" CHECK ("order" > 0)\n)',
    );
    assert.equal(createDialect("postgresql://localhost/x").compiler.schemaText(models).tables[0]?.checks[0]?.expression, '"order" > 0');
  });
});
