// upgrade and downgrade: plan under the lock, then run; or, offline, render the script.
//
// The plan is made only after the lock is held and the version table re-read, so when
// several processes start `upgrade head` together the first one migrates and the others
// find nothing left to do.
import { RetortError } from "../errors.js";
import { planDowngrade, planUpgrade, resolveTarget, type Plan, type RevisionGraph, type RevisionId } from "../graph/index.js";
import { createDialect } from "../dialects/index.js";
import {
  ensureVersionTable,
  offlineTarget,
  openSession,
  readHeads,
  runPlan,
  type RunSafety,
  type StepRun,
} from "../runtime/index.js";
import { DURATION_HINT, parseDuration } from "../duration.js";
import { report, type CommandContext } from "./context.js";
import { databaseTarget, loadProject, logTableOf, viewFor, operationsOptionsOf, versionTableOf, type Project } from "./project.js";
import { guardEditedMigrations } from "./applied-history.js";

export interface MigrateOptions {
  readonly target: string;
  /** Offline: return the SQL script instead of running it. */
  readonly sql?: boolean;
  /** --lock-wait: how long to wait for another run's migration lock ("60s"); unset: no limit. */
  readonly lockWait?: string;
  /** --strict: an applied migration edited since it ran stops the run (as editedMigrations: "error"). */
  readonly strict?: boolean;
}

export interface MigrateResult {
  readonly direction: "up" | "down";
  /** The database as shown to people (password masked); null offline. */
  readonly database: string | null;
  readonly from: RevisionId[];
  readonly to: RevisionId[];
  readonly steps: StepRun[];
  /** Wall time of the steps together, in ms. */
  readonly elapsedMs: number;
  readonly warnings: string[];
  /** The script, offline only. */
  readonly sql?: string;
}

export type Direction = "up" | "down";

export const plan = (direction: Direction, graph: RevisionGraph, current: readonly RevisionId[], target: string): Plan =>
  direction === "up" ? planUpgrade(graph, current, target) : planDowngrade(graph, current, target);

const splitRange = (target: string): { from: string; to: string } | undefined => {
  const colon = target.indexOf(":");
  if (colon < 0) return undefined;
  return { from: target.slice(0, colon), to: target.slice(colon + 1) };
};

/** Spreads a key only when it has a value (exactOptionalPropertyTypes). */
const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export const totalMs = (steps: readonly StepRun[]): number => steps.reduce((sum, step) => sum + step.elapsedMs, 0);

export const safetyOf = (project: Project): RunSafety => ({
  lockTimeoutMs: project.config.config.lockTimeoutMs,
  statementTimeoutMs: project.config.config.statementTimeoutMs,
  lockRetries: project.config.config.lockRetries,
});

const offline = async (
  direction: Direction,
  project: Project,
  target: string,
  context: CommandContext,
): Promise<MigrateResult> => {
  const range = splitRange(target);
  if (direction === "down" && range === undefined) {
    throw new RetortError("OFFLINE_NEEDS_START", `an offline downgrade needs the revision to start from, got '${target}'`, {
      hint: "give a range such as `retort downgrade head:base --sql` (from:to), since no database is read offline",
    });
  }
  if (range !== undefined && (range.from === "" || range.to === "")) {
    throw new RetortError("USAGE", `the range '${target}' needs a revision on both sides of ':'`, {
      hint: "write it as from:to, e.g. `ae10:head` or `head:base`",
    });
  }
  // Offline, an upgrade without a start begins at base: the script builds the schema.
  const start = range === undefined ? [] : resolveTarget(project.graph, range.from, []);
  const made = plan(direction, project.graph, start, range?.to ?? target);
  for (const warning of made.warnings) report(context, { kind: "warning", message: warning });
  // The SQL is the same for a server and for PGlite; offline scripts target a server.
  const script = offlineTarget(
    createDialect(databaseTarget(context, project.config).target, { offline: true }),
    versionTableOf(project.config),
    logTableOf(project.config),
  );
  const steps = await runPlan(script, { start, steps: made.steps, heads: made.heads }, project.revisions, {
    cwd: context.cwd,
    operations: operationsOptionsOf(project.config),
    safety: safetyOf(project),
    events: { onNotice: (message) => report(context, { kind: "notice", message }) },
  });
  return {
    direction,
    database: null,
    from: start,
    to: made.heads,
    steps,
    elapsedMs: totalMs(steps),
    warnings: made.warnings,
    sql: script.sink.text(),
  };
};

export const lockWaitMs = (lockWait: string | undefined): number | null => {
  if (lockWait === undefined) return null;
  const ms = parseDuration(lockWait);
  if (ms === null) {
    throw new RetortError("USAGE", `--lock-wait '${lockWait}' is not a duration`, { hint: `give ${DURATION_HINT}, e.g. --lock-wait 60s` });
  }
  return ms;
};

const online = async (
  direction: Direction,
  project: Project,
  target: string,
  options: MigrateOptions,
  context: CommandContext,
): Promise<MigrateResult> => {
  if (splitRange(target) !== undefined) {
    throw new RetortError("RANGE_REQUIRES_OFFLINE", `the range '${target}' can only be used with --sql`, {
      hint: `a live database is migrated from where it is: give only the target (e.g. \`${splitRange(target)?.to || "head"}\`), or add --sql for a script`,
    });
  }
  const { target: database } = databaseTarget(context, project.config);
  const session = await openSession({
    target: database,
    versionTable: versionTableOf(project.config),
    ...opt("logTable", logTableOf(project.config)),
    lock: true,
    lockWaitMs: lockWaitMs(options.lockWait),
    onLockWait: (holder) => report(context, { kind: "lock-wait", pid: holder.pid, since: holder.since }),
  });
  try {
    await ensureVersionTable(session);
    const current = await readHeads(session);
    // Before planning, so that in "error" mode nothing at all is applied.
    await guardEditedMigrations(project, session, current, options.strict === true, context);
    const view = viewFor(project, current);
    const made = plan(direction, view.graph, current, target);
    for (const warning of made.warnings) report(context, { kind: "warning", message: warning });
    const steps = await runPlan(session, { start: current, steps: made.steps, heads: made.heads }, view.revisions, {
      cwd: context.cwd,
      operations: operationsOptionsOf(project.config),
      safety: safetyOf(project),
      events: {
        onStep: (step) => report(context, { kind: "step", step }),
        onStepDone: (step) => report(context, { kind: "step-done", step }),
        onRetry: (retry) => report(context, { kind: "retry", retry }),
        onNotice: (message) => report(context, { kind: "notice", message }),
      },
    });
    if (steps.length > 1) report(context, { kind: "run-done", steps: steps.length, elapsedMs: totalMs(steps) });
    return {
      direction,
      database: database.display,
      from: current,
      to: await readHeads(session),
      steps,
      elapsedMs: totalMs(steps),
      warnings: made.warnings,
    };
  } finally {
    await session.close();
  }
};

const migrate = async (direction: Direction, options: MigrateOptions, context: CommandContext): Promise<MigrateResult> => {
  const project = await loadProject(context);
  return options.sql === true
    ? offline(direction, project, options.target, context)
    : online(direction, project, options.target, options, context);
};

export const upgrade = (options: MigrateOptions, context: CommandContext): Promise<MigrateResult> =>
  migrate("up", options, context);

export const downgrade = (options: MigrateOptions, context: CommandContext): Promise<MigrateResult> =>
  migrate("down", options, context);
