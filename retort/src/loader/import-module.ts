// Imports a TypeScript file that needs real module semantics (it imports other files of the
// project). The file is compiled as ESM into a hidden .mjs beside it, so that relative
// imports resolve as written whatever the nearest package.json says, and imported through
// tsx (which compiles the TypeScript those imports reach) registered once per process under
// a namespace of its own, so that it neither depends on nor disturbs a loader the host has.
import { rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { transpile } from "./compile-cache.js";
import { enableSourceMaps, libraryUrl } from "./evaluate.js";

type Importer = (specifier: string) => Promise<Record<string, unknown>>;

let importer: Promise<Importer> | undefined;

const getImporter = (): Promise<Importer> =>
  (importer ??= (async () => {
    const { register } = await import("tsx/esm/api");
    const scoped = register({ namespace: "retort" });
    // Registered after tsx so that it runs first: "retort-migrate", in the file or in any
    // helper it imports, is the library that is running, never a second copy of it (its
    // classes must be the runtime's for instanceof checks to hold).
    const { register: registerHooks } = await import("node:module");
    registerHooks(`data:text/javascript,${encodeURIComponent(resolveHook(libraryUrl()))}`);
    return (specifier: string) => scoped.import(specifier, import.meta.url) as Promise<Record<string, unknown>>;
  })());

const resolveHook = (url: string): string => `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "retort-migrate") return { url: ${JSON.stringify(url)}, shortCircuit: true };
  return nextResolve(specifier, context);
}
`;

let loads = 0;

/**
 * The module's namespace. Each call imports the file afresh (a new hidden name), so a
 * file edited since an earlier load in the same process is read again; what it imports is
 * Node's to cache. Errors (compile errors as MIGRATION_LOAD_FAILED) propagate.
 */
export const importModule = async (path: string, source: string): Promise<Record<string, unknown>> => {
  const code = await transpile(path, source);
  const load = await getImporter();
  enableSourceMaps();
  const shadow = join(dirname(path), `.${basename(path)}.${process.pid}.${++loads}.retort.mjs`);
  let target = shadow;
  try {
    writeFileSync(shadow, code, { flag: "wx" });
  } catch {
    // A read-only folder: let tsx compile the file itself (its package type decides ESM/CJS).
    target = path;
  }
  try {
    const namespace = await load(pathToFileURL(target).href);
    // CommonJS through tsx: its module.exports (marked __esModule) is the default export.
    const fallback = namespace.default as { __esModule?: unknown } | null | undefined;
    if (target === path && typeof fallback === "object" && fallback !== null && fallback.__esModule === true) {
      return fallback as Record<string, unknown>;
    }
    return namespace;
  } finally {
    if (target === shadow) rmSync(shadow, { force: true });
  }
};
