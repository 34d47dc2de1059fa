// loadModule, the one way config, migrations and models are loaded: both of its paths
// (evaluated from the compile cache, imported as a module) as a caller sees them.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadModule } from "../../src/loader/index.js";

const root = mkdtempSync(join(tmpdir(), "retort-loader-"));
process.env.RETORT_CACHE_DIR = join(root, "cache");
after(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

const folder = (files: Record<string, string>): string => {
  const dir = join(root, `d${++count}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
};

/** Source whose `fail` throws on line 9, below lines that compile to nothing. */
const throwing = (imports: string) =>
  [imports, "interface A {", "  a: number;", "}", "type B = A[];", "", "export function fail(): B {", "  const none: B = [];", '  if (none.length === 0) throw new Error("boom");', "  return none;", "}", ""].join("\n");

const lineOf = (error: unknown, file: string): string | undefined =>
  new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):`).exec((error as Error).stack ?? "")?.[1];

describe("loadModule", () => {
  test("a self-contained file runs from the compile cache and its stack traces name .ts lines", async () => {
    const dir = folder({ "a.ts": throwing("") });
    const module = await loadModule(join(dir, "a.ts"));
    assert.throws(() => (module.fail as () => void)(), (error) => lineOf(error, join(dir, "a.ts")) === "9");
  });

  test("a file importing another is imported as a module, with the same line numbers", async () => {
    const dir = folder({ "helper.ts": "export const n: number = 1;\n", "b.ts": throwing('import { n } from "./helper.js"; void n;') });
    const module = await loadModule(join(dir, "b.ts"));
    assert.throws(() => (module.fail as () => void)(), (error) => lineOf(error, join(dir, "b.ts")) === "9");
    // The hidden .mjs it was imported from is gone.
    assert.deepEqual(readdirSync(dir).sort(), ["b.ts", "helper.ts"]);
  });

  test("a module-path file edited after a load is read again by the next load", async () => {
    const dir = folder({ "helper.ts": "export const n: number = 1;\n", "c.ts": 'import { n } from "./helper.js";\nexport const value = n + 1;\n' });
    assert.equal((await loadModule(join(dir, "c.ts"))).value, 2);
    writeFileSync(join(dir, "c.ts"), 'import { n } from "./helper.js";\nexport const value = n + 10;\n');
    assert.equal((await loadModule(join(dir, "c.ts"))).value, 11);
  });
});

describe("V8's code cache for a large module (a generated models file)", () => {
  /** A self-contained module of `n` exported functions, each returning its index: over 512 KB at 20,000. */
  const large = (n: number, offset = 0): string =>
    Array.from({ length: n }, (_, i) => `export const f${i} = (): number => ${i + offset};`).join("\n") + "\n";
  const codeFiles = (): string[] => readdirSync(join(root, "cache")).filter((name) => name.endsWith(".v8")).sort();
  const fixture = fileURLToPath(new URL("./fixtures/load-once.ts", import.meta.url));
  /** One load in a fresh process, as each CLI run is; the export's value. */
  const loadOnce = (file: string, name: string): string => {
    const run = spawnSync(process.execPath, ["--import", "tsx", fixture, file, name], { env: { ...process.env, RETORT_CACHE_DIR: join(root, "cache") }, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout;
  };

  test("the first load writes the code, the next one is served from it, and an edit replaces it", () => {
    const dir = folder({ "models.ts": large(20_000) });
    const file = join(dir, "models.ts");
    const before = codeFiles();
    assert.equal(loadOnce(file, "f19999"), "19999");
    const written = codeFiles().filter((name) => !before.includes(name));
    assert.equal(written.length, 1);
    const [name] = written as [string];
    const stamp = statSync(join(root, "cache", name)).mtimeMs;
    // Served from the cache: accepted by V8, so not written again.
    assert.equal(loadOnce(file, "f7"), "7");
    assert.equal(statSync(join(root, "cache", name)).mtimeMs, stamp);
    // The same length, other values: a new key, so stale code is never served, and the
    // file of the old version is removed.
    writeFileSync(file, large(20_000, 1).replace("=> 1;", "=> 0;"));
    assert.equal(loadOnce(file, "f5"), "6");
    const now = codeFiles().filter((n) => !before.includes(n));
    assert.equal(now.length, 1);
    assert.notEqual(now[0], name);
  });

  test("a damaged cache file is rejected by V8 and written again; the module still loads", () => {
    const dir = folder({ "models.ts": large(20_000, 5) });
    const file = join(dir, "models.ts");
    const before = codeFiles();
    loadOnce(file, "f0");
    const [name] = codeFiles().filter((n) => !before.includes(n)) as [string];
    writeFileSync(join(root, "cache", name), Buffer.from("not V8's code"));
    assert.equal(loadOnce(file, "f0"), "5");
    assert.ok(statSync(join(root, "cache", name)).size > 1000);
  });

  test("a small module keeps its source map instead, and no code is cached for it", async () => {
    const before = codeFiles();
    const dir = folder({ "small.ts": `${throwing("")}// small\n` });
    const module = await loadModule(join(dir, "small.ts"));
    assert.throws(() => (module.fail as () => void)(), (error) => lineOf(error, join(dir, "small.ts")) === "9");
    assert.deepEqual(codeFiles(), before);
  });
});
