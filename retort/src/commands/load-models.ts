// Loading the models named in the config and building their Schema under the config's
// naming convention, for the commands that compare models with a database.
import type { ResolvedConfig } from "../config/index.js";
import { RetortError } from "../errors.js";
import { loadModule } from "../loader/index.js";
import { buildSchemaYielding, type NamingConvention } from "../schema/index.js";
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
  for (const file of files) values.push(...Object.values(await loadModelsModule(file)));
  // Yielding: the catalog queries run alongside, and their next query goes out only
  // when this lets the event loop run.
  return buildSchemaYielding(values, { namingConvention: config.config.namingConvention as NamingConvention });
};

const loadModelsModule = async (file: string): Promise<Record<string, unknown>> => {
  try {
    return await loadModule(file);
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
