import { table, touchUpdatedAt, sql, uuid, text, jsonb, timestamp, index, check } from "retort-migrate";
import { bots } from "./bots.js";
import { trainingSourceType, trainingStatus } from "./enums.js";

/**
 * The text the full-text index covers. The reply query repeats this exact expression
 * (app/services/reply.ts) so that PostgreSQL can use the index.
 */
export const TRAINING_DOCUMENT_SQL = "to_tsvector('english', coalesce(question, '') || ' ' || content)";

// touchUpdatedAt: updated_at is set by the database on every UPDATE (002_triggers).
export const trainingData = touchUpdatedAt(table(
  "training_data",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    bot_id: uuid().notNull().references(() => bots.id, { onDelete: "cascade" }),
    source_type: trainingSourceType.column().notNull(),
    question: text(),
    content: text().notNull(),
    metadata: jsonb().notNull().default(sql`'{}'::jsonb`),
    status: trainingStatus.column().notNull().default("pending"),
    created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
    updated_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index("ix_training_data_bot_status").on(t.bot_id, t.status),
    // The list's keyset order within a bot: (created_at, id).
    index("ix_training_data_bot_created_id").on(t.bot_id, t.created_at, t.id),
    index("ix_training_data_fts").using("gin").on(sql.raw(TRAINING_DOCUMENT_SQL)),
    check("ck_training_data_qa_question", sql`source_type <> 'qa' or question is not null`),
  ],
));
