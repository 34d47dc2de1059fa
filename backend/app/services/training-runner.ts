// The in-process training job runner. Any replica may run any job: a job is claimed with
// FOR UPDATE SKIP LOCKED, so two runners never take the same one. "Training" here means
// checking each pending training_data row of the bot and marking it processed (or failed),
// with the job's progress moving as rows are done. A cancelled job stops at the next row.
import type { FastifyBaseLogger } from "fastify";
import { sql, type ExpressionBuilder } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../models/index.js";

export interface TrainingRunner {
  /** Starts the background loop (polling plus wake-ups); idempotent. */
  start(): void;
  /** Tells a sleeping loop there is new work now, instead of at the next poll. */
  wake(): void;
  /** Claims and runs pending jobs until none is left; returns how many ran. */
  drain(): Promise<number>;
  /**
   * Stops the loop: the job in hand stops after its current row and goes back to pending,
   * so another replica resumes it at once instead of after its lease.
   */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  readonly pollMs?: number;
  /** How long a running job may go without progress before another runner takes it over. */
  readonly leaseSeconds?: number;
  readonly log?: FastifyBaseLogger;
  /** Called after each row, e.g. by tests to observe progress or cancel midway. */
  readonly afterRow?: (jobId: string, done: number, total: number) => Promise<void>;
}

type Outcome = "processed" | "failed";

// What makes a row usable by the reply logic; the rest is the caller's content.
const judge = (row: { source_type: string; question: string | null; content: string }): Outcome => {
  if (row.content.trim() === "") return "failed";
  if (row.source_type === "qa" && (row.question ?? "").trim() === "") return "failed";
  return "processed";
};

/**
 * The lease. A job left "running" by a process that died would block its bot for ever (it
 * counts as active). Every finished row touches the job, and the updated_at trigger stamps
 * it, so a running job untouched for this long has no runner any more and goes back to
 * pending, for any replica to take.
 */
export const DEFAULT_LEASE_SECONDS = 600;

const requeueAbandoned = (db: Database, leaseSeconds: number) =>
  db
    .updateTable("training_jobs")
    .set({ status: "pending" })
    .where("status", "=", "running")
    .where("updated_at", "<", sql<Date>`now() - make_interval(secs => ${leaseSeconds})`)
    .returning("id")
    .execute();

/**
 * A claim is (id, started_at): a runner whose lease expired while it was merely slow finds
 * started_at changed by the new claim and stops, so two runners never work one job.
 */
export interface ClaimedJob {
  readonly id: string;
  readonly bot_id: string;
  readonly started_at: Date | null;
}

const claimJob = (db: Database) =>
  db
    .updateTable("training_jobs")
    .set({ status: "running", started_at: new Date(), progress: 0 })
    .where("id", "=", (eb) =>
      eb
        .selectFrom("training_jobs")
        .select("id")
        .where("status", "=", "pending")
        .orderBy("created_at")
        .orderBy("id")
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .where("status", "=", "pending")
    .returning(["id", "bot_id", "started_at"])
    .executeTakeFirst();

const ours = (job: ClaimedJob) => (eb: ExpressionBuilder<DB, "training_jobs">) =>
  eb.and([eb("id", "=", job.id), eb("status", "=", "running"), job.started_at === null ? eb("started_at", "is", null) : eb("started_at", "=", job.started_at)]);

/** Runs the job's rows; "stopped" when shouldStop() said so between two rows. */
export const runJob = async (
  db: Database,
  job: ClaimedJob,
  options: RunnerOptions & { shouldStop?: () => boolean } = {},
): Promise<"finished" | "stopped"> => {
  const rows = await db
    .selectFrom("training_data")
    .select("id")
    .where("bot_id", "=", job.bot_id)
    .where("status", "=", "pending")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  let done = 0;
  for (const { id } of rows) {
    if (options.shouldStop?.()) return "stopped";
    // Row and progress commit together, and only while the job is still running: a
    // cancel that lands between two rows is seen here and ends the job's work.
    const stillRunning = await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom("training_jobs").select("id").where(ours(job)).forUpdate().executeTakeFirst();
      if (!current) return false;
      const row = await trx
        .selectFrom("training_data")
        .select(["source_type", "question", "content", "status"])
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (row?.status === "pending") {
        await trx.updateTable("training_data").set({ status: judge(row) }).where("id", "=", id).execute();
      }
      done += 1;
      await trx
        .updateTable("training_jobs")
        .set({ progress: Math.floor((done * 100) / rows.length) })
        .where("id", "=", job.id)
        .execute();
      return true;
    });
    if (!stillRunning) return "finished";
    await options.afterRow?.(job.id, done, rows.length);
  }
  await db.updateTable("training_jobs").set({ status: "completed", progress: 100, completed_at: new Date() }).where(ours(job)).execute();
  return "finished";
};

export const createTrainingRunner = (db: Database, options: RunnerOptions = {}): TrainingRunner => {
  const pollMs = options.pollMs ?? 1000;
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  let running = false;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  // A wake-up that arrives while the loop is busy must not be lost before it sleeps.
  let woken = false;

  const runOne = async (): Promise<boolean> => {
    if (stopping) return false;
    const job = await claimJob(db);
    if (!job) return false;
    options.log?.info({ jobId: job.id, botId: job.bot_id }, "training job started");
    try {
      const outcome = await runJob(db, job, { ...options, shouldStop: () => stopping });
      if (outcome === "stopped") {
        await db.updateTable("training_jobs").set({ status: "pending" }).where(ours(job)).execute();
        options.log?.info({ jobId: job.id }, "training job handed back on shutdown");
        return false;
      }
      options.log?.info({ jobId: job.id }, "training job finished");
    } catch (error) {
      options.log?.error({ err: error, jobId: job.id }, "training job failed");
      await db
        .updateTable("training_jobs")
        .set({ status: "failed", error_message: error instanceof Error ? error.message : String(error), completed_at: new Date() })
        .where(ours(job))
        .execute();
    }
    return true;
  };

  const drain = async (): Promise<number> => {
    for (const { id } of await requeueAbandoned(db, leaseSeconds)) options.log?.warn({ jobId: id }, "training job abandoned by its runner; requeued");
    let count = 0;
    while (await runOne()) count += 1;
    return count;
  };

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      wakeUp = resolve;
      timer = setTimeout(resolve, pollMs);
    }).finally(() => {
      clearTimeout(timer);
      wakeUp = undefined;
    });

  return {
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          woken = false;
          try {
            await drain();
          } catch (error) {
            options.log?.error({ err: error }, "training runner could not claim a job");
          }
          if (running) await sleep();
        }
      })();
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    drain,
    async stop() {
      running = false;
      stopping = true;
      wakeUp?.();
      await loop;
      loop = undefined;
      // Only the loop's own job is handed back; drain() called later runs normally.
      stopping = false;
    },
  };
};
