// What each resource looks like on the wire: the response schemas matching presenters.ts.
// The serializer writes only the fields named here, so a column a query happens to select
// (a password hash, a session id) cannot reach a client through a forgotten presenter.
import Type from "typebox";
import { StoredJson, Nullable, Timestamp, Uuid } from "./schemas.js";

export const User = Type.Object({
  id: Uuid,
  email: Type.String({ format: "email" }),
  username: Type.String(),
  full_name: Nullable(Type.String()),
  avatar_url: Nullable(Type.String()),
  is_active: Type.Boolean(),
  is_superuser: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const Bot = Type.Object({
  id: Uuid,
  owner_id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  system_prompt: Nullable(Type.String()),
  model_name: Type.String(),
  temperature: Type.Number(),
  is_public: Type.Boolean(),
  settings: StoredJson,
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const SourceType = Type.Enum(["text", "qa", "url", "file"]);

export const TrainingData = Type.Object({
  id: Uuid,
  bot_id: Uuid,
  source_type: SourceType,
  question: Nullable(Type.String()),
  content: Type.String(),
  metadata: StoredJson,
  status: Type.Enum(["pending", "processed", "failed"]),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const Job = Type.Object({
  id: Uuid,
  bot_id: Uuid,
  status: Type.Enum(["pending", "running", "completed", "failed", "cancelled"]),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  error_message: Nullable(Type.String()),
  started_at: Nullable(Timestamp),
  completed_at: Nullable(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const Conversation = Type.Object({
  id: Uuid,
  bot_id: Uuid,
  user_id: Nullable(Uuid),
  session_id: Type.Optional(Type.String({ description: "only in the response that started the conversation" })),
  title: Nullable(Type.String()),
  message_count: Type.Integer(),
  last_message_at: Nullable(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const Message = Type.Object({
  id: Type.Integer(),
  conversation_id: Uuid,
  role: Type.Enum(["system", "user", "assistant"]),
  content: Type.String(),
  token_count: Type.Integer(),
  metadata: Type.Unsafe<unknown>({
    type: "object",
    additionalProperties: true,
    description:
      "an assistant message's provenance: source (training_data_id, chunk_id, source_type, score, margin) or null for the fallback, and generated_by (the language model, or null)",
  }),
  created_at: Timestamp,
});
