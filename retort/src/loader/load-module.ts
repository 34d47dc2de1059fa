// The one way retort loads a TypeScript (or JavaScript) file of the user's: the config, a
// migration, the models. Self-contained files (the usual case: values only from
// retort-migrate) are compiled once, cached by content, and evaluated as the body of a
// function, which is several times faster than a module import per file. Files with other
// imports are imported as ES modules through tsx. Both paths compile with the same
// options, and both carry source maps so that stack traces name lines of the .ts file.
import { compileBatch, compileModule, hashSource, readSource, type BatchFile, type Compiled } from "./compile-cache.js";
import { evaluateBody, loadLibrary } from "./evaluate.js";
import { importModule } from "./import-module.js";

export interface LoadModuleOptions {
  /**
   * What a function-body module's `import ... from "retort-migrate"` receives; the whole
   * library by default. The config loader passes a cheaper one for `defineConfig` alone.
   */
  readonly library?: (body: string) => Promise<unknown>;
}

/** Compilations started by prepareModules, by path. */
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
 * Compiles the files in parallel ahead of loading them (optional: a run that calls it first
 * saves the per-file compile latency). Errors surface from loadModule.
 */
export const prepareModules = async (paths: readonly string[]): Promise<void> => {
  const fresh = [...new Set(paths)].filter((path) => !prepared.has(path)).map((path) => ({ path, source: readSource(path) }));
  compileBatch(fresh).forEach((pending, index) => {
    pending.catch(() => {}); // reported by loadModule, not here
    prepared.set((fresh[index] as BatchFile).path, pending);
  });
  await Promise.allSettled(prepared.values());
};

/**
 * The file's exports. Compile errors are MIGRATION_LOAD_FAILED at file:line:column; what
 * the file throws while it runs propagates as it is, for the caller to put in context.
 */
export const loadModule = async (path: string, options: LoadModuleOptions = {}): Promise<Record<string, unknown>> => {
  const result = await compiled(path);
  if (result.code === null) return importModule(path, result.source);
  const body = result.code;
  return evaluateBody(path, body, () => (options.library ?? (() => loadLibrary()))(body), { cacheKey: result.hash });
};
