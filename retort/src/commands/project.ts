// Loading what most commands share, once per command: the config, the versions folders
// (headers only, nothing transpiled) and the revision graph; and the database target.
import { loadConfig, resolveDatabaseUrl, type ResolvedConfig } from "../config/index.js";
import type { VersionTableLocation } from "../dialects/index.js";
import { parseDatabaseUrl, type DatabaseTarget } from "../drivers/index.js";
import type { OperationsOptions } from "../ops/index.js";
import { buildGraph, type RevisionGraph, type RevisionId } from "../graph/index.js";
import { scanVersions, type ScriptRevision } from "../script/index.js";
import type { CommandContext } from "./context.js";

export interface Project {
  readonly config: ResolvedConfig;
  readonly revisions: ReadonlyMap<RevisionId, ScriptRevision>;
  readonly graph: RevisionGraph;
}

export const loadProjectConfig = (context: CommandContext): Promise<ResolvedConfig> =>
  loadConfig({
    cwd: context.cwd,
    ...(context.configPath === undefined ? {} : { configPath: context.configPath }),
    ...(context.args === undefined ? {} : { args: context.args }),
  });

export const loadProject = async (context: CommandContext, loaded?: ResolvedConfig): Promise<Project> => {
  const config = loaded ?? (await loadProjectConfig(context));
  const scripts = await scanVersions(config.config.versionLocations);
  const graph = buildGraph(scripts);
  return { config, graph, revisions: new Map(scripts.map((script) => [script.id, script])) };
};

export const versionTableOf = (config: ResolvedConfig): VersionTableLocation =>
  config.config.versionTableSchema === null
    ? { table: config.config.versionTable }
    : { table: config.config.versionTable, schema: config.config.versionTableSchema };

/** What createOperations needs from the config. */
/** The applied-migration log's table, in the version table's schema; undefined: no log. */
export const logTableOf = (config: ResolvedConfig): VersionTableLocation | undefined =>
  config.config.logTable === null
    ? undefined
    : config.config.versionTableSchema === null
      ? { table: config.config.logTable }
      : { table: config.config.logTable, schema: config.config.versionTableSchema };

export const operationsOptionsOf = (config: ResolvedConfig): OperationsOptions => ({
  namingConvention: config.config.namingConvention as NonNullable<OperationsOptions["namingConvention"]>,
  args: config.args,
});

export interface ResolvedTarget {
  readonly target: DatabaseTarget;
  readonly source: "--url" | "DATABASE_URL" | "config" | "default";
}

export const databaseTarget = (context: CommandContext, config: ResolvedConfig): ResolvedTarget => {
  const resolved = resolveDatabaseUrl({ flag: context.url, env: context.env, config });
  const target = parseDatabaseUrl(resolved.raw, context.cwd);
  const extensions = config.config.pgliteExtensions;
  return { target: target.kind === "pglite" && extensions.length > 0 ? { ...target, extensions } : target, source: resolved.source };
};
