// The assistant's answer to a message. Retrieval first (reply-ranking.ts): the bot's
// passages scored by full-text coverage and trigram similarity, with a confidence bar and
// margin; below them the reply is a fallback that says plainly nothing matched. Above
// them the reply is the passage itself, or, when a language model is configured
// (LLM_BASE_URL, LLM_API_KEY), the model's answer from the retrieved passages in the bot's
// voice (model_name, system_prompt, temperature). Either way the answering training item
// is cited in the message's metadata.
import type { FastifyBaseLogger } from "fastify";
import type { Database } from "../database.js";
import { generateReply, type LlmSettings } from "./llm.js";
import { decide, MIN_SCORE, rankPassages, type ScoredPassage } from "./reply-ranking.js";

export const FALLBACK_REPLY =
  "Sorry, I don't have an answer to that yet. Try rephrasing your question, or ask the bot's owner to add training data about it.";

/** Passages given to the language model: the answer and others that cleared the bar. */
const LLM_PASSAGES = 3;

export interface ReplySource {
  readonly training_data_id: string;
  readonly chunk_id: string;
  readonly source_type: ScoredPassage["sourceType"];
  readonly score: number;
  readonly margin: number;
}

/** Stored as the assistant message's metadata. */
export interface ReplyMetadata {
  readonly source: ReplySource | null;
  /** The model that wrote the reply; null when the reply is the passage itself or the fallback. */
  readonly generated_by: string | null;
}

export interface Reply {
  readonly content: string;
  /** The training_data row the answer came from; null for the fallback. */
  readonly source: { readonly trainingDataId: string; readonly score: number } | null;
  readonly metadata: ReplyMetadata;
}

export interface ReplyOptions {
  /** A language model to write the reply; null or absent: the retrieved passage is the reply. */
  readonly llm?: LlmSettings | null;
  readonly log?: FastifyBaseLogger;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

const asPassage = (p: ScoredPassage) => (p.question === null ? p.content : `Q: ${p.question}\nA: ${p.content}`);

export const findReply = async (db: Database, botId: string, message: string, options: ReplyOptions = {}): Promise<Reply> => {
  const { ranked, answer, margin } = decide(await rankPassages(db, botId, message));
  if (!answer) return { content: FALLBACK_REPLY, source: null, metadata: { source: null, generated_by: null } };
  const source: ReplySource = {
    training_data_id: answer.trainingDataId,
    chunk_id: answer.chunkId,
    source_type: answer.sourceType,
    score: round(answer.score),
    margin: round(margin),
  };
  const retrieved = { content: answer.content, source: { trainingDataId: answer.trainingDataId, score: answer.score } };
  if (!options.llm) return { ...retrieved, metadata: { source, generated_by: null } };
  const bot = await db.selectFrom("bots").select(["model_name", "system_prompt", "temperature"]).where("id", "=", botId).executeTakeFirstOrThrow();
  const passages = [answer, ...ranked.filter((p) => p !== answer && p.score >= MIN_SCORE)].slice(0, LLM_PASSAGES).map(asPassage);
  try {
    const content = await generateReply(options.llm, {
      model: bot.model_name,
      systemPrompt: bot.system_prompt,
      temperature: Number(bot.temperature),
      message,
      passages,
    });
    return { content, source: retrieved.source, metadata: { source, generated_by: bot.model_name } };
  } catch (error) {
    // The passage still answers: a model that is down must not take the bot down with it.
    options.log?.warn({ err: error, botId }, "the language model failed; replying with the retrieved passage");
    return { ...retrieved, metadata: { source, generated_by: null } };
  }
};

/** A rough token count (words and punctuation runs), enough for usage display. */
export const countTokens = (text: string): number => text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
