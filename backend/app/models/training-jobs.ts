import { table, touchUpdatedAt, sql, uuid, text, integer, timestamp, index, uniqueIndex, check } from "retort-migrate";
import { bots } from "./bots.js";
import { jobStatus } from "./enums.js";

// touchUpdatedAt: updated_at is set by the database on every UPDATE (002_triggers).
export const trainingJobs = touchUpdatedAt(table(
  "training_jobs",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    bot_id: uuid().notNull().references(() => bots.id, { onDelete: "cascade" }),
    status: jobStatus.column().notNull().default("pending"),
    progress: integer().notNull().default(0),
    error_message: text(),
    started_at: timestamp({ withTimezone: true }),
    completed_at: timestamp({ withTimezone: true }),
    created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
    updated_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index("ix_training_jobs_bot_created").on(t.bot_id, t.created_at.desc()),
    // The database, not the API, guarantees one active job per bot, even across replicas.
    uniqueIndex("uq_training_jobs_one_active_per_bot").on(t.bot_id).where(sql`status in ('pending', 'running')`),
    check("ck_training_jobs_progress_range", sql`progress >= 0 and progress <= 100`),
  ],
));
