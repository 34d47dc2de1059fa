// Loads a migration module only when it is about to run. Self-contained modules (the usual
// case: a migration imports types, and values only from retort-migrate) are compiled once,
// cached, and evaluated as the body of a function, which is several times faster than a
// module import per file. Modules with other imports go through tsx's loader, registered
// once per process under a namespace of its own so that it neither depends on nor disturbs
// a loader the host may have.
import { rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { RetortError } from "../errors.js";
import {
  compileFailed,
  compileModule,
  hashSource,
  loaderFor,
  readSource,
  type Compiled,
} from "../loader/compile-cache.js";
import { evaluateBody, libraryUrl, loadLibrary } from "../loader/evaluate.js";
import type { ScriptRevision } from "./script-revision.js";

export interface MigrationModule {
  upgrade(op: unknown): Promise<void> | void;
  downgrade(op: unknown): Promise<void> | void;
}

type Importer = (specifier: string) => Promise<Record<string, unknown>>;

let importer: Promise<Importer> | undefined;

const getImporter = (): Promise<Importer> =>
  (importer ??= (async () => {
    const { register } = await import("tsx/esm/api");
    const scoped = register({ namespace: "retort-migrations" });
    // Registered after tsx so that it runs first: "retort-migrate", in a migration or in any
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

/** Compilations started by prepareMigrations, by path. */
const prepared = new Map<string, Promise<Compiled>>();

const compiled = (path: string): Promise<Compiled> => {
  const source = readSource(path);
  const hash = hashSource(source);
  const early = prepared.get(path);
  if (early !== undefined) {
    prepared.delete(path);
    return early.then(
      (result) => (result.hash === hash ? result : compileModule(path, source, hash)),
      () => compileModule(path, source, hash),
    );
  }
  return compileModule(path, source, hash);
};

/**
 * Compiles the given revisions' files in parallel ahead of running them (optional: a run
 * that calls it first saves the per-file compile latency). Errors surface from loadMigration.
 */
export const prepareMigrations = async (revisions: readonly ScriptRevision[]): Promise<void> => {
  for (const revision of revisions) {
    if (prepared.has(revision.path)) continue;
    const source = readSource(revision.path);
    const pending = compileModule(revision.path, source);
    pending.catch(() => {}); // reported by loadMigration, not here
    prepared.set(revision.path, pending);
  }
  await Promise.allSettled(prepared.values());
};

export const loadMigration = async (revision: ScriptRevision): Promise<MigrationModule> => {
  const result = await compiled(revision.path);
  const exported = result.code === null ? await importModule(revision.path, result.source) : await evaluate(revision.path, result.code);
  if (exported.revision !== revision.id) {
    throw new RetortError(
      "MALFORMED_REVISION_FILE",
      `${revision.path}: the module exports revision ${JSON.stringify(exported.revision)} but its header reads "${revision.id}"`,
      { hint: "declare `export const revision` once, as a string literal", details: { file: revision.path } },
    );
  }
  for (const name of ["upgrade", "downgrade"] as const) {
    if (typeof exported[name] !== "function") {
      throw new RetortError("MALFORMED_REVISION_FILE", `${revision.path}: no exported function ${name}(op)`, {
        hint: `add \`export async function ${name}(op: Operations): Promise<void> { ... }\``,
        details: { file: revision.path },
      });
    }
  }
  return {
    upgrade: exported.upgrade as MigrationModule["upgrade"],
    downgrade: exported.downgrade as MigrationModule["downgrade"],
  };
};

const evaluate = async (path: string, body: string): Promise<Record<string, unknown>> => {
  try {
    // A migration's `import { ... } from "retort-migrate"` is this very library, loaded once.
    return await evaluateBody(path, body, loadLibrary);
  } catch (error) {
    throw loadFailed(path, error);
  }
};

/**
 * Imports a module that needs real module semantics. Migration files are ES modules
 * whatever the nearest package.json says, so the code is compiled as ESM into a hidden
 * .mjs beside the source (relative imports then resolve as written; scanVersions skips dot
 * files) and imported through tsx, which also compiles the TypeScript it imports.
 */
const importModule = async (path: string, source: string): Promise<Record<string, unknown>> => {
  const load = await getImporter();
  const { transform } = await import("esbuild");
  let code: string;
  try {
    code = (await transform(source, { loader: loaderFor(path), format: "esm", platform: "node", target: "node22", sourcefile: path, logLevel: "silent" })).code;
  } catch (error) {
    throw compileFailed(path, error);
  }
  const shadow = join(dirname(path), `.${basename(path)}.${process.pid}.retort.mjs`);
  let target = shadow;
  try {
    writeFileSync(shadow, code, { flag: "wx" });
  } catch {
    // A read-only folder: let tsx compile the file itself (its package type decides ESM/CJS).
    target = path;
  }
  try {
    const namespace = await load(pathToFileURL(target).href);
    if (typeof namespace.upgrade === "function" || "revision" in namespace) return namespace;
    // CommonJS through tsx: the exports are also under `default`.
    const fallback = namespace.default;
    return typeof fallback === "object" && fallback !== null ? (fallback as Record<string, unknown>) : namespace;
  } catch (error) {
    throw loadFailed(path, error);
  } finally {
    if (target === shadow) rmSync(shadow, { force: true });
  }
};

const loadFailed = (path: string, error: unknown): RetortError => {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split("\n").find((line) => line.trim() !== "") ?? "unknown error";
  return new RetortError("MIGRATION_LOAD_FAILED", `${path} failed to load: ${first.trim()}`, {
    hint: "fix the error raised while importing the migration (run with --verbose for the stack trace)",
    cause: error,
    details: { file: path },
  });
};
