import { table, sql, uuid, bigint, text, integer, jsonb, timestamp, index } from "retort-migrate";
import { conversations } from "./conversations.js";
import { messageRole } from "./enums.js";

export const conversationMessages = table(
  "conversation_messages",
  {
    id: bigint().primaryKey().generatedAlwaysAsIdentity(),
    conversation_id: uuid().notNull().references(() => conversations.id, { onDelete: "cascade" }),
    role: messageRole.column().notNull(),
    content: text().notNull(),
    token_count: integer().notNull().default(0),
    // For an assistant message: which training item answered ({source: {...}} or
    // {source: null} for the fallback) and whether a language model wrote it.
    metadata: jsonb().notNull().default(sql`'{}'::jsonb`),
    created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index("ix_conversation_messages_conversation_created").on(t.conversation_id, t.created_at),
    // The list's keyset order within a conversation: the identity id.
    index("ix_conversation_messages_conversation_id").on(t.conversation_id, t.id),
  ],
);
