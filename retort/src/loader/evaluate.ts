// Runs a function-body module produced by compile-cache: the body of an async function
// (so top-level await works as in a module) that receives retort-migrate's exports.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { Module } from "node:module";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { ensureCacheDir, LIBRARY_PARAMETER, writeCacheFile } from "./compile-cache.js";
import { sha256Hex } from "./sha256.js";

/** What Node's CommonJS loader offers beyond its typings: compiling a module from text. */
interface CompilableModule {
  filename: string;
  exports: unknown;
  _compile(code: string, filename: string): void;
}

/**
 * Stack traces name lines of the .ts file: Node reads the inline map of every module
 * compiled after this (ours, and tsx's for what a migration imports).
 */
export const enableSourceMaps = (): void => {
  process.setSourceMapsEnabled(true);
};

/**
 * `library` is asked for only when the body uses retort-migrate, so a module that imports
 * nothing from it costs no library load. Errors thrown while evaluating propagate as they are.
 */
/**
 * From this size on, a body (in practice a generated models module: 9 MB for 10,000 tables)
 * is compiled with V8's code cache, where compiling it, and then each of its table callbacks
 * on first call, costs more than everything else its load does. Such a body is run as a
 * vm.Script, which registers no source map: a --verbose trace of an error inside it names
 * lines of the compiled JavaScript. Smaller bodies keep the map.
 */
export const CODE_CACHE_MIN_BYTES = 512 * 1024;

/**
 * Where V8's code for a compiled body is kept, or null without a cache folder. The name
 * carries the body's content key, not just its path: V8 checks cached data against the
 * source's length, not its text, so an edit that kept the length would be served stale code.
 */
const codeCachePlace = (path: string, key: string): { readonly dir: string; readonly prefix: string; readonly file: string } | null => {
  const dir = ensureCacheDir();
  if (dir === null) return null;
  const prefix = `code-${sha256Hex(path).slice(0, 16)}-`;
  return { dir, prefix, file: join(dir, `${prefix}${key}-${process.version}-${process.arch}.v8`) };
};

const readCodeCache = (file: string): Buffer | undefined => {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
};

/**
 * Written after the module has run, so the callbacks it called are compiled in it too; the
 * file kept for an earlier version of the same module is removed (they are tens of MB).
 */
const writeCodeCache = (place: { readonly dir: string; readonly prefix: string; readonly file: string }, data: Buffer): void => {
  if (!writeCacheFile(place.file, data)) return;
  const kept = place.file.slice(place.dir.length + 1);
  try {
    for (const name of readdirSync(place.dir)) {
      if (name.startsWith(place.prefix) && name.endsWith(".v8") && name !== kept) rmSync(join(place.dir, name), { force: true });
    }
  } catch {
    // An old file left behind costs only disk.
  }
};

export interface EvaluateOptions {
  /** The compiled body's cache key: with one, a large body uses V8's code cache. */
  readonly cacheKey?: string;
}

export const evaluateBody = async (
  path: string,
  body: string,
  library: () => Promise<unknown>,
  options: EvaluateOptions = {},
): Promise<Record<string, unknown>> => {
  const api = body.includes(LIBRARY_PARAMETER) ? await library() : undefined;
  // The map stays the last line, after the wrapper's closing line, so its lines are the body's.
  const mapAt = body.lastIndexOf("\n//# sourceMappingURL=");
  const code = mapAt < 0 ? body : body.slice(0, mapAt);
  const wrapped = `(async function (${LIBRARY_PARAMETER}) {${code}\n})`;
  const place = options.cacheKey !== undefined && body.length >= CODE_CACHE_MIN_BYTES ? codeCachePlace(path, options.cacheKey) : null;
  if (place !== null) {
    const cachedData = readCodeCache(place.file);
    // V8 rejects data made by another version, other flags or a source of another length.
    const script = new Script(wrapped, { filename: path, ...(cachedData === undefined ? {} : { cachedData }) });
    const factory = script.runInThisContext() as (api: unknown) => Promise<Record<string, unknown>>;
    const exports = await factory(api);
    if (cachedData === undefined || script.cachedDataRejected === true) writeCodeCache(place, script.createCachedData());
    return exports;
  }
  enableSourceMaps();
  // Compiled as a CommonJS module's text because that is where Node registers a source map
  // (vm.Script ignores it).
  const holder = new Module(path) as unknown as CompilableModule;
  holder.filename = path;
  holder._compile(`module.exports = ${wrapped};${mapAt < 0 ? "" : body.slice(mapAt)}\n`, path);
  const factory = holder.exports as (api: unknown) => Promise<Record<string, unknown>>;
  return await factory(api);
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
