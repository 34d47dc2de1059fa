import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { isRetortError, RetortError } from "../../src/errors.js";
import { revisionId } from "../../src/graph/types.js";
import { hashSource } from "../../src/loader/compile-cache.js";
import { loadMigration, prepareMigrations } from "../../src/script/load-migration.js";
import { readRevision } from "../../src/script/scan-versions.js";
import type { ScriptRevision } from "../../src/script/script-revision.js";

const root = mkdtempSync(join(tmpdir(), "retort-load-"));
// Keep the compile cache of this test out of the user's home; read when first used.
process.env.RETORT_CACHE_DIR = join(root, "cache");
after(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

/** Writes files into a new folder and returns the header of `main`. */
const write = (files: Record<string, string>, main: string): ScriptRevision => {
  const dir = join(root, `m${++count}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const path = join(dir, main);
  return readRevision(path, files[main]!);
};

/** An op stand-in that records what a migration asks for. */
const recorder = () => {
  const calls: unknown[] = [];
  return { calls, op: { execute: (sql: unknown) => void calls.push(sql) } };
};

const migration = (id: string, up: string, down = "op.execute('drop table t');") => `import type { Operations } from "retort-migrate";

export const revision = "${id}";
export const downRevision: string | null = null;

export async function upgrade(op: Operations & { execute(sql: string): void }): Promise<void> {
  ${up}
}

export async function downgrade(op: Operations & { execute(sql: string): void }): Promise<void> {
  ${down}
}
`;

const loadFailed = (message: string) => (error: unknown) => {
  assert.ok(isRetortError(error));
  assert.equal(error.code, "MIGRATION_LOAD_FAILED");
  assert.equal(error.message, message);
  return true;
};

describe("loadMigration", () => {
  test("a migration importing only types is compiled once and its functions run", async () => {
    const revision = write({ "a1.ts": migration("a1a1a1a1", "const n: number = 2; op.execute(`create table t${n}`);") }, "a1.ts");
    const module = await loadMigration(revision);
    const { calls, op } = recorder();
    await module.upgrade(op);
    await module.downgrade(op);
    assert.deepEqual(calls, ["create table t2", "drop table t"]);
    // The compiled body is cached under the hash of the source.
    const cached = readFileSync(join(root, "cache", `${hashSource(readFileSync(revision.path, "utf8"))}.js`), "utf8");
    assert.ok(cached.startsWith('"use strict";const revision = "a1a1a1a1";\n'), cached);
  });

  test("imports from retort-migrate are the running library itself, not a second copy", async () => {
    const source = migration("a5a5a5a5", 'op.execute(new RetortError("USAGE", "from the migration"));').replace(
      'import type { Operations } from "retort-migrate";',
      'import type { Operations } from "retort-migrate";\nimport { RetortError } from "retort-migrate";',
    );
    const revision = write({ "a5.ts": source }, "a5.ts");
    const { calls, op } = recorder();
    await (await loadMigration(revision)).upgrade(op);
    assert.ok(calls[0] instanceof RetortError);
    assert.equal((calls[0] as RetortError).message, "from the migration");
  });

  test("a migration with value imports is loaded as a real module, relative imports resolved", async () => {
    const revision = write(
      {
        "_sql.ts": `export const tableSql = (name: string): string => \`create table \${name} ()\`;\n`,
        "b1.ts": migration("b1b1b1b1", `const { tableSql } = await import("./_sql.js"); op.execute(tableSql("dyn"));`).replace(
          'import type { Operations } from "retort-migrate";',
          'import type { Operations } from "retort-migrate";\nimport { tableSql as make } from "./_sql.js";\nexport const made = make("x");',
        ),
      },
      "b1.ts",
    );
    const { calls, op } = recorder();
    await (await loadMigration(revision)).upgrade(op);
    assert.deepEqual(calls, ["create table dyn ()"]);
  });

  test("an ES-module helper imported by a migration also gets the running library for retort-migrate", async () => {
    // A helper compiled as CommonJS (a .ts file outside a "type": "module" package) resolves
    // retort-migrate by Node's require rules instead: module hooks do not reach require().
    const revision = write(
      {
        "_errors.mts": `import { RetortError } from "retort-migrate";\nexport const oops = (): RetortError => new RetortError("USAGE", "from a helper");\n`,
        "h1.ts": migration("a6a6a6a6", "op.execute(oops());").replace(
          'import type { Operations } from "retort-migrate";',
          'import type { Operations } from "retort-migrate";\nimport { oops } from "./_errors.mjs";',
        ),
      },
      "h1.ts",
    );
    const { calls, op } = recorder();
    await (await loadMigration(revision)).upgrade(op);
    assert.ok(calls[0] instanceof RetortError);
  });

  test("top-level await is allowed", async () => {
    const revision = write({ "c1.ts": migration("c1c1c1c1", "op.execute(sql);").replace("export async function upgrade", "const sql = await Promise.resolve('select 1');\nexport async function upgrade") }, "c1.ts");
    const { calls, op } = recorder();
    await (await loadMigration(revision)).upgrade(op);
    assert.deepEqual(calls, ["select 1"]);
  });

  test("an edited file is recompiled, not served from the cache", async () => {
    const source = migration("d1d1d1d1", "op.execute('first');");
    const revision = write({ "d1.ts": source }, "d1.ts");
    const { calls, op } = recorder();
    await (await loadMigration(revision)).upgrade(op);
    writeFileSync(revision.path, source.replace("'first'", "'second'"));
    await (await loadMigration(revision)).upgrade(op);
    assert.deepEqual(calls, ["first", "second"]);
  });

  test("prepareMigrations compiles ahead; loading afterwards gives the same modules", async () => {
    const revisions = [1, 2, 3].map((i) => write({ [`p${i}.ts`]: migration(`e${i}e${i}e${i}e${i}`, `op.execute('up ${i}');`) }, `p${i}.ts`));
    await prepareMigrations(revisions);
    const { calls, op } = recorder();
    for (const revision of revisions) await (await loadMigration(revision)).upgrade(op);
    assert.deepEqual(calls, ["up 1", "up 2", "up 3"]);
  });

  test("a syntax error is MIGRATION_LOAD_FAILED naming file:line:column", async () => {
    const revision = write({ "s1.ts": migration("f1f1f1f1", "op.execute('x'") }, "s1.ts");
    await assert.rejects(loadMigration(revision), loadFailed(`${revision.path}:8:1: Expected ")" but found "}"`));
  });

  test("a syntax error reported through prepareMigrations surfaces from loadMigration", async () => {
    const revision = write({ "s2.ts": migration("f2f2f2f2", "const = 1;") }, "s2.ts");
    await prepareMigrations([revision]);
    await assert.rejects(loadMigration(revision), loadFailed(`${revision.path}:7:9: Expected identifier but found "="`));
  });

  test("an error thrown while importing is MIGRATION_LOAD_FAILED with its first line", async () => {
    const revision = write({ "t1.ts": migration("a2a2a2a2", "").replace("export async function upgrade", 'throw new Error("cannot import\\ndetails");\nexport async function upgrade') }, "t1.ts");
    await assert.rejects(loadMigration(revision), loadFailed(`${revision.path} failed to load: cannot import`));
  });

  test("a missing downgrade is MALFORMED_REVISION_FILE", async () => {
    const source = `export const revision = "a3a3a3a3";\nexport const downRevision = null;\nexport async function upgrade() {}\n`;
    const revision = write({ "u1.ts": source }, "u1.ts");
    await assert.rejects(loadMigration(revision), {
      code: "MALFORMED_REVISION_FILE",
      message: `${revision.path}: no exported function downgrade(op)`,
    });
  });

  test("the revision the module exports must be the one its header declared", async () => {
    const revision = write({ "w1.ts": migration("a4a4a4a4", "") }, "w1.ts");
    const stale: ScriptRevision = { ...revision, id: revisionId("a4a4ffff") };
    await assert.rejects(loadMigration(stale), {
      code: "MALFORMED_REVISION_FILE",
      message: `${revision.path}: the module exports revision "a4a4a4a4" but its header reads "a4a4ffff"`,
    });
  });
});
