// PGlite data directories for tests. Initialising one takes seconds, copying an initialised
// one a fraction of that, so each test process initialises a single template directory and
// hands out copies of it. Everything is removed when the process exits.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let root: string | undefined;
let template: Promise<string> | undefined;
let copies = 0;

const testRoot = (): string => {
  if (root === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "retort-pglite-"));
    root = dir;
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return root;
};

const initTemplate = async (): Promise<string> => {
  const dir = join(testRoot(), "template");
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(dir);
  await db.close();
  return dir;
};

/** A new, empty, initialised PGlite data directory of this test's own. */
export const freshPgliteDir = async (): Promise<string> => {
  template ??= initTemplate();
  const source = await template;
  const dir = join(testRoot(), `db-${++copies}`);
  cpSync(source, dir, { recursive: true });
  return dir;
};

/** A path for a directory that does not exist yet (for tests of creation). */
export const unusedPgliteDir = (): string => join(testRoot(), `new-${++copies}`);
