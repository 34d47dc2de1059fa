// Compiled modules carry no native tagged templates (V8 finds their template objects by a
// walk that grows with the sites a script has, quadratic on a large models module), and
// sql`` fragments built from the lowered form are the ones the DSL builds natively.
import assert from "node:assert/strict";
import { test } from "node:test";
process.env.RETORT_CACHE_DIR = "off";
const { compileModule } = await import("../../src/loader/compile-cache.js");
const { evaluateBody, loadLibrary } = await import("../../src/loader/evaluate.js");
const { sql, table, integer, check, buildSchema } = await import("../../src/index.js");

const source = [
  'import { sql, table, integer, check } from "retort-migrate";',
  "export const n = sql`3`;",
  "export const t = table(\"t\", { a: integer().default(sql`now()`) }, (c) => [check(\"positive\", sql`${c.a} > ${n} and x <> 'a\\\\b'`)]);",
  "",
].join("\n");

test("tagged templates are lowered to calls, and build the same Schema", async () => {
  const compiled = await compileModule("/models.ts", source);
  assert.ok(compiled.code !== null);
  assert.doesNotMatch(compiled.code, /sql`/);
  const exported = await evaluateBody("/models.ts", compiled.code, loadLibrary);
  const n = sql`3`;
  const native = table("t", { a: integer().default(sql`now()`) }, (c) => [check("positive", sql`${c.a} > ${n} and x <> 'a\\b'`)]);
  assert.deepEqual(buildSchema([exported.t]), buildSchema([native]));
});
