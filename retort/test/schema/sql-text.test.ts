// Model expressions stay data in schema/: text and identifier parts, never quoted text.
// Spelling them is the dialect's job (test/dialects/postgres/fragment.test.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildSchema, check, index, integer, sql, table, text, timestamp } from "../../src/schema/index.js";
import { mapSchemaText, spelledText } from "../../src/schema/sql-text.js";
import type { SqlText } from "../../src/schema/types.js";

const orders = table(
  "orders",
  {
    id: integer().primaryKey(),
    order: integer().notNull(),
    Label: text().default(sql`'none'`),
    created_at: timestamp().notNull().default(sql`now()`),
    doubled: integer().generatedAlwaysAs(sql`${sql.ident("order")} * 2`),
  },
  (t) => [check("order_positive", sql`${t.order} > 0`), index("ix_orders_label").on(sql`lower(${t.Label})`).where(sql`${t.order} > 10`)],
);

describe("model expressions in a Schema", () => {
  const schema = buildSchema([orders]);
  const built = schema.tables[0]!;

  test("a column reference in a check is an identifier part, not quoted text", () => {
    assert.deepEqual(built.checks, [
      { name: "ck_orders_order_positive", expression: { parts: [{ kind: "identifier", parts: ["order"] }, { kind: "text", text: " > 0" }] } },
    ]);
  });

  test("index expressions, predicates and generated columns keep their identifiers apart", () => {
    assert.deepEqual(built.indexes[0]?.elements, [
      { kind: "expression", sql: { parts: [{ kind: "text", text: "lower(" }, { kind: "identifier", parts: ["Label"] }, { kind: "text", text: ")" }] } },
    ]);
    assert.deepEqual(built.indexes[0]?.where, { parts: [{ kind: "identifier", parts: ["order"] }, { kind: "text", text: " > 10" }] });
    assert.deepEqual(built.columns.find((c) => c.name === "doubled")?.generated, {
      sql: { parts: [{ kind: "identifier", parts: ["order"] }, { kind: "text", text: " * 2" }] },
    });
  });

  test("an expression that names no identifier stays the string written", () => {
    assert.deepEqual(built.columns.find((c) => c.name === "created_at")?.default, { kind: "sql", sql: "now()" });
    assert.deepEqual(built.columns.find((c) => c.name === "Label")?.default, { kind: "sql", sql: "'none'" });
  });

  test("no double quote appears anywhere in the Schema: quoting is the dialect's", () => {
    assert.equal(JSON.stringify(schema).includes('\\"'), false);
  });

  test("an embedded value is refused: a schema expression is compared and rendered, never bound", () => {
    assert.throws(() => buildSchema([table("t", { a: integer() }, (t) => [check("ck", sql`${t.a} > ${5}`)])]), {
      code: "INVALID_SCHEMA",
      message: "check constraint of table \"t\" embeds a value (number); a schema expression can only embed columns and sql fragments",
    });
  });
});

describe("mapSchemaText", () => {
  test("passes every expression through the given speller and nothing else", () => {
    const seen: SqlText[] = [];
    const spelled = mapSchemaText(buildSchema([orders]), (value) => {
      seen.push(value);
      return typeof value === "string" ? value : value.parts.map((p) => (p.kind === "text" ? p.text : `<${p.kind === "identifier" ? p.parts.join(".") : "?"}>`)).join("");
    });
    const t = spelled.tables[0]!;
    assert.equal(seen.length, 6);
    assert.equal(t.checks[0]?.expression, "<order> > 0");
    assert.deepEqual(t.indexes[0]?.elements, [{ kind: "expression", sql: "lower(<Label>)" }]);
    assert.equal(t.indexes[0]?.where, "<order> > 10");
    assert.deepEqual(t.columns.find((c) => c.name === "doubled")?.generated, { sql: "<order> * 2" });
    assert.equal(t.columns.find((c) => c.name === "id")?.default, undefined);
  });

  test("spelledText refuses a fragment: comparing one means a model skipped the dialect", () => {
    assert.equal(spelledText("a > 0"), "a > 0");
    assert.throws(() => spelledText({ parts: [{ kind: "identifier", parts: ["a"] }] }), /before the dialect spelled it/);
  });
});
