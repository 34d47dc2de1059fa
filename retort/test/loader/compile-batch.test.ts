// The migrations a run applies are compiled as one batch through one pack file per set of
// folders: one file written on a cold start and one read on a warm one, instead of a file
// per migration each way.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { compileBatch, compileModule, hashSource } from "../../src/loader/compile-cache.js";
import { isRetortError } from "../../src/errors.js";

const root = mkdtempSync(join(tmpdir(), "retort-batch-"));
const cache = join(root, "cache");
process.env.RETORT_CACHE_DIR = cache;
after(() => rmSync(root, { recursive: true, force: true }));

const versions = join(root, "versions");
mkdirSync(versions);
const source = (name: string, table: string): string =>
  `export const revision = "${name}";\nexport async function upgrade(op: { execute(s: string): Promise<void> }): Promise<void> {\n  await op.execute("CREATE TABLE ${table} (id int)");\n}\n`;
const files = ["a", "b", "c"].map((name) => ({ path: join(versions, `${name}.ts`), source: source(name, `t_${name}`) }));
for (const file of files) writeFileSync(file.path, file.source);

/** The pack's write follows the batch's last file by a turn of the event loop. */
const settled = async <T>(pending: Promise<T>[]): Promise<PromiseSettledResult<T>[]> => {
  const results = await Promise.allSettled(pending);
  await new Promise((resolve) => setImmediate(resolve));
  return results;
};

const packs = (): string[] => readdirSync(cache).filter((name) => name.startsWith("pack-"));
const pack = (): Record<string, string> => JSON.parse(readFileSync(join(cache, packs()[0] as string), "utf8")) as Record<string, string>;

describe("compileBatch", () => {
  test("a cold batch writes one pack holding every file, and no entry per file", async () => {
    const results = await settled(compileBatch(files));
    assert.deepEqual(results.map((result) => result.status), ["fulfilled", "fulfilled", "fulfilled"]);
    assert.deepEqual(readdirSync(cache).filter((name) => !name.startsWith("pack-")), []);
    assert.equal(packs().length, 1);
    assert.deepEqual(Object.keys(pack()).sort(), files.map((file) => hashSource(file.source)).sort());
    assert.match(pack()[hashSource(files[0]!.source)] ?? "", /CREATE TABLE t_a/);
  });

  test("a warm batch reads the pack instead of compiling", async () => {
    const marked = { ...pack(), [hashSource(files[1]!.source)]: '"use strict";return { marker: 1 };' };
    writeFileSync(join(cache, packs()[0] as string), JSON.stringify(marked));
    const results = await settled(compileBatch(files));
    assert.equal(results[1]?.status === "fulfilled" ? results[1].value.code : null, '"use strict";return { marker: 1 };');
  });

  test("an edited file alone is compiled; the pack keeps the other entries", async () => {
    const edited = { path: files[2]!.path, source: source("c", "t_c_edited") };
    const results = await settled(compileBatch([files[0]!, files[1]!, edited]));
    const code = results[2]?.status === "fulfilled" ? results[2].value.code : null;
    assert.match(code ?? "", /CREATE TABLE t_c_edited/);
    assert.equal(packs().length, 1);
    // The old c stays (below the limit); the marked b was read, not compiled again.
    assert.equal(Object.keys(pack()).length, 4);
    assert.equal(pack()[hashSource(files[1]!.source)], '"use strict";return { marker: 1 };');
  });

  test("a file that does not compile fails alone", async () => {
    const broken = { path: join(versions, "d.ts"), source: "export const revision = ;\n" };
    const results = await settled(compileBatch([files[0]!, broken]));
    assert.equal(results[0]?.status, "fulfilled");
    assert.equal(results[1]?.status, "rejected");
    const reason = results[1]?.status === "rejected" ? (results[1].reason as unknown) : undefined;
    assert.ok(isRetortError(reason));
    assert.equal(reason.code, "MIGRATION_LOAD_FAILED");
    assert.match(reason.message, /d\.ts:1:\d+: /);
  });

  test("compiling a batch's file again in the same process neither compiles nor writes an entry", async () => {
    const again = await compileModule(files[1]!.path, files[1]!.source);
    assert.equal(again.code, '"use strict";return { marker: 1 };');
    assert.deepEqual(readdirSync(cache).filter((name) => !name.startsWith("pack-")), []);
  });
});
