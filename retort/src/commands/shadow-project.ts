// What the shadow commands (verify, check --drift, pull --baseline, squash) take from the
// project: the shadow database opened under its config, the rules both sides are read
// with, and the options a replay runs under.
import type { RunOptions } from "../runtime/index.js";
import { openShadow, type ReadRules, type Shadow } from "../shadow/index.js";
import type { CommandContext } from "./context.js";
import { operationsOptionsOf, versionTableOf, type Project } from "./project.js";

export const openProjectShadow = (project: Project, context: CommandContext, shadowUrl: string | undefined): Promise<Shadow> =>
  openShadow({
    ...(shadowUrl === undefined ? {} : { url: shadowUrl }),
    cwd: context.cwd,
    extensions: project.config.config.pgliteExtensions,
    versionTable: versionTableOf(project.config),
  });

export const readRulesOf = (project: Project): ReadRules => ({ schemas: project.config.config.schemas, exclude: project.config.config.exclude });

/** A replay needs no lock timeouts or retries: nobody else uses the shadow. */
export const replayOptionsOf = (project: Project, context: CommandContext): RunOptions => ({
  cwd: context.cwd,
  operations: operationsOptionsOf(project.config),
});
