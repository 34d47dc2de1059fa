// Fresh PGlite data directories for tests. Initialising one takes seconds, copying one a
// few milliseconds: each test process initialises a template once and copies it.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

let template: Promise<string> | undefined;
const made: string[] = [];

process.on("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const initialise = async (): Promise<string> => {
  const root = mkdtempSync(join(tmpdir(), "backend-pglite-template-"));
  made.push(root);
  const dir = join(root, "data");
  const db = await PGlite.create(dir);
  await db.close();
  return dir;
};

export interface FreshPglite {
  /** pglite:// URL of a new, empty, initialised data directory. */
  readonly url: string;
  /** The temporary folder holding it, free for other files. */
  readonly root: string;
  cleanup(): Promise<void>;
}

export const freshPglite = async (): Promise<FreshPglite> => {
  template ??= initialise();
  const source = await template;
  const root = mkdtempSync(join(tmpdir(), "backend-pglite-"));
  const dir = join(root, "data");
  cpSync(source, dir, { recursive: true });
  return { url: `pglite://${dir}`, root, cleanup: async () => rmSync(root, { recursive: true, force: true }) };
};
