// What training makes of the bot's items for the reply engine: one passage per qa item
// (its question and answer) and the chunks of text/url/file content. Replies search these
// rows only, so an item answers once a job has processed it, and deleting it removes them.
import { table, sql, uuid, text, integer, timestamp, index, unique } from "retort-migrate";
import { bots } from "./bots.js";
import { trainingData } from "./training-data.js";

/**
 * The full-text document of a passage, the question weighted above the content. The reply
 * query repeats this exact expression (app/services/reply-ranking.ts) so that PostgreSQL
 * can use the index.
 */
export const PASSAGE_DOCUMENT_SQL =
  "(setweight(to_tsvector('english', coalesce(question, '')), 'A') || setweight(to_tsvector('english', content), 'B'))";

export const trainingChunks = table(
  "training_chunks",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    training_data_id: uuid().notNull().references(() => trainingData.id, { onDelete: "cascade" }),
    // Repeated from the item so that a reply searches one bot's passages without a join.
    bot_id: uuid().notNull().references(() => bots.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    // A qa item's question; null for a chunk of text.
    question: text(),
    content: text().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    unique("uq_training_chunks_item_position").on(t.training_data_id, t.position),
    index("ix_training_chunks_bot").on(t.bot_id),
    index("ix_training_chunks_fts").using("gin").on(sql.raw(PASSAGE_DOCUMENT_SQL)),
    // Finds a qa item by a misspelt question. Chunks have no trigram index: a 600-character
    // chunk is some 400 trigrams to index, which made training several times slower; they
    // are found by full-text search and only scored by trigram similarity.
    index("ix_training_chunks_question_trgm").using("gin").on(t.question.opclass("gin_trgm_ops")),
  ],
);
