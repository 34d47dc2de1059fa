// What the shadow commands (verify, check --drift, pull --baseline, squash) take from the
// project: the shadow database opened under its config, the rules both sides are read
// with, and the options a replay runs under.
import type { RunOptions } from "../runtime/index.js";
import { openShadow, type ReadRules, type Shadow } from "../shadow/index.js";
import type { CommandContext } from "./context.js";
import { databaseTarget, operationsOptionsOf, versionTableOf, type Project } from "./project.js";

export const openProjectShadow = (project: Project, context: CommandContext, shadowUrl: string | undefined): Promise<Shadow> =>
  openShadow({
    ...(shadowUrl === undefined ? {} : { url: shadowUrl }),
    cwd: context.cwd,
    // The shadow speaks the project's dialect: its URL kind decides the in-memory default.
    projectKind: databaseTarget(context, project.config).target.kind,
    extensions: project.config.config.pgliteExtensions,
    versionTable: versionTableOf(project.config),
  });

// The applied-migration log table (issue 12's `logTable`, default retort_log; false: none)
// is read defensively: a config without the key names the default.
const logTableOf = (project: Project): string[] => {
  const configured = (project.config.config as { readonly logTable?: string | false }).logTable;
  return configured === false ? [] : [configured ?? "retort_log"];
};

export const readRulesOf = (project: Project): ReadRules => ({
  schemas: project.config.config.schemas,
  exclude: project.config.config.exclude,
  internalTables: logTableOf(project),
});

/** A replay needs no lock timeouts or retries: nobody else uses the shadow. */
export const replayOptionsOf = (project: Project, context: CommandContext): RunOptions => ({
  cwd: context.cwd,
  operations: operationsOptionsOf(project.config),
});
