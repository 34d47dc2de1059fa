// Finds and scores the passages (training_chunks) that could answer a message, and decides
// whether the best one is good enough to answer with. Scoring, for each passage:
//
//   coverage  the share of the message's words (English lexemes, stop words dropped) the
//             passage contains: a word in a qa item's question counts 1, in its answer or
//             in a text chunk BODY_WEIGHT (a question says what it is about; a body
//             mentions many things in passing); a misspelt word counts its pg_trgm
//             similarity to the closest word of the passage when that is >= FUZZY_MIN.
//             LIGHT_WORDS (get, need, allow, tell, ...) frame a question rather than
//             name its topic, and weigh LIGHT_WEIGHT: "where do I get towels?" is about
//             towels, and "tell me a joke" shares only "tell" with "tell the staff".
//   trigram   pg_trgm similarity of the whole message to a qa item's question, or
//             word_similarity of the message within a text chunk.
//   score     coverage * (1 - TRIGRAM_WEIGHT + TRIGRAM_WEIGHT * trigram), in 0..1: the
//             words decide, and how alike the wording is only moves the score within
//             them, so "can I bring my cat?" does not ride on its likeness to "can I
//             bring my dog?" (coverage 1/2: 0.5 at most).
//
// The best passage answers only when its score is at least MIN_SCORE and it leads the best
// passage of any other item (with a different text) by at least MIN_MARGIN: a message
// that shares one word of three with a passage ("dairy-free milk?" and "is the wifi
// free?") scores about 0.3, and two items that fit equally well are a guess, not an answer.
import { sql } from "kysely";
import type { Database } from "../database.js";
import { PASSAGE_DOCUMENT_SQL } from "../models/index.js";

export const TRIGRAM_WEIGHT = 0.3;
export const BODY_WEIGHT = 0.8;
export const FUZZY_MIN = 0.5;
/**
 * Words that frame a question more than they name its topic. PostgreSQL's English stop
 * words are function words only; these are the verbs and fillers of questions.
 */
export const LIGHT_WORDS = [
  "get", "got", "need", "want", "allow", "allowed", "possible", "tell", "know", "like", "please", "help",
  "find", "make", "go", "use", "way", "thing", "something", "anything", "give", "let", "ask", "say",
  "much", "many", "long", // how much, how many, how long
];
export const LIGHT_WEIGHT = 0.25;
export const MIN_SCORE = 0.5;
export const MIN_MARGIN = 0.05;
/** Passages the database hands over for scoring, best full-text rank first. */
const CANDIDATES = 40;

export type SourceType = "text" | "qa" | "url" | "file";

export interface ScoredPassage {
  readonly chunkId: string;
  readonly trainingDataId: string;
  readonly sourceType: SourceType;
  readonly position: number;
  readonly question: string | null;
  readonly content: string;
  readonly coverage: number;
  readonly trigram: number;
  readonly score: number;
}

export interface Decision {
  /** Passages in score order, best first (at most CANDIDATES). */
  readonly ranked: readonly ScoredPassage[];
  /** The passage that answers, or null: below MIN_SCORE, or not MIN_MARGIN ahead. */
  readonly answer: ScoredPassage | null;
  /** The best score minus the best score of another item's passage (the best score if none). */
  readonly margin: number;
}

// The index's own expression, over unqualified columns, so that PostgreSQL can use the index.
const document = sql.raw(PASSAGE_DOCUMENT_SQL);

interface CandidateRow {
  id: string;
  training_data_id: string;
  source_type: SourceType;
  position: number;
  question: string | null;
  content: string;
  trigram: number;
  /** Per message lexeme: best match in the question and in the content (1 exact, else pg_trgm similarity), and whether it is light. */
  best: { q: number; c: number; light: boolean }[] | null;
}

const credit = (best: number): number => (best >= 1 ? 1 : best >= FUZZY_MIN ? best : 0);

const score = (row: CandidateRow): ScoredPassage => {
  const words = row.best ?? [];
  const weight = (w: { light: boolean }) => (w.light ? LIGHT_WEIGHT : 1);
  const total = words.reduce((sum, w) => sum + weight(w), 0);
  const found = words.reduce((sum, w) => sum + weight(w) * Math.max(credit(w.q), BODY_WEIGHT * credit(w.c)), 0);
  const coverage = total === 0 ? 0 : found / total;
  const trigram = Number(row.trigram);
  return {
    chunkId: row.id,
    trainingDataId: row.training_data_id,
    sourceType: row.source_type,
    position: row.position,
    question: row.question,
    content: row.content,
    coverage,
    trigram,
    score: coverage * (1 - TRIGRAM_WEIGHT + TRIGRAM_WEIGHT * trigram),
  };
};

/** The bot's passages that share a word with the message, or whose question looks like it, scored. */
export const rankPassages = async (db: Database, botId: string, message: string): Promise<ScoredPassage[]> => {
  // Words of the message. A hyphenated word ("dairy-free") yields its parts too; the whole
  // is left out so that it does not count as a third word nothing contains.
  const result = await sql<CandidateRow>`
    with query as (
      select
        array(select l from unnest(tsvector_to_array(to_tsvector('english', ${message}))) as l where l !~ '-') as lexemes,
        replace(plainto_tsquery('english', ${message})::text, ' & ', ' | ')::tsquery as any_word,
        tsvector_to_array(to_tsvector('english', ${LIGHT_WORDS.join(" ")})) as light
    ),
    candidates as (
      select id, training_data_id, position, question, content
      from training_chunks cross join query
      where bot_id = ${botId}
        and (${document} @@ query.any_word or (question is not null and question % ${message}))
      order by ts_rank(${document}, query.any_word) desc, id
      limit ${CANDIDATES}
    )
    select c.id, c.training_data_id, d.source_type, c.position, c.question, c.content,
      case when c.question is not null then similarity(${message}, c.question)
           else word_similarity(${message}, c.content) end as trigram,
      (select jsonb_agg(jsonb_build_object(
                'q', case when w.l = any(v.question_words) then 1
                          else coalesce((select max(similarity(x, w.l)) from unnest(v.question_words) as x), 0) end,
                'c', case when w.l = any(v.content_words) then 1
                          else coalesce((select max(similarity(x, w.l)) from unnest(v.content_words) as x), 0) end,
                'light', w.l = any(query.light))
              order by w.n)
       from unnest(query.lexemes) with ordinality as w(l, n)) as best
    from candidates c
    join training_data d on d.id = c.training_data_id
    -- Each passage's words once; a message word found among them needs no similarity.
    cross join lateral (
      select tsvector_to_array(to_tsvector('english', coalesce(c.question, ''))) as question_words,
             tsvector_to_array(to_tsvector('english', c.content)) as content_words
    ) as v
    cross join query
  `.execute(db);
  return result.rows.map(score).sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId));
};

/** Applies MIN_SCORE and MIN_MARGIN to ranked passages. */
export const decide = (ranked: readonly ScoredPassage[]): Decision => {
  const best = ranked[0];
  if (!best) return { ranked, answer: null, margin: 0 };
  // Another item saying the same thing is agreement, not competition.
  const rival = ranked.find((p) => p.trainingDataId !== best.trainingDataId && p.content !== best.content);
  const margin = best.score - (rival?.score ?? 0);
  const answer = best.score >= MIN_SCORE && margin >= MIN_MARGIN ? best : null;
  return { ranked, answer, margin };
};
