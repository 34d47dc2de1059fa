// Rows as the API shows them. Password hashes and session ids are never part of a
// presenter's output unless named here on purpose.
import type { Selectable } from "kysely";
import type { DB } from "../models/index.js";

type Row<T extends keyof DB> = Selectable<DB[T]>;

export const presentUser = (user: Row<"users">) => ({
  id: user.id,
  email: user.email,
  username: user.username,
  full_name: user.full_name,
  avatar_url: user.avatar_url,
  is_active: user.is_active,
  is_superuser: user.is_superuser,
  created_at: user.created_at,
  updated_at: user.updated_at,
});

export const presentBot = (bot: Row<"bots">) => ({
  id: bot.id,
  owner_id: bot.owner_id,
  name: bot.name,
  description: bot.description,
  system_prompt: bot.system_prompt,
  model_name: bot.model_name,
  // numeric comes back as text from both drivers; the API speaks JSON numbers.
  temperature: Number(bot.temperature),
  is_public: bot.is_public,
  settings: bot.settings,
  created_at: bot.created_at,
  updated_at: bot.updated_at,
});

export const presentTrainingData = (row: Row<"training_data">) => ({
  id: row.id,
  bot_id: row.bot_id,
  source_type: row.source_type,
  question: row.question,
  content: row.content,
  metadata: row.metadata,
  status: row.status,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const presentJob = (job: Row<"training_jobs">) => ({
  id: job.id,
  bot_id: job.bot_id,
  status: job.status,
  progress: job.progress,
  error_message: job.error_message,
  started_at: job.started_at,
  completed_at: job.completed_at,
  created_at: job.created_at,
  updated_at: job.updated_at,
});

/** The session id is the anonymous visitor's key: shown only to whoever started the conversation. */
export const presentConversation = (row: Row<"conversations">, options: { withSession?: boolean } = {}) => ({
  id: row.id,
  bot_id: row.bot_id,
  user_id: row.user_id,
  ...(options.withSession ? { session_id: row.session_id } : {}),
  title: row.title,
  message_count: row.message_count,
  last_message_at: row.last_message_at,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const presentMessage = (row: Row<"conversation_messages">) => ({
  id: Number(row.id),
  conversation_id: row.conversation_id,
  role: row.role,
  content: row.content,
  token_count: row.token_count,
  metadata: row.metadata,
  created_at: row.created_at,
});
