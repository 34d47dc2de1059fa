// Runs a function-body module produced by compile-cache: the body of an async function
// (so top-level await works as in a module) that receives retort-migrate's exports.
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { LIBRARY_PARAMETER, readCodeCache, writeCodeCache } from "./compile-cache.js";

/**
 * `library` is asked for only when the body uses retort-migrate, so a module that imports
 * nothing from it costs no library load. Errors thrown while evaluating propagate as they are.
 */
export const evaluateBody = async (
  path: string,
  body: string,
  library: () => Promise<unknown>,
  /** The body's compile-cache hash: V8's code cache for it is read and, when missing, written. */
  codeCacheKey?: string,
): Promise<Record<string, unknown>> => {
  const api = body.includes(LIBRARY_PARAMETER) ? await library() : undefined;
  const cachedData = codeCacheKey === undefined ? undefined : readCodeCache(codeCacheKey);
  // The wrapper shares the first line so that line numbers in stack traces match the code.
  const script = new Script(`(async function (${LIBRARY_PARAMETER}) {${body}\n})`, {
    filename: path,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const factory = script.runInThisContext() as (api: unknown) => Promise<Record<string, unknown>>;
  const exports = await factory(api);
  // Made after the run, so that it holds the functions the run compiled lazily too.
  if (codeCacheKey !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    writeCodeCache(codeCacheKey, script.createCachedData());
  }
  return exports;
};

/** The names a body destructures from retort-migrate, or null when it takes the whole namespace. */
export const libraryNamesUsed = (body: string): string[] | null => {
  const names: string[] = [];
  for (const match of body.matchAll(new RegExp(`const (\\{[^}]*\\}|[\\p{L}\\p{N}_$]+) = ${LIBRARY_PARAMETER.replace("$", "\\$")};`, "gu"))) {
    const binding = match[1]!;
    if (!binding.startsWith("{")) return null;
    for (const part of binding.slice(1, -1).split(",")) {
      const name = part.split(":")[0]!.trim();
      if (name !== "") names.push(name);
    }
  }
  return names;
};

let library: Promise<unknown> | undefined;

/**
 * This library's own entry point (index.ts from source, index.js when built), loaded once:
 * what a loaded module's `import ... from "retort-migrate"` receives, so that it shares every
 * class with the running process instead of loading a second copy.
 */
export const loadLibrary = (): Promise<unknown> => (library ??= import(libraryUrl()));

/** This library's entry point: index.ts when running from source, index.js when built. */
export const libraryUrl = (): string => new URL(`../index${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
