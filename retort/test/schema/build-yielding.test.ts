// buildSchemaYielding: the Schema buildSchema gives, built with pauses for the event loop
// (so catalog queries running beside a large models module keep going), and the same errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSchema, buildSchemaYielding, integer, table, text } from "../../src/schema/index.js";

const models = Array.from({ length: 10 }, (_, i) => table(`t${i}`, { id: integer().primaryKey(), name: text() }));

test("gives exactly buildSchema's Schema", async () => {
  assert.deepEqual(await buildSchemaYielding(models, {}, 3), buildSchema(models));
});

test("lets the event loop run every `every` tables", async () => {
  let ran = 0;
  const tick = (): void => {
    ran++;
    if (ran < 100) setImmediate(tick);
  };
  setImmediate(tick);
  await buildSchemaYielding(models, {}, 2);
  const during = ran;
  assert.ok(during >= 4, `the event loop ran ${during} times while 10 tables were built 2 at a time`);
});

test("refuses what buildSchema refuses", async () => {
  await assert.rejects(buildSchemaYielding([table("t", { a: integer() }), table("t", { a: integer() })]), /table "t" is declared twice/);
});
