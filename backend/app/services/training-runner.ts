// The in-process training job runner. Any replica may run any job: a job is claimed with
// FOR UPDATE SKIP LOCKED, so two runners never take the same one. "Training" means
// checking each pending training_data row of the bot, marking it processed (or failed),
// and writing its passages (training_chunks) for the reply engine, with the job's
// progress moving as rows are done. Rows go in batches, one transaction each, and the
// runner yields to the event loop between batches: on PGlite the single connection and
// the event loop are otherwise held for the whole job (no /health, no cancel until it
// ends). A cancelled job stops at the next batch.
import type { FastifyBaseLogger } from "fastify";
import { sql, type ExpressionBuilder } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../models/index.js";
import { chunkText } from "./chunking.js";

export interface TrainingRunner {
  /** Starts the background loop (polling plus wake-ups); idempotent. */
  start(): void;
  /** Tells a sleeping loop there is new work now, instead of at the next poll. */
  wake(): void;
  /** Claims and runs pending jobs until none is left; returns how many ran. */
  drain(): Promise<number>;
  /**
   * Stops the loop: the job in hand stops after its current batch and goes back to pending,
   * so another replica resumes it at once instead of after its lease.
   */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  readonly pollMs?: number;
  /** How long a running job may go without progress before another runner takes it over. */
  readonly leaseSeconds?: number;
  readonly log?: FastifyBaseLogger;
  /** Rows per transaction, fixed; unset: sized to take about BATCH_TARGET_MS each. */
  readonly batchSize?: number;
  /** Called after each batch, e.g. by tests to observe progress or cancel midway. */
  readonly afterBatch?: (jobId: string, done: number, total: number) => Promise<void>;
}

/**
 * How long one batch may hold the database. On PGlite a request waits for the batch in
 * progress (one connection), so this bounds the delay training adds to each query; on
 * PostgreSQL it only bounds how long a cancel waits for the job's row lock. Batches are
 * sized from the last one's duration, since a row costs from well under a millisecond
 * (PostgreSQL, a short qa item) to tens of them (PGlite, a 20,000-character text).
 */
export const BATCH_TARGET_MS = 10;
const FIRST_BATCH = 4;
const MAX_BATCH = 500;

/** The next batch's size from the last one's: double while well under the target, halve over it. */
export const nextBatchSize = (size: number, elapsedMs: number): number => {
  if (elapsedMs > BATCH_TARGET_MS) return Math.max(1, Math.floor(size / 2));
  if (elapsedMs < BATCH_TARGET_MS / 2) return Math.min(MAX_BATCH, size * 2);
  return size;
};

type Outcome = "processed" | "failed";

interface PendingRow {
  readonly id: string;
  readonly bot_id: string;
  readonly source_type: "text" | "qa" | "url" | "file";
  readonly question: string | null;
  readonly content: string;
}

// What makes a row usable by the reply logic; the rest is the caller's content.
const judge = (row: PendingRow): Outcome => {
  if (row.content.trim() === "") return "failed";
  if (row.source_type === "qa" && (row.question ?? "").trim() === "") return "failed";
  return "processed";
};

/** A qa item is one passage, its question and answer; other items are chunks of their content. */
export const passagesOf = (row: PendingRow) =>
  row.source_type === "qa"
    ? [{ training_data_id: row.id, bot_id: row.bot_id, position: 0, question: row.question, content: row.content }]
    : chunkText(row.content).map((content, position) => ({ training_data_id: row.id, bot_id: row.bot_id, position, question: null, content }));

// setImmediate runs after the poll phase: requests that arrived during the batch are read
// and their queries queued before the next batch asks for the connection.
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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

/** Runs the job's rows; "stopped" when shouldStop() said so between two batches. */
export const runJob = async (
  db: Database,
  job: ClaimedJob,
  options: RunnerOptions & { shouldStop?: () => boolean } = {},
): Promise<"finished" | "stopped"> => {
  let batchSize = options.batchSize ?? FIRST_BATCH;
  const ids = (
    await db
      .selectFrom("training_data")
      .select("id")
      .where("bot_id", "=", job.bot_id)
      .where("status", "=", "pending")
      .orderBy("created_at")
      .orderBy("id")
      .execute()
  ).map((row) => row.id);
  let done = 0;
  for (let start = 0; start < ids.length; ) {
    if (options.shouldStop?.()) return "stopped";
    const batch = ids.slice(start, start + batchSize);
    start += batch.length;
    const began = performance.now();
    // The batch and its progress commit together, and only while the job is still ours:
    // a cancel that lands between two batches is seen here and ends the job's work.
    const stillRunning = await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom("training_jobs").select("id").where(ours(job)).forUpdate().executeTakeFirst();
      if (!current) return false;
      // Rows deleted or handled meanwhile (another runner before a takeover) drop out here.
      const rows = await trx
        .selectFrom("training_data")
        .select(["id", "bot_id", "source_type", "question", "content"])
        .where("id", "in", batch)
        .where("status", "=", "pending")
        .forUpdate()
        .execute();
      const processed = rows.filter((row) => judge(row) === "processed");
      const failed = rows.filter((row) => judge(row) === "failed");
      if (processed.length > 0) {
        const processedIds = processed.map((row) => row.id);
        await trx.deleteFrom("training_chunks").where("training_data_id", "in", processedIds).execute();
        const passages = processed.flatMap(passagesOf);
        // Well under PostgreSQL's 65,535 bind parameters per statement.
        for (let at = 0; at < passages.length; at += 2000) {
          await trx.insertInto("training_chunks").values(passages.slice(at, at + 2000)).execute();
        }
        await trx.updateTable("training_data").set({ status: "processed" }).where("id", "in", processedIds).execute();
      }
      if (failed.length > 0) {
        await trx.updateTable("training_data").set({ status: "failed" }).where("id", "in", failed.map((row) => row.id)).execute();
      }
      done += batch.length;
      await trx
        .updateTable("training_jobs")
        .set({ progress: Math.floor((done * 100) / ids.length) })
        .where("id", "=", job.id)
        .execute();
      return true;
    });
    if (!stillRunning) return "finished";
    if (options.batchSize === undefined) batchSize = nextBatchSize(batchSize, performance.now() - began);
    await options.afterBatch?.(job.id, done, ids.length);
    await yieldToEventLoop();
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
