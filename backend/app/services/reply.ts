// The assistant's answer: the best match among the bot's processed question-answer pairs
// by PostgreSQL full-text search, or a fallback that says plainly nothing matched.
import { sql } from "kysely";
import type { Database } from "../database.js";
import { TRAINING_DOCUMENT_SQL } from "../models/index.js";

export const FALLBACK_REPLY =
  "Sorry, I don't have an answer to that yet. Try rephrasing your question, or ask the bot's owner to add training data about it.";

export interface Reply {
  readonly content: string;
  /** The training_data row the answer came from; null for the fallback. */
  readonly source: { readonly trainingDataId: string; readonly rank: number } | null;
}

const document = sql.raw(TRAINING_DOCUMENT_SQL);

export const findReply = async (db: Database, botId: string, message: string): Promise<Reply> => {
  // plainto_tsquery ANDs every word, which misses most natural questions; OR-ing the
  // same lexemes lets any shared word match and leaves ranking to decide. A message of
  // stop words only gives an empty query, which matches nothing.
  const query = sql`replace(plainto_tsquery('english', ${message})::text, ' & ', ' | ')::tsquery`;
  const best = await db
    .selectFrom("training_data")
    .select([
      "id",
      "content",
      // Words in the question count more than words in the answer.
      sql<number>`ts_rank(setweight(to_tsvector('english', coalesce(question, '')), 'A') || setweight(to_tsvector('english', content), 'B'), ${query})`.as(
        "rank",
      ),
    ])
    .where("bot_id", "=", botId)
    .where("source_type", "=", "qa")
    .where("status", "=", "processed")
    .where(sql<boolean>`${document} @@ ${query}`)
    .orderBy("rank", "desc")
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  if (!best) return { content: FALLBACK_REPLY, source: null };
  return { content: best.content, source: { trainingDataId: best.id, rank: Number(best.rank) } };
};

/** A rough token count (words and punctuation runs), enough for usage display. */
export const countTokens = (text: string): number => text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
