// Running a plan on a live connection. Each migration runs in its own transaction
// together with its version-row changes, so a database is always at a revision that
// completed: a failure or a killed process loses only the migration in flight.
//
// Two exceptions, both chosen by the migration author:
// - `export const transactional = false`: statements run one by one in autocommit, and
//   the version row is written after the last one succeeded.
// - a statement the compiler marks nonTransactional (CREATE INDEX CONCURRENTLY) inside a
//   transactional migration: the work so far is committed, the statement runs alone, and
//   a new transaction begins for the rest. A failure after that point cannot undo what
//   was committed; such a migration is better split or made non-transactional.
import type { MigrationStep, RevisionId } from "../graph/types.js";
import { createOperations, type OperationsOptions } from "../ops/index.js";
import type { Op, Statement } from "../ops/types.js";
import { loadMigration, prepareMigrations, type MigrationModule, type ScriptRevision } from "../script/index.js";
import { describeStep, type StepDescription } from "./describe.js";
import { migrationFailed } from "./failure.js";
import type { Session } from "./session.js";
import { applyVersionChanges } from "./version-rows.js";

export interface RunEvents {
  /** Called as each migration starts. */
  readonly onStep?: (step: StepDescription) => void;
  /** One-line remarks from the compiler (e.g. CONCURRENTLY dropped on PGlite). */
  readonly onNotice?: (message: string) => void;
}

export type Revisions = ReadonlyMap<RevisionId, ScriptRevision>;

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

const execute = async (session: Session, statement: Statement): Promise<void> => {
  // No parameters: the simple protocol, which also accepts several statements in one
  // op.execute() text, as psql would.
  if (statement.params.length === 0) await session.connection.exec(statement.sql);
  else await session.connection.query(statement.sql, statement.params);
};

export const runSteps = async (
  session: Session,
  steps: readonly MigrationStep[],
  revisions: Revisions,
  options: { readonly cwd: string; readonly events?: RunEvents; readonly operations?: OperationsOptions },
): Promise<StepDescription[]> => {
  const modules = await loadPlan(steps, revisions);
  const done: StepDescription[] = [];
  const notices = new Set<string>();
  const notice = (message: string): void => {
    if (notices.has(message)) return;
    notices.add(message);
    options.events?.onNotice?.(message);
  };
  for (const step of steps) {
    const revision = revisionOf(revisions, step.revision);
    const description = describeStep(step, revision);
    options.events?.onStep?.(description);
    const module = modules.get(step.revision);
    if (module === undefined) throw new Error(`internal error: revision ${step.revision} was not loaded`);
    const transactional = revision.transactional;
    let inTransaction = false;
    let current: string | undefined;
    const tx = session.dialect.compiler.transaction;
    const run = async (op: Op): Promise<void> => {
      for (const statement of session.dialect.compiler.compile(op, notice)) {
        current = statement.sql;
        if (statement.nonTransactional && inTransaction) {
          await session.connection.exec(tx.commit);
          inTransaction = false;
          await execute(session, statement);
          await session.connection.exec(tx.begin);
          inTransaction = true;
        } else {
          await execute(session, statement);
        }
        current = undefined;
      }
    };
    const { op, drain } = createOperations(run, options.operations);
    try {
      if (transactional) {
        await session.connection.exec(tx.begin);
        inTransaction = true;
      }
      const body = step.direction === "up" ? module.upgrade : module.downgrade;
      // A migration that forgets to await its op calls still runs them all, in order.
      const returned = body.call(module, op);
      await Promise.all([returned, drain()]);
      await drain();
      await applyVersionChanges(session, step.versionChanges);
      if (inTransaction) {
        await session.connection.exec(tx.commit);
        inTransaction = false;
      }
    } catch (error) {
      const failedAt = current;
      // Ops still queued behind a throwing migration must finish before the rollback, or
      // they would run afterwards in autocommit.
      await drain().catch(() => {});
      if (inTransaction) await session.connection.exec(tx.rollback).catch(() => {});
      throw migrationFailed(description, error, failedAt, options.cwd, transactional ? "rolled back" : "left partly applied");
    }
    done.push(description);
  }
  return done;
};
