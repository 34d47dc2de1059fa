// Turns TypeScript sources (migrations, the config file) into function bodies with esbuild
// and keeps the result in a per-user disk cache keyed by the source's hash, so that a run
// over 1,000 migrations transpiles only the files that changed since the last run, and a
// graph command pays for no transpiler at all once the config file is cached. Compilation
// is the cost that would otherwise dominate both.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, extname, join } from "node:path";
import { RetortError } from "../errors.js";
import { lineMapComment } from "./line-map.js";
import { sha256Hex } from "./sha256.js";

export interface Compiled {
  readonly path: string;
  readonly hash: string;
  readonly source: string;
  /**
   * The module as the body of an async function returning its exports, or null when the
   * module must be imported as a real ES module.
   */
  readonly code: string | null;
}

// Bump when the transform options change, so old cache entries are not reused.
export const CACHE_FORMAT = "6";

/** The one compile target for every file retort loads: the engines floor of package.json. */
export const COMPILE_TARGET = "node20";

const cacheDir = (): string | null => {
  const configured = process.env.RETORT_CACHE_DIR;
  if (configured === "off") return null;
  if (configured !== undefined && configured !== "") return configured;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "retort", "compiled");
};

let dirReady: string | null | undefined;

/** The cache folder, created on first use; null when caching is off or the folder cannot be made. */
export const ensureCacheDir = (): string | null => {
  if (dirReady !== undefined) return dirReady;
  const dir = cacheDir();
  try {
    if (dir !== null) mkdirSync(dir, { recursive: true, mode: 0o700 });
    dirReady = dir;
  } catch {
    // An unwritable home (a container's read-only file system) only costs speed.
    dirReady = null;
  }
  return dirReady;
};

/**
 * Writes a cache file whole or not at all: written beside it, then renamed, so a concurrent
 * reader never sees half a file. Best effort, as every cache write: an unwritable cache only
 * costs speed. True when the file was written.
 */
export const writeCacheFile = (file: string, data: string | Uint8Array): boolean => {
  try {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, file);
    return true;
  } catch {
    return false;
  }
};

export const readSource = (path: string): string => {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new RetortError("IO_FAILED", `could not read ${path}: ${(error as Error).message}`, { cause: error });
  }
};

// node:crypto is required on first need: a graph command hashes only the config, which the
// JavaScript SHA-256 does in less time than importing node:crypto takes. A run that hashes
// more (1,000 migrations, a large models file) moves to node:crypto once the text hashed in
// JavaScript passes the budget, so the JavaScript path costs a few milliseconds at most.
const require = createRequire(import.meta.url);
let nodeCrypto: typeof import("node:crypto") | undefined;
const sha256 = (text: string): string =>
  (nodeCrypto ??= require("node:crypto") as typeof import("node:crypto")).createHash("sha256").update(text).digest("hex");

const SCRIPT_HASH_BUDGET = 8192;
let hashedInScript = 0;

/** The cache key of a source: SHA-256 of the cache format and the text. */
export const hashSource = (source: string): string => {
  const text = `${CACHE_FORMAT}\0${source}`;
  if (nodeCrypto === undefined && hashedInScript + text.length <= SCRIPT_HASH_BUDGET) {
    hashedInScript += text.length;
    return sha256Hex(text);
  }
  return sha256(text);
};

const readCached = (hash: string): string | undefined => {
  const dir = ensureCacheDir();
  if (dir === null) return undefined;
  try {
    return readFileSync(join(dir, `${hash}.js`), "utf8");
  } catch {
    return undefined;
  }
};

const writeCached = (hash: string, code: string): void => {
  const dir = ensureCacheDir();
  if (dir !== null) writeCacheFile(join(dir, `${hash}.js`), code);
};

export const LIBRARY_PARAMETER = "__retortMigrate$";

const NAME = "[\\p{L}\\p{N}_$]+";
const SPEC = new RegExp(`^(${NAME})(?:\\s+as\\s+(${NAME}))?$`, "u");
const LIBRARY_IMPORT = /^import\s*(?:\{([^}]*)\}|\*\s*as\s+([\p{L}\p{N}_$]+))?\s*(?:from\s*)?"retort-migrate";?[ \t]*$/gmu;

/** `a, b as c` as pairs [exported, local]; null for anything else (string names). */
const specifiers = (list: string): [string, string][] | null => {
  const pairs: [string, string][] = [];
  for (const item of list.split(",")) {
    const spec = item.trim();
    if (spec === "") continue;
    const parts = SPEC.exec(spec);
    if (parts === null) return null;
    pairs.push([parts[1]!, parts[2] ?? parts[1]!]);
  }
  return pairs;
};

/**
 * A module that only defines its exports can run as the body of an async function, which
 * costs a fraction of a module import. esbuild's ESM output gathers the exports into one
 * trailing `export { a, b as c };`: that clause becomes the return value. Imports from
 * retort-migrate (an autogenerated migration's column builders) are bound to the running
 * library's own exports, passed in as a parameter, so that a migration and the runtime share
 * one instance of every class. Anything else that needs module semantics (another import,
 * require, dynamic import, import.meta, an export form left in place) returns null, and the
 * module is imported as a module.
 */
export const toFunctionBody = (code: string): string | null => {
  // The source map travels with the body, as its last line, so that the evaluator can hand it
  // to Node and stack traces name lines of the .ts file.
  const mapAt = code.search(/\n\/\/# sourceMappingURL=[^\n]*\s*$/);
  // A large map becomes a line map (line-map.ts): parsing it would cost more than the module.
  const map = mapAt < 0 ? "" : lineMapComment(code.slice(mapAt).trimEnd());
  const module = mapAt < 0 ? code : `${code.slice(0, mapAt)}\n`;
  let unsupported = false;
  const bound = module.replace(LIBRARY_IMPORT, (_whole, list: string | undefined, namespace: string | undefined) => {
    if (namespace !== undefined) return `const ${namespace} = ${LIBRARY_PARAMETER};`;
    if (list === undefined) return "";
    const pairs = specifiers(list);
    if (pairs === null) {
      unsupported = true;
      return "";
    }
    return `const { ${pairs.map(([name, local]) => (name === local ? name : `${name}: ${local}`)).join(", ")} } = ${LIBRARY_PARAMETER};`;
  });
  if (unsupported) return null;
  const clause = /(?:^|\n)export\s*\{([^}]*)\};?\s*$/.exec(bound);
  const body = clause === null ? bound : bound.slice(0, clause.index);
  if (/(?:^|[\n;])\s*(?:import|export)\b|\bimport\s*\(|\bimport\.meta\b|\brequire\s*\(/.test(body)) return null;
  const exported = specifiers(clause?.[1] ?? "");
  if (exported === null) return null;
  const entries = exported.map(([local, name]) => `${JSON.stringify(name)}: ${local}`);
  // The directive shares the first line: every line of the body stays where the map says.
  return `"use strict";${body}\nreturn { ${entries.join(", ")} };${map}`;
};

/** esbuild's options for every file: ESM for Node, with an inline source map. */
const transformOptions = (path: string) =>
  ({
    loader: loaderFor(path),
    format: "esm",
    platform: "node",
    target: COMPILE_TARGET,
    // Tagged templates (sql`now()`) lowered to calls with a per-site strings array: V8 finds
    // each site's template object by walking a list of those the script made so far, which
    // made a 10,000-table models module (20,000 sql`` sites) cost 30x a 1,000-table one.
    supported: { "template-literal": false },
    sourcefile: path,
    sourcemap: "inline",
    // The map points at the file on disk; carrying its text too would double every entry.
    sourcesContent: false,
    logLevel: "silent",
  }) as const;

/** The file as an ES module (for a module that must be imported as one). */
export const transpile = async (path: string, source: string): Promise<string> => {
  const { transform } = await import("esbuild");
  try {
    return (await transform(source, transformOptions(path))).code;
  } catch (error) {
    throw compileFailed(path, error);
  }
};

type EsbuildMessage = { text: string; location: { line: number; column: number } | null };

export const compileModule = async (path: string, source: string, hash = hashSource(source)): Promise<Compiled> => {
  const batched = fromBatch.get(path);
  if (batched !== undefined && batched.hash === hash) return batched;
  const cached = readCached(hash);
  if (cached !== undefined) return { path, hash, source, code: cached === "" ? null : cached };
  const code = toFunctionBody(await transpile(path, source));
  // An empty entry records "import through the loader".
  writeCached(hash, code ?? "");
  return { path, hash, source, code };
};

/** A file of a batch: its path and its text. */
export interface BatchFile {
  readonly path: string;
  readonly source: string;
}

type Pack = Record<string, string>;

/**
 * What batches compiled in this process, by path: a batch's files have no entry of their own
 * on disk, and a later compileModule of one (`retort lint` mapping a stack frame) must not
 * compile it again.
 */
const fromBatch = new Map<string, Compiled>();

/**
 * A batch (the migrations a run is about to apply) is cached as one pack per set of folders:
 * one file read on a warm start and one file written on a cold one, where an entry per file
 * cost a file created per migration (most of a cold run on a busy disk) and a file read per
 * migration. The pack maps content hashes to compiled bodies, so an edited or added file
 * costs only its own compilation. A smaller batch over the same folders (an upgrade of the
 * last two revisions after `lint --all`) keeps the other entries; stale ones (edited files)
 * are dropped, oldest first, once the pack holds twice the batch (at least 2,000).
 */
const packPath = (dir: string, files: readonly BatchFile[]): string => {
  const folders = [...new Set(files.map((file) => dirname(file.path)))].sort();
  const key = sha256(`${CACHE_FORMAT}\0${folders.join("\0")}`);
  return join(dir, `pack-${key}.json`);
};

const readPack = (file: string): Pack => {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Pack) : {};
  } catch {
    return {};
  }
};

const writePack = (file: string, pack: Pack): void => {
  writeCacheFile(file, JSON.stringify(pack));
};

/**
 * Compiles a batch through its pack: the files the pack (or an entry of their own) holds are
 * read, the others go to esbuild together, and the pack is rewritten once if anything was
 * compiled. One promise per file, in order; a file that does not compile rejects alone.
 */
export const compileBatch = (files: readonly BatchFile[]): Promise<Compiled>[] => {
  const dir = ensureCacheDir();
  if (dir === null || files.length === 0) return files.map((file) => compileModule(file.path, file.source));
  const file = packPath(dir, files);
  const pack = readPack(file);
  const next: Pack = {};
  let compiledAny = false;
  const results = files.map(async ({ path, source }): Promise<Compiled> => {
    const hash = hashSource(source);
    const known = pack[hash] ?? readCached(hash);
    let compiled: Compiled;
    if (typeof known === "string") {
      next[hash] = known;
      compiled = { path, hash, source, code: known === "" ? null : known };
    } else {
      const code = toFunctionBody(await transpile(path, source));
      next[hash] = code ?? "";
      compiledAny = true;
      compiled = { path, hash, source, code };
    }
    fromBatch.set(path, compiled);
    return compiled;
  });
  void Promise.allSettled(results).then(() => {
    if (!compiledAny) return;
    const limit = Math.max(2 * files.length, 2000);
    let size = Object.keys(next).length;
    for (const [hash, code] of Object.entries(pack)) {
      if (size >= limit) break;
      if (hash in next) continue;
      next[hash] = code;
      size++;
    }
    writePack(file, next);
  });
  return results;
};

export const loaderFor = (path: string): "ts" | "js" => ([".ts", ".mts", ".cts"].includes(extname(path)) ? "ts" : "js");

/** esbuild's first error as MIGRATION_LOAD_FAILED at file:line:column. */
export const compileFailed = (path: string, error: unknown): RetortError => {
  const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
  if (first === undefined) {
    return new RetortError("MIGRATION_LOAD_FAILED", `${path} could not be compiled: ${(error as Error).message.split("\n")[0]}`, {
      hint: "fix the migration file",
      cause: error,
      details: { file: path },
    });
  }
  const line = first.location?.line;
  const column = first.location === null ? undefined : first.location.column + 1;
  const where = line === undefined ? path : `${path}:${line}:${column}`;
  return new RetortError("MIGRATION_LOAD_FAILED", `${where}: ${first.text}`, {
    hint: "fix the syntax error in the migration file",
    cause: error,
    details: { file: path, ...(line === undefined ? {} : { line, column }) },
  });
};
