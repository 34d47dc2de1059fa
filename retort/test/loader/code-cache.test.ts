// evaluateBody with a code-cache key keeps V8's code cache next to the compiled body, and
// a cache V8 refuses (another V8, a damaged file) is replaced, never trusted.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const dir = mkdtempSync(join(tmpdir(), "retort-code-cache-"));
process.env.RETORT_CACHE_DIR = dir;
const { evaluateBody } = await import("../../src/loader/evaluate.js");
after(() => rmSync(dir, { recursive: true, force: true }));

const body = `"use strict";\nconst make = (n) => ({ n, twice: () => n * 2 });\nconst a = make(21);\nreturn { a: a.twice() };`;
const noLibrary = async (): Promise<unknown> => undefined;

test("the first evaluation writes the code cache, the next ones read it and give the same exports", async () => {
  const file = join(dir, "k1.v8");
  assert.deepEqual(await evaluateBody("/models.ts", body, noLibrary, "k1"), { a: 42 });
  assert.equal(existsSync(file), true);
  const written = readFileSync(file);
  assert.ok(written.length > 0);
  assert.deepEqual(await evaluateBody("/models.ts", body, noLibrary, "k1"), { a: 42 });
  assert.deepEqual(readFileSync(file), written, "an accepted cache is not rewritten");
});

test("a damaged code cache is rejected by V8 and replaced", async () => {
  const file = join(dir, "k2.v8");
  writeFileSync(file, Buffer.from("not a code cache"));
  // A body of its own: V8 ignores a code cache for a source it has compiled in this process.
  assert.deepEqual(await evaluateBody("/models.ts", body.replace("21", "22"), noLibrary, "k2"), { a: 44 });
  assert.notDeepEqual(readFileSync(file), Buffer.from("not a code cache"));
});

test("without a key nothing is written", async () => {
  assert.deepEqual(await evaluateBody("/models.ts", body, noLibrary), { a: 42 });
  assert.equal(existsSync(join(dir, "undefined.v8")), false);
});
