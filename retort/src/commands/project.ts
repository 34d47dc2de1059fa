// Loading what most commands share, once per command: the config, the versions folders
// (headers only, nothing transpiled) and the revision graph; and the database target.
// Each module named directly rather than through its layer's index: every command starts
// here, and `heads` on 1,000 revisions must not pay for loading what only writing commands use.
import { resolveDatabaseUrl } from "../config/database-url.js";
import { loadConfig } from "../config/load.js";
import type { ResolvedConfig } from "../config/resolved.js";
import type { VersionTableLocation } from "../dialects/index.js";
import { parseDatabaseUrl, type DatabaseTarget } from "../drivers/url.js";
import type { OperationsOptions } from "../ops/index.js";
import { buildGraph, type RevisionGraph } from "../graph/build.js";
import type { RevisionId } from "../graph/types.js";
import { scanVersions } from "../script/scan-versions.js";
import type { ScriptRevision } from "../script/script-revision.js";
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
