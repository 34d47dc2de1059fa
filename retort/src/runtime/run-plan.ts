// The step loop: running a plan through a sink, live or offline. Each migration runs in its
// own transaction together with its version-row changes, so a database is always at a
// revision that completed: a failure or a killed process loses only the migration in flight.
// Offline, the same statements in the same order are written to a script.
//
// Two exceptions, both chosen by the migration author:
// - `export const transactional = false`: statements run one by one in autocommit, and
//   the version row is written after the last one succeeded.
// - a statement the compiler marks nonTransactional (CREATE INDEX CONCURRENTLY; ALTER TYPE
//   ... ADD VALUE before PostgreSQL 12 or when the migration uses the new value) inside a
//   transactional migration: the work so far is committed, the statement runs alone, and
//   a new transaction begins for the rest. A failure after that point cannot undo what
//   was committed, and the failure message says so instead of claiming a rollback.
import type { MigrationStep, RevisionId } from "../graph/types.js";
import { createOperations, type OperationsOptions } from "../ops/index.js";
import type { Op } from "../ops/types.js";
import { loadMigration, prepareMigrations, type MigrationModule, type ScriptRevision } from "../script/index.js";
import { describeStep, stepLine, type StepDescription } from "./describe.js";
import { migrationFailed } from "./failure.js";
import type { MigrationTarget } from "./sink.js";
import { applyVersionChanges, dropVersionTable, ensureVersionTable } from "./version-rows.js";

export interface RunEvents {
  /** Called as each migration starts. */
  readonly onStep?: (step: StepDescription) => void;
  /** One-line remarks from the compiler (e.g. CONCURRENTLY dropped on PGlite). */
  readonly onNotice?: (message: string) => void;
}

export type Revisions = ReadonlyMap<RevisionId, ScriptRevision>;

export interface RunOptions {
  readonly cwd: string;
  readonly events?: RunEvents;
  readonly operations?: OperationsOptions;
}

/** The part of the graph's Plan a run needs, with the heads it starts from. */
export interface RunPlan {
  readonly start: readonly RevisionId[];
  readonly steps: readonly MigrationStep[];
  /** The heads once every step ran ([] = base). */
  readonly heads: readonly RevisionId[];
}

const revisionOf = (revisions: Revisions, id: RevisionId): ScriptRevision => {
  const revision = revisions.get(id);
  // The plan comes from a graph built from these same revisions.
  if (revision === undefined) throw new Error(`internal error: no script for revision ${id}`);
  return revision;
};

/**
 * Loads every module a plan needs before the first one runs, so that a file that does not
 * load (a syntax error, a missing export) stops the run with nothing applied.
 */
export const loadPlan = async (
  steps: readonly MigrationStep[],
  revisions: Revisions,
): Promise<Map<RevisionId, MigrationModule>> => {
  const unique = [...new Set(steps.map((step) => step.revision))];
  // Compiles all files in parallel first; loading then only evaluates them in order.
  await prepareMigrations(unique.map((id) => revisionOf(revisions, id)));
  const modules = await Promise.all(unique.map((id) => loadMigration(revisionOf(revisions, id))));
  return new Map(unique.map((id, index) => [id, modules[index] as MigrationModule]));
};

const runStep = async (
  target: MigrationTarget,
  step: MigrationStep,
  revision: ScriptRevision,
  module: MigrationModule,
  notice: (message: string) => void,
  options: RunOptions,
): Promise<StepDescription> => {
  const { sink, dialect } = target;
  const description = describeStep(step, revision);
  options.events?.onStep?.(description);
  sink.comment(`Running ${stepLine(description)}`);
  const transactional = revision.transactional;
  let inTransaction = false;
  // The first statement that committed the migration's work so far, if one did.
  let splitAt: string | undefined;
  let current: string | undefined;
  const run = async (op: Op): Promise<void> => {
    for (const statement of dialect.compiler.compile(op, notice)) {
      current = statement.sql;
      if (statement.nonTransactional && inTransaction) {
        await sink.commit();
        inTransaction = false;
        splitAt ??= statement.sql;
        await sink.execute(statement);
        await sink.begin();
        inTransaction = true;
      } else {
        await sink.execute(statement);
      }
      current = undefined;
    }
  };
  const { op, drain } = createOperations(run, options.operations);
  try {
    if (transactional) {
      await sink.begin();
      inTransaction = true;
    }
    const body = step.direction === "up" ? module.upgrade : module.downgrade;
    // A migration that forgets to await its op calls still runs them all, in order.
    const returned = body.call(module, op);
    await Promise.all([returned, drain()]);
    await drain();
    await applyVersionChanges(target, step.versionChanges);
    if (inTransaction) {
      await sink.commit();
      inTransaction = false;
    }
  } catch (error) {
    const failedAt = current;
    // Ops still queued behind a throwing migration must finish before the rollback, or
    // they would run afterwards in autocommit.
    await drain().catch(() => {});
    if (inTransaction) await sink.rollback().catch(() => {});
    const outcome =
      sink.kind === "script"
        ? ({ kind: "offline" } as const)
        : !transactional
          ? ({ kind: "left partly applied" } as const)
          : splitAt === undefined
            ? ({ kind: "rolled back" } as const)
            : ({ kind: "partly committed", at: splitAt } as const);
    throw migrationFailed(description, error, failedAt, options.cwd, outcome);
  }
  sink.endSection();
  return description;
};

/**
 * Runs the plan's steps in order and returns them as run. A script cannot look at the
 * database, so, as Alembic's offline mode does, one that starts at base creates the version
 * table first and one that ends at base drops it; a live run ensured the table before it
 * read the heads, and leaves it in place.
 */
export const runPlan = async (
  target: MigrationTarget,
  plan: RunPlan,
  revisions: Revisions,
  options: RunOptions,
): Promise<StepDescription[]> => {
  const modules = await loadPlan(plan.steps, revisions);
  const offline = target.sink.kind === "script";
  if (offline && plan.start.length === 0) {
    await ensureVersionTable(target);
    target.sink.endSection();
  }
  const notices = new Set<string>();
  const notice = (message: string): void => {
    if (notices.has(message)) return;
    notices.add(message);
    options.events?.onNotice?.(message);
  };
  const done: StepDescription[] = [];
  for (const step of plan.steps) {
    const module = modules.get(step.revision);
    if (module === undefined) throw new Error(`internal error: revision ${step.revision} was not loaded`);
    done.push(await runStep(target, step, revisionOf(revisions, step.revision), module, notice, options));
  }
  if (offline && plan.steps.length > 0 && plan.heads.length === 0) {
    await dropVersionTable(target);
    target.sink.endSection();
  }
  return done;
};
