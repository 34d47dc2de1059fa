// With --verbose, the stack trace of an error thrown in a migration names the line of the
// .ts file as written, not of the JavaScript it was compiled to (types, interfaces and blank
// lines removed). Both ways a migration is loaded: evaluated from the compile cache, and
// imported as a module because it imports a file of the project.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ensureBuilt, retort, tempProject, writeProject } from "./harness.js";

/** A migration whose upgrade throws on line 18, after lines that compile to nothing. */
const failing = (revision: string, imports: string): string =>
  [
    'import type { Operations } from "retort-migrate";', // 1
    imports, // 2
    "", // 3
    "interface Row {", // 4
    "  id: number;", // 5
    "  name: string;", // 6
    "}", // 7
    "", // 8
    "type Rows = readonly Row[];", // 9
    "", // 10
    `export const revision = "${revision}";`, // 11
    "export const downRevision: string | null = null;", // 12
    "", // 13
    "export async function upgrade(op: Operations): Promise<void> {", // 14
    "  const rows: Rows = [];", // 15
    "", // 16
    "  void op;", // 17
    '  if (rows.length === 0) throw new Error("no rows to seed");', // 18
    "}", // 19
    "", // 20
    "export async function downgrade(_op: Operations): Promise<void> {}", // 21
    "",
  ].join("\n");

describe("stack traces of a failing migration", () => {
  const project = tempProject("sourcemaps");
  const env = { DATABASE_URL: "pglite://memory", RETORT_CACHE_DIR: "off" };
  before(() => {
    ensureBuilt();
    writeProject(project.dir);
  });
  after(() => project.remove());

  const traceOf = async (file: string, source: string): Promise<string> => {
    const path = join(project.dir, "migrations", "versions", file);
    writeFileSync(path, source);
    try {
      const result = await retort(project.dir, ["upgrade", "head", "--verbose"], { env });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /no rows to seed/);
      return result.stderr;
    } finally {
      rmSync(path);
    }
  };

  test("a self-contained migration, evaluated from the compile cache, points at line 18", async () => {
    const file = "a1_seed.ts";
    const stderr = await traceOf(file, failing("aaaa0001", ""));
    const path = join(project.dir, "migrations", "versions", file);
    assert.ok(stderr.includes(`${path}:18:`), stderr);
  });

  test("a migration imported as a module (it imports a helper) points at line 18", async () => {
    writeFileSync(join(project.dir, "migrations", "helper.ts"), "export const table: string = 'users';\n");
    const file = "b1_seed.ts";
    const stderr = await traceOf(file, failing("bbbb0001", 'import { table } from "../helper.js"; void table;'));
    const path = join(project.dir, "migrations", "versions", file);
    assert.ok(stderr.includes(`${path}:18:`), stderr);
  });
});
