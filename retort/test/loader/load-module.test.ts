// loadModule, the one way config, migrations and models are loaded: both of its paths
// (evaluated from the compile cache, imported as a module) as a caller sees them.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
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
