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
//
// Where DDL commits on its own (capabilities.transactionalDdl false: MySQL, MariaDB) every
// migration runs as a non-transactional one, after all its operations were compiled (so an
// operation the dialect refuses stops it before its first statement). Each statement that
// succeeded is recorded; a failure names it and the ones before it, which took effect, and
// the version row, written last, still names the revision before.
//
// With a lock timeout (config `lockTimeout`, or the migration's own), a migration whose
// statement waited too long for a lock is rolled back and run again after a backoff, up to
// `lockRetries` times. Statements an earlier attempt committed are not sent again.
import type { MigrationStep, RevisionId } from "../graph/types.js";
import { createOperations, type OperationsOptions } from "../ops/index.js";
import type { LockHolder, TimeoutSettings } from "../dialects/index.js";
import type { Op } from "../ops/types.js";
import { fileChecksum, loadMigration, prepareMigrations, type MigrationModule, type ScriptRevision } from "../script/index.js";
import { describeStep, stepLine, type StepDescription } from "./describe.js";
import { databaseMessage, migrationFailed, migrationInterrupted, type FailureOutcome } from "./failure.js";
import { interruptedBy, interruption } from "./interrupt.js";
import { StatementFailure, type MigrationTarget } from "./sink.js";
import { applyVersionChanges, dropVersionTable, ensureVersionTable, versionConflictOf } from "./version-rows.js";
import { ensureLogTable, headsAfter, writeStepLog, type StepLog } from "./log-rows.js";

/** A step's log row, and when (performance.now()) the step started. */
interface PendingLog {
  readonly entry: StepLog;
  readonly startedMs: number;
}

export interface RetryEvent {
  readonly step: StepDescription;
  /** 1 for the first retry. */
  readonly attempt: number;
  readonly retries: number;
  readonly delayMs: number;
  /** The database's words ("canceling statement due to lock timeout"). */
  readonly reason: string;
  readonly statement: string | undefined;
  /** Sessions that held the lock the statement waited for, as seen while it waited. */
  readonly holders: readonly LockHolder[];
}

export interface RunEvents {
  /** Called as each migration starts. */
  readonly onStep?: (step: StepDescription) => void;
  /** Called as each migration has committed, with how long it took. */
  readonly onStepDone?: (step: StepRun) => void;
  /** A migration that failed on the lock timeout was rolled back and will run again. */
  readonly onRetry?: (retry: RetryEvent) => void;
  /** One-line remarks from the compiler (e.g. CONCURRENTLY dropped on PGlite). */
  readonly onNotice?: (message: string) => void;
}

/** A step as run, with its wall time (every attempt and wait included). */
export interface StepRun extends StepDescription {
  readonly elapsedMs: number;
}

export type Revisions = ReadonlyMap<RevisionId, ScriptRevision>;

/** The config's timeouts; a migration's own header constants override the first two. */
export interface RunSafety {
  readonly lockTimeoutMs: number | null;
  readonly statementTimeoutMs: number | null;
  readonly lockRetries: number;
}

export interface RunOptions {
  readonly cwd: string;
  readonly events?: RunEvents;
  readonly operations?: OperationsOptions;
  readonly safety?: RunSafety;
  /** Modules loaded already (loadPlan), for a caller that runs many small plans over the same files. */
  readonly modules?: ReadonlyMap<RevisionId, MigrationModule>;
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

const timeoutsOf = (revision: ScriptRevision, safety: RunSafety | undefined): TimeoutSettings => ({
  lockTimeoutMs: revision.lockTimeoutMs ?? safety?.lockTimeoutMs ?? null,
  statementTimeoutMs: revision.statementTimeoutMs ?? safety?.statementTimeoutMs ?? null,
});

/** 250 ms, 500 ms, 1 s, 2 s, ... capped at 8 s: long enough for a report query to end. */
export const retryDelayMs = (attempt: number): number => Math.min(250 * 2 ** (attempt - 1), 8000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How far a step got: statements that took effect and must not run again. */
interface Progress {
  durable: number;
  splitAt?: string;
  /** The statements that took effect on a database whose DDL commits on its own. */
  readonly committed: string[];
}

/** What one attempt at a step failed with, and where. */
class AttemptFailed {
  constructor(
    readonly error: unknown,
    readonly statement: string | undefined,
    readonly holders: readonly LockHolder[],
  ) {}
}

/**
 * Asks, every half lock timeout while an attempt runs, who blocks the migrating connection:
 * once the timeout fires the wait is over and the server no longer says whom it waited for.
 * The last non-empty answer is kept.
 */
const watchHolders = (target: MigrationTarget, lockTimeoutMs: number | null): { stop(): Promise<readonly LockHolder[]> } => {
  const probe = target.lockHolders;
  if (probe === undefined || lockTimeoutMs === null) return { stop: async () => [] };
  let seen: readonly LockHolder[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = probe().then(
      (holders) => {
        if (holders.length > 0) seen = holders;
      },
      () => {},
    );
  }, Math.max(1, Math.floor(lockTimeoutMs / 2)));
  return {
    stop: async () => {
      clearInterval(timer);
      await inFlight;
      return seen;
    },
  };
};

/**
 * One attempt at a step. `durable` counts the statements an earlier attempt committed
 * (a non-transactional migration's, or those up to a nonTransactional statement): they are
 * skipped, never run twice.
 */
const attemptStep = async (
  target: MigrationTarget,
  step: MigrationStep,
  revision: ScriptRevision,
  module: MigrationModule,
  timeouts: TimeoutSettings,
  progress: Progress,
  notice: (message: string) => void,
  options: RunOptions,
  log: PendingLog | undefined,
): Promise<void> => {
  const { sink, dialect } = target;
  const ddlCommits = !dialect.capabilities.transactionalDdl;
  const transactional = revision.transactional && !ddlCommits;
  const timeoutSql = dialect.compiler.timeouts;
  let inTransaction = false;
  let current: string | undefined;
  let index = 0;
  const begin = async (): Promise<void> => {
    // Under a lock timeout the statements go one by one: the one that timed out is then
    // known without replaying the batch, which would wait for the lock a second time.
    await sink.begin({ batch: timeouts.lockTimeoutMs == null });
    inTransaction = true;
    for (const statement of timeoutSql.set(timeouts, "transaction")) await sink.execute(statement);
  };
  const run = async (op: Op): Promise<void> => {
    for (const statement of dialect.compiler.compile(op, notice)) {
      const position = index++;
      if (position < progress.durable) continue;
      current = statement.sql;
      if (statement.nonTransactional && inTransaction) {
        await sink.commit();
        inTransaction = false;
        progress.durable = position;
        progress.splitAt ??= statement.sql;
        await sink.execute(statement);
        progress.durable = position + 1;
        await begin();
      } else {
        await sink.execute(statement);
        if (!transactional) progress.durable = position + 1;
      }
      current = undefined;
    }
  };
  /** Every operation compiled first, then the statements one by one, each recorded once it ran. */
  const runCompiled = async (body: MigrationModule["upgrade"]): Promise<void> => {
    const ops: Op[] = [];
    const collecting = createOperations(async (built) => void ops.push(built), options.operations);
    await Promise.all([body.call(module, collecting.op), collecting.drain()]);
    await collecting.drain();
    const statements = ops.flatMap((built) => dialect.compiler.compile(built, notice));
    for (const [position, statement] of statements.entries()) {
      if (position < progress.durable) continue;
      current = statement.sql;
      await sink.execute(statement);
      progress.durable = position + 1;
      progress.committed.push(statement.sql);
      current = undefined;
    }
  };
  const { op, drain } = createOperations(run, options.operations);
  const sessionTimeouts = transactional ? [] : timeoutSql.set(timeouts, "session");
  const watch = watchHolders(target, timeouts.lockTimeoutMs ?? null);
  try {
    await target.beforeStep?.();
    for (const statement of sessionTimeouts) await sink.execute(statement);
    if (transactional) await begin();
    const body = step.direction === "up" ? module.upgrade : module.downgrade;
    if (ddlCommits) await runCompiled(body);
    else {
      // A migration that forgets to await its op calls still runs them all, in order.
      const returned = body.call(module, op);
      await Promise.all([returned, drain()]);
      await drain();
    }
    await applyVersionChanges(target, step.versionChanges);
    // In the transaction of the version-row change, so the log never claims a rolled-back
    // step; a step that was not one transaction is timed by the client (0 in a script).
    if (log !== undefined) {
      const wholeTransaction = transactional && progress.splitAt === undefined;
      const elapsedMs = sink.kind === "script" ? 0 : performance.now() - log.startedMs;
      await writeStepLog(target, log.entry, wholeTransaction ? { kind: "transaction", ms: elapsedMs } : { kind: "elapsed", ms: elapsedMs });
    }
    if (inTransaction) {
      await sink.commit();
      inTransaction = false;
    }
  } catch (thrown) {
    // A statement the sink sent later, batched, names itself; otherwise it is the one in flight.
    const failedAt = thrown instanceof StatementFailure ? thrown.statement : current;
    const raw = thrown instanceof StatementFailure ? thrown.error : thrown;
    const error = versionConflictOf(target, raw) ?? raw;
    // Ops still queued behind a throwing migration must finish before the rollback, or
    // they would run afterwards in autocommit.
    await drain().catch(() => {});
    if (inTransaction) await sink.rollback().catch(() => {});
    throw new AttemptFailed(error, failedAt, await watch.stop());
  } finally {
    await watch.stop();
    if (sessionTimeouts.length > 0) {
      for (const statement of timeoutSql.reset(timeouts)) await sink.execute(statement).catch(() => {});
    }
  }
};

const runStep = async (
  target: MigrationTarget,
  step: MigrationStep,
  revision: ScriptRevision,
  module: MigrationModule,
  notice: (message: string) => void,
  options: RunOptions,
  entry: StepLog | undefined,
): Promise<StepRun> => {
  const { sink, dialect } = target;
  const started = performance.now();
  const log = entry === undefined ? undefined : { entry, startedMs: started };
  const description = describeStep(step, revision);
  options.events?.onStep?.(description);
  sink.comment(`Running ${stepLine(description)}`);
  const timeouts = timeoutsOf(revision, options.safety);
  // A script cannot fail on a lock, so only a live run retries.
  const retries = sink.kind === "connection" && timeouts.lockTimeoutMs != null ? (options.safety?.lockRetries ?? 0) : 0;
  const progress: Progress = { durable: 0, committed: [] };
  for (let attempt = 1; ; attempt++) {
    try {
      await attemptStep(target, step, revision, module, timeouts, progress, notice, options, log);
      break;
    } catch (failure) {
      if (!(failure instanceof AttemptFailed)) throw failure;
      const lockTimeout = dialect.compiler.timeouts.isLockTimeout(failure.error);
      const signal = interruptedBy();
      if (signal !== null || !lockTimeout || attempt > retries) {
        const outcome: FailureOutcome =
          sink.kind === "script"
            ? { kind: "offline" }
            : !dialect.capabilities.transactionalDdl
              ? { kind: "ddl committed", committed: progress.committed }
              : !revision.transactional
              ? { kind: "left partly applied" }
              : progress.splitAt === undefined
                ? { kind: "rolled back" }
                : { kind: "partly committed", at: progress.splitAt };
        // Whatever the cancelled statement reported, the run stopped because it was told to.
        if (signal !== null) throw migrationInterrupted(description, signal, options.cwd, outcome);
        throw migrationFailed(description, failure.error, failure.statement, options.cwd, outcome, lockTimeout ? attempt - 1 : undefined);
      }
      const delayMs = retryDelayMs(attempt);
      options.events?.onRetry?.({
        step: description,
        attempt,
        retries,
        delayMs,
        reason: databaseMessage(failure.error),
        statement: failure.statement,
        holders: failure.holders,
      });
      await sleep(delayMs);
    }
  }
  sink.endSection();
  const done: StepRun = { ...description, elapsedMs: performance.now() - started };
  options.events?.onStepDone?.(done);
  return done;
};

/** Each step's file checksum, read before anything runs; none when no log is kept. */
const stepChecksums = (target: MigrationTarget, steps: readonly MigrationStep[], revisions: Revisions): Map<RevisionId, string> => {
  if (target.logTable === undefined) return new Map();
  const unique = [...new Set(steps.map((step) => step.revision))];
  return new Map(unique.map((id) => [id, fileChecksum(revisionOf(revisions, id).path)]));
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
): Promise<StepRun[]> => {
  const modules = options.modules ?? (await loadPlan(plan.steps, revisions));
  const checksums = stepChecksums(target, plan.steps, revisions);
  const offline = target.sink.kind === "script";
  if (offline && plan.start.length === 0) await ensureVersionTable(target);
  // The log table is made by the first write, so a run with nothing to do leaves none.
  if (plan.steps.length > 0) await ensureLogTable(target);
  if (offline && (plan.start.length === 0 || (plan.steps.length > 0 && target.logTable !== undefined))) target.sink.endSection();
  const notices = new Set<string>();
  const notice = (message: string): void => {
    if (notices.has(message)) return;
    notices.add(message);
    options.events?.onNotice?.(message);
  };
  const done: StepRun[] = [];
  let heads: readonly string[] = [...plan.start].sort();
  for (const step of plan.steps) {
    const stop = interruption();
    if (stop !== null) throw stop;
    const module = modules.get(step.revision);
    if (module === undefined) throw new Error(`internal error: revision ${step.revision} was not loaded`);
    const after = headsAfter(heads, step.versionChanges);
    const checksum = checksums.get(step.revision);
    const entry: StepLog | undefined =
      checksum === undefined
        ? undefined
        : { revision: step.revision, direction: step.direction === "up" ? "upgrade" : "downgrade", headsBefore: heads, headsAfter: after, checksum };
    done.push(await runStep(target, step, revisionOf(revisions, step.revision), module, notice, options, entry));
    heads = after;
  }
  if (offline && plan.steps.length > 0 && plan.heads.length === 0) {
    await dropVersionTable(target);
    target.sink.endSection();
  }
  return done;
};
