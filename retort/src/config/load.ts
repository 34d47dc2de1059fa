// Finds and loads retort.config.{ts,mts,js,mjs}; a folder without one costs nothing.
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parseDuration } from "../duration.js";
import { isRetortError, RetortError } from "../errors.js";
import { libraryNamesUsed, loadLibrary, loadModule } from "../loader/index.js";
import { DEFAULT_LOG_TABLE, DEFAULT_VERSION_TABLE, defineConfig, type RetortConfig } from "./define-config.js";
import { DEFAULT_LOCK_RETRIES, type ResolvedConfig, type ResolvedSettings } from "./resolved.js";
import { validateConfig } from "./validate.js";

export const CONFIG_FILE_NAMES = ["retort.config.ts", "retort.config.mts", "retort.config.js", "retort.config.mjs"] as const;

export interface LoadConfigOptions {
  readonly cwd: string;
  /** --config: a file that must exist, relative to cwd. */
  readonly configPath?: string;
  /** -x key=value; a config exporting a function receives them. */
  readonly args?: Readonly<Record<string, string>>;
}

export const loadConfig = async (options: LoadConfigOptions): Promise<ResolvedConfig> => {
  const cwd = resolve(options.cwd);
  const args = options.args ?? {};
  const file = findConfigFile(cwd, options.configPath);
  if (file === null) return { root: cwd, file: null, config: resolveSettings({}, cwd, null), args };
  const root = dirname(file);
  const config = validateConfig(await evaluateConfig(await importConfig(file), file, args), file);
  return { root, file, config: resolveSettings(config, root, file), args };
};

const findConfigFile = (cwd: string, configPath: string | undefined): string | null => {
  if (configPath !== undefined) {
    const file = resolve(cwd, configPath);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new RetortError("CONFIG_NOT_FOUND", `config file ${file} does not exist`, {
        hint: "check the --config path, or leave it out to use retort.config.ts in the current folder",
        details: { file },
      });
    }
    return file;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = resolve(cwd, name);
    if (existsSync(file)) return file;
  }
  return null;
};

// Most configs import only defineConfig: they are compiled once (cached by content, as
// migrations are) and evaluated as a function body, which keeps a graph command free of any
// transpiler or loader on the hot path, and of the library beyond defineConfig.
const importConfig = async (file: string): Promise<unknown> => {
  let namespace: Record<string, unknown>;
  try {
    namespace = await loadModule(file, { library: libraryFor });
  } catch (error) {
    const reason = isRetortError(error) ? error.message : firstLine(error);
    throw new RetortError("CONFIG_INVALID", `${file} failed to load: ${reason}`, {
      hint: "fix the error in the config file (run with --verbose for the stack trace)",
      cause: error,
      details: { file },
    });
  }
  return unwrapDefault(namespace.default);
};

/** A config exported as a function is called with the run's arguments. */
const evaluateConfig = async (value: unknown, file: string, args: Readonly<Record<string, string>>): Promise<unknown> => {
  if (typeof value !== "function") return value;
  try {
    return await (value as (context: { args: Readonly<Record<string, string>> }) => unknown)({ args });
  } catch (error) {
    const reason = isRetortError(error) ? error.message : firstLine(error);
    throw new RetortError("CONFIG_INVALID", `${file}: the config function failed: ${reason}`, {
      hint: "fix the error in the config function (run with --verbose for the stack trace)",
      cause: error,
      details: { file },
    });
  }
};

/** defineConfig alone needs no library load; anything else gets the whole library. */
const libraryFor = async (body: string): Promise<unknown> => {
  const names = libraryNamesUsed(body);
  if (names !== null && names.every((name) => name === "defineConfig")) return { defineConfig };
  return loadLibrary();
};

// A .ts file outside an ESM package is compiled to CommonJS, and Node then presents its
// module.exports (holding `default`) as the default export.
const unwrapDefault = (value: unknown): unknown => {
  if (typeof value === "object" && value !== null && "__esModule" in value) {
    return (value as { default?: unknown }).default;
  }
  if (typeof value === "object" && value !== null && Object.keys(value).length === 1 && "default" in value) {
    return (value as { default: unknown }).default;
  }
  return value;
};

const firstLine = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  // esbuild prefixes syntax errors with a summary line; the location is on the next one.
  if (lines.length > 1 && /^Transform failed with \d+ errors?:?$/.test(lines[0]!)) return lines[1]!;
  return lines[0] ?? "unknown error";
};

const resolveSettings = (config: RetortConfig, root: string, file: string | null): ResolvedSettings => {
  const at = (path: string): string => (isAbsolute(path) ? path : resolve(root, path));
  const migrations = at(config.migrations ?? "migrations");
  let template: string | null;
  if (config.template !== undefined) {
    template = at(config.template);
    if (!existsSync(template)) {
      throw new RetortError("CONFIG_INVALID", `${file ?? root}: "template" names ${template}, which does not exist`, {
        hint: "create the template file or remove the template key to use <migrations>/script.ts.tmpl",
      });
    }
  } else {
    const candidate = resolve(migrations, "script.ts.tmpl");
    template = existsSync(candidate) ? candidate : null;
  }
  const models = config.models === undefined ? [] : typeof config.models === "string" ? [config.models] : config.models;
  return {
    url: config.url ?? null,
    migrations,
    versionLocations: (config.versionLocations ?? [resolve(migrations, "versions")]).map(at),
    template,
    versionTable: config.versionTable ?? DEFAULT_VERSION_TABLE,
    versionTableSchema: config.versionTableSchema ?? null,
    logTable: config.logTable === false ? null : (config.logTable ?? DEFAULT_LOG_TABLE),
    editedMigrations: config.editedMigrations ?? "warn",
    models: models.map(at),
    exclude: { tables: config.exclude?.tables ?? [], schemas: config.exclude?.schemas ?? [] },
    schemas: config.schemas ?? null,
    namingConvention: config.namingConvention ?? {},
    revisionIdLength: config.revisionIdLength ?? 12,
    fileTemplate: config.fileTemplate ?? "%(rev)s_%(slug)s",
    lint: { rules: config.lint?.rules ?? {}, largeTableRows: config.lint?.largeTableRows ?? null },
    autogenerate: { safe: config.autogenerate?.safe ?? false },
    lockTimeoutMs: config.lockTimeout === undefined ? null : parseDuration(config.lockTimeout),
    lockRetries: config.lockRetries ?? DEFAULT_LOCK_RETRIES,
    statementTimeoutMs: config.statementTimeout === undefined ? null : parseDuration(config.statementTimeout),
    postWrite: config.postWrite ?? [],
    pgliteExtensions: config.pgliteExtensions ?? [],
    tenants: config.tenants ?? null,
  };
};
