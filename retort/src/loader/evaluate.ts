// Runs a function-body module produced by compile-cache: the body of an async function
// (so top-level await works as in a module) that receives retort-migrate's exports.
import { Module } from "node:module";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { LIBRARY_PARAMETER } from "./compile-cache.js";

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
export const evaluateBody = async (
  path: string,
  body: string,
  library: () => Promise<unknown>,
): Promise<Record<string, unknown>> => {
  const api = body.includes(LIBRARY_PARAMETER) ? await library() : undefined;
  enableSourceMaps();
  // Compiled as a CommonJS module's text because that is where Node registers a source map
  // (vm.Script ignores it). The wrapper shares the first line and the map stays the last,
  // so the map's lines are the body's.
  const mapAt = body.lastIndexOf("\n//# sourceMappingURL=");
  const code = mapAt < 0 ? body : body.slice(0, mapAt);
  const map = mapAt < 0 ? "" : body.slice(mapAt);
  const holder = new Module(path) as unknown as CompilableModule;
  holder.filename = path;
  holder._compile(`module.exports = (async function (${LIBRARY_PARAMETER}) {${code}\n});${map}\n`, path);
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
