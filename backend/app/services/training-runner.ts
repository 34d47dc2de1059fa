// The in-process training job runner. Any replica may run any job: a job is claimed with
// FOR UPDATE SKIP LOCKED, so two runners never take the same one. "Training" here means
// checking each pending training_data row of the bot and marking it processed (or failed),
// with the job's progress moving as rows are done. A cancelled job stops at the next row.
import type { FastifyBaseLogger } from "fastify";
import { sql } from "kysely";
import type { Database } from "../database.js";

export interface TrainingRunner {
  /** Starts the background loop (polling plus wake-ups); idempotent. */
  start(): void;
  /** Tells a sleeping loop there is new work now, instead of at the next poll. */
  wake(): void;
  /** Claims and runs pending jobs until none is left; returns how many ran. */
  drain(): Promise<number>;
  /** Stops the loop and waits for the job in hand to finish its current row. */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  readonly pollMs?: number;
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
 * A job left "running" by a process that died would block its bot for ever (it counts as
 * active). Every finished row touches the job, and the updated_at trigger stamps it, so a
 * running job untouched for this long has no runner any more and goes back to pending.
 */
export const STALE_AFTER_MINUTES = 10;

const requeueAbandoned = (db: Database) =>
  db
    .updateTable("training_jobs")
    .set({ status: "pending" })
    .where("status", "=", "running")
    .where("updated_at", "<", sql<Date>`now() - make_interval(mins => ${STALE_AFTER_MINUTES})`)
    .returning("id")
    .execute();

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
    .returning(["id", "bot_id"])
    .executeTakeFirst();

export const runJob = async (db: Database, job: { id: string; bot_id: string }, options: RunnerOptions = {}): Promise<void> => {
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
    // Row and progress commit together, and only while the job is still running: a
    // cancel that lands between two rows is seen here and ends the job's work.
    const stillRunning = await db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom("training_jobs")
        .select("status")
        .where("id", "=", job.id)
        .forUpdate()
        .executeTakeFirst();
      if (current?.status !== "running") return false;
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
    if (!stillRunning) return;
    await options.afterRow?.(job.id, done, rows.length);
  }
  await db
    .updateTable("training_jobs")
    .set({ status: "completed", progress: 100, completed_at: new Date() })
    .where("id", "=", job.id)
    .where("status", "=", "running")
    .execute();
};

export const createTrainingRunner = (db: Database, options: RunnerOptions = {}): TrainingRunner => {
  const pollMs = options.pollMs ?? 1000;
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  // A wake-up that arrives while the loop is busy must not be lost before it sleeps.
  let woken = false;

  const runOne = async (): Promise<boolean> => {
    const job = await claimJob(db);
    if (!job) return false;
    options.log?.info({ jobId: job.id, botId: job.bot_id }, "training job started");
    try {
      await runJob(db, job, options);
      options.log?.info({ jobId: job.id }, "training job finished");
    } catch (error) {
      options.log?.error({ err: error, jobId: job.id }, "training job failed");
      await db
        .updateTable("training_jobs")
        .set({ status: "failed", error_message: error instanceof Error ? error.message : String(error), completed_at: new Date() })
        .where("id", "=", job.id)
        .where("status", "=", "running")
        .execute();
    }
    return true;
  };

  const drain = async (): Promise<number> => {
    for (const { id } of await requeueAbandoned(db)) options.log?.warn({ jobId: id }, "training job abandoned by its runner; requeued");
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
      wakeUp?.();
      await loop;
      loop = undefined;
    },
  };
};
