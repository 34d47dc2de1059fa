// The training_jobs table's queries as the API uses them; the runner claims and finishes
// jobs itself (services/training-runner.ts).
import { sql, type Selectable } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../models/index.js";
import { orderedByTime, type TimeWindow } from "./keyset.js";

export type JobRow = Selectable<DB["training_jobs"]>;

/**
 * A new pending job, or undefined when the bot already has an active one. The partial
 * unique index decides, so two simultaneous requests cannot both win.
 */
export const insertJobUnlessActive = (db: Database, botId: string): Promise<JobRow | undefined> =>
  db
    .insertInto("training_jobs")
    .values({ bot_id: botId })
    // The predicate is literal SQL: index inference must prove it implies the index's
    // predicate at plan time, which it cannot do through bound parameters.
    .onConflict((oc) => oc.column("bot_id").where(sql<boolean>`status in ('pending', 'running')`).doNothing())
    .returningAll()
    .executeTakeFirst();

/** Newest first. */
export const listJobs = (db: Database, botId: string, window: TimeWindow) =>
  orderedByTime(db.selectFrom("training_jobs").selectAll().where("bot_id", "=", botId), "desc", window).execute();

export const findJob = (db: Database, botId: string, id: string): Promise<JobRow | undefined> =>
  db.selectFrom("training_jobs").selectAll().where("id", "=", id).where("bot_id", "=", botId).executeTakeFirst();

/** The cancelled job, or undefined when it was not pending or running. */
export const cancelActiveJob = (db: Database, botId: string, id: string): Promise<JobRow | undefined> =>
  db
    .updateTable("training_jobs")
    .set({ status: "cancelled", completed_at: new Date() })
    .where("id", "=", id)
    .where("bot_id", "=", botId)
    .where("status", "in", ["pending", "running"])
    .returningAll()
    .executeTakeFirst();
