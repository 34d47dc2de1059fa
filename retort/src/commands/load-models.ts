// Loading the models named in the config and building their Schema under the config's
// naming convention, for the commands that compare models with a database.
import { pathToFileURL } from "node:url";
import type { ResolvedConfig } from "../config/index.js";
import { RetortError } from "../errors.js";
import { compileModule, readSource } from "../loader/compile-cache.js";
import { evaluateBody, loadLibrary } from "../loader/evaluate.js";
import { buildSchema, type NamingConvention } from "../schema/index.js";
import type { Schema } from "../schema/types.js";

/** Loads the models module(s) and builds their Schema under the config's naming convention. */
export const loadModels = async (config: ResolvedConfig): Promise<Schema> => {
  const files = config.config.models;
  if (files.length === 0) {
    throw new RetortError("CONFIG_INVALID", `${config.file ?? "the configuration"} names no models module`, {
      hint: 'add `models: "./app/models/index.ts"` (or a list) to retort.config.ts; `retort pull` writes one from an existing database',
    });
  }
  const values: unknown[] = [];
  const needModules: string[] = [];
  for (const file of files) {
    const exported = await evaluateModels(file);
    if (exported === null) needModules.push(file);
    else values.push(...Object.values(exported));
  }
  if (needModules.length > 0) {
    // tsx's loader is registered without a namespace, for this import only: the models'
    // `import ... from "retort-migrate"` then resolves to the modules this process has
    // already loaded instead of a second copy of the whole library (twice the start-up work
    // on a large schema, and builders that fail `instanceof` checks). The query string
    // makes a second load in the same process read the file again.
    const { register } = await import("tsx/esm/api");
    const unregister = register();
    try {
      for (const file of needModules) values.push(...Object.values(await importModels(file)));
    } finally {
      await unregister();
    }
  }
  return buildSchema(values, { namingConvention: config.config.namingConvention as NamingConvention });
};

let loads = 0;

/**
 * A self-contained models module (one that imports only retort-migrate, as `retort pull`
 * writes it) runs from the compile cache as a function body, with no module loader at all;
 * null when the module needs real module semantics (it imports other files).
 */
const evaluateModels = async (file: string): Promise<Record<string, unknown> | null> => {
  try {
    const compiled = await compileModule(file, readSource(file));
    if (compiled.code === null) return null;
    return await evaluateBody(file, compiled.code, loadLibrary);
  } catch (error) {
    throw modelsFailed(file, error);
  }
};

const modelsFailed = (file: string, error: unknown): RetortError => {
  const first = (error instanceof Error ? error.message : String(error)).split("\n").find((line) => line.trim() !== "") ?? "unknown error";
  return new RetortError("MODELS_LOAD_FAILED", `the models module ${file} failed to load: ${first.trim()}`, {
    hint: "fix the error in the models module (run with --verbose for the stack trace)",
    cause: error,
    details: { file },
  });
};

const importModels = async (file: string): Promise<Record<string, unknown>> => {
  try {
    return (await import(`${pathToFileURL(file).href}?retort-load=${++loads}`)) as Record<string, unknown>;
  } catch (error) {
    throw modelsFailed(file, error);
  }
};
