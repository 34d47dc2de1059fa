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
import { needsLegacyView, squashViews } from "../graph/squash.js";
import type { CommandContext } from "./context.js";

export interface Project {
  readonly config: ResolvedConfig;
  /** Every file's revision; in the squashed view's form (references to replaced revisions naming the squash) where that differs. */
  readonly revisions: ReadonlyMap<RevisionId, ScriptRevision>;
  /** Every file's revision exactly as written, for runs on the legacy graph. */
  readonly legacyRevisions: ReadonlyMap<RevisionId, ScriptRevision>;
  /** The history as a fresh database runs it: squashed revisions in place of those they replace. */
  readonly graph: RevisionGraph;
  /** With a squash whose replaced files are all present: the history as written, without the squash. */
  readonly legacyGraph: RevisionGraph | null;
  /** Each revision a squash replaces, mapped to that squash. Empty without squashes. */
  readonly replacedBy: ReadonlyMap<RevisionId, RevisionId>;
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
  const views = squashViews(scripts);
  const graph = buildGraph(views.squashed);
  const legacyGraph = views.legacy === null ? null : buildGraph(views.legacy);
  const written = new Map(scripts.map((script) => [script.id, script]));
  // Without a squash both views are the files as written: one map serves both.
  const revisions = views.legacy === null && views.squashed === scripts ? written : new Map([...written, ...views.squashed.map((script) => [script.id, script] as const)]);
  return { config, graph, legacyGraph, replacedBy: views.replacedBy, revisions, legacyRevisions: written };
};

/**
 * The graph to plan from for a database at `heads`: the legacy one while it is at a
 * revision a squash replaces (so it keeps using those files until past the squash point).
 */
export const graphFor = (project: Project, heads: readonly RevisionId[]): RevisionGraph => viewFor(project, heads).graph;

/** The graph and the revisions as that graph sees them, for a database at `heads`. */
export const viewFor = (project: Project, heads: readonly RevisionId[]): { graph: RevisionGraph; revisions: ReadonlyMap<RevisionId, ScriptRevision> } =>
  project.legacyGraph !== null && needsLegacyView(heads, project.replacedBy)
    ? { graph: project.legacyGraph, revisions: project.legacyRevisions }
    : { graph: project.graph, revisions: project.revisions };

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
