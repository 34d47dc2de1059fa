// Graph commands stay light: `retort heads` and `retort history` load neither database
// driver nor the TypeScript transpiler, nor node:crypto (which the dialects' compilers and
// the migration checksums use: a graph command that loads it has pulled in database code,
// or hashed its config the costly way). A module-resolution hook records every package the
// process loads, and an exit handler node:crypto.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { CLI, ensureBuilt, tempProject, writeMigration } from "./harness.js";

const HOOKS = `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(result.url);
  if (match) appendFileSync(process.env.RETORT_TEST_LOADED, match[1] + "\\n");
  return result;
}
`;

// node:crypto by any route (import, or require through createRequire, which the hook does not
// see): Node lists the built-in modules it has loaded.
const REGISTER = (hooks: string) =>
  `import { register } from "node:module"; import { appendFileSync } from "node:fs"; register(${JSON.stringify(pathToFileURL(hooks).href)});
process.on("exit", () => { if (process.moduleLoadList.includes("NativeModule crypto")) appendFileSync(process.env.RETORT_TEST_LOADED, "node:crypto\\n"); });`;

describe("lazy imports", () => {
  const project = tempProject("lazy");
  before(() => {
    ensureBuilt();
    // No config file: the defaults apply, and nothing needs transpiling.
    // A message of its own each run, so that no compile cache already holds the file.
    writeMigration(project.dir, { revision: "aaaa0001", downRevision: null, message: `one ${randomUUID()}`, file: "aaaa0001_one.ts" });
    writeMigration(project.dir, { revision: "aaaa0002", downRevision: "aaaa0001", message: "two" });
    writeFileSync(join(project.dir, "hooks.mjs"), HOOKS);
  });
  after(() => project.remove());

  const loadedPackages = (name: string, args: readonly string[], dir = project.dir): Set<string> => {
    const loaded = join(dir, `${name}.loaded`);
    writeFileSync(loaded, "");
    const register = join(dir, "register.mjs");
    writeFileSync(register, REGISTER(join(project.dir, "hooks.mjs")));
    const result = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, CLI, ...args], {
      cwd: dir,
      env: { ...process.env, RETORT_TEST_LOADED: loaded, DATABASE_URL: "" },
      encoding: "utf8",
    });
    assert.equal(result.status, 0, result.stderr);
    return new Set(readFileSync(loaded, "utf8").split("\n").filter((line) => line !== ""));
  };

  for (const args of [["heads"], ["history"], ["branches"], ["show", "head"]]) {
    test(`retort ${args[0]} loads no driver and no transpiler`, () => {
      const packages = loadedPackages(args[0] as string, args);
      for (const heavy of ["pg", "@electric-sql/pglite", "better-sqlite3", "mysql2", "tsx", "esbuild", "node:crypto"]) assert.ok(!packages.has(heavy), `${args[0]} loaded ${heavy}`);
    });
  }

  test("with a config file (compiled once, then from the compile cache), heads and history load no transpiler and no node:crypto", () => {
    const configured = tempProject("lazy-config");
    try {
      writeMigration(configured.dir, { revision: "bbbb0001", downRevision: null, message: "one" });
      // Its own text each run, so that the first command compiles it.
      writeFileSync(
        join(configured.dir, "retort.config.ts"),
        `import { defineConfig } from "retort-migrate";\n// ${randomUUID()}\nexport default defineConfig({ migrations: "migrations" });\n`,
      );
      assert.ok(loadedPackages("first", ["heads"], configured.dir).has("esbuild"));
      for (const command of ["heads", "history"]) {
        const packages = loadedPackages(command, [command], configured.dir);
        for (const heavy of ["esbuild", "tsx", "node:crypto"]) assert.ok(!packages.has(heavy), `${command} loaded ${heavy}`);
      }
    } finally {
      configured.remove();
    }
  });

  test("the hook sees a transpiler where one is needed: upgrade --sql (and node:crypto, for the checksums)", () => {
    const packages = loadedPackages("offline", ["upgrade", "head", "--sql"]);
    assert.ok(packages.has("node:crypto"), [...packages].join(", "));
    assert.ok(packages.has("esbuild") || packages.has("tsx"), [...packages].join(", "));
    assert.ok(!packages.has("pg") && !packages.has("@electric-sql/pglite") && !packages.has("mysql2"));
  });

  test("a mysql:// URL loads mysql2 and neither PostgreSQL driver (offline: nothing connects)", () => {
    const loaded = join(project.dir, "mysql.loaded");
    writeFileSync(loaded, "");
    const register = join(project.dir, "register.mjs");
    writeFileSync(register, REGISTER(join(project.dir, "hooks.mjs")));
    const result = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, CLI, "current", "--url", "mysql://nobody:pw@127.0.0.1:1/none"], {
      cwd: project.dir,
      env: { ...process.env, RETORT_TEST_LOADED: loaded, DATABASE_URL: "" },
      encoding: "utf8",
    });
    assert.equal(result.status, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /pw/);
    const packages = new Set(readFileSync(loaded, "utf8").split("\n").filter((line) => line !== ""));
    assert.ok(packages.has("mysql2"), [...packages].join(", "));
    assert.ok(!packages.has("pg") && !packages.has("@electric-sql/pglite"), [...packages].join(", "));
  });
});
