// The conversations and conversation_messages tables' queries. A conversation is always
// read together with its bot's owner and current visibility: access to it depends on
// both, on every request.
import type { Insertable, Selectable } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../models/index.js";
import { orderedByTime, type TimeWindow } from "./keyset.js";

export type ConversationRow = Selectable<DB["conversations"]>;
export type MessageRow = Selectable<DB["conversation_messages"]>;

export interface ConversationWithBot {
  readonly conversation: ConversationRow;
  readonly bot: { readonly owner_id: string; readonly is_public: boolean };
}

export const findConversation = async (db: Database, id: string): Promise<ConversationWithBot | undefined> => {
  const row = await db
    .selectFrom("conversations")
    .innerJoin("bots", "bots.id", "conversations.bot_id")
    .selectAll("conversations")
    .select(["bots.owner_id as bot_owner_id", "bots.is_public as bot_is_public"])
    .where("conversations.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { bot_owner_id, bot_is_public, ...conversation } = row;
  return { conversation, bot: { owner_id: bot_owner_id, is_public: bot_is_public } };
};

export const insertConversation = (db: Database, values: Insertable<DB["conversations"]>): Promise<ConversationRow> =>
  db.insertInto("conversations").values(values).returningAll().executeTakeFirstOrThrow();

/** Newest first; only `userId`'s own when given, all of the bot's otherwise. */
export const listConversations = (db: Database, botId: string, onlyOf: string | undefined, window: TimeWindow) => {
  let query = db.selectFrom("conversations").selectAll().where("bot_id", "=", botId);
  if (onlyOf !== undefined) query = query.where("user_id", "=", onlyOf);
  // Ordered by creation, not by last activity: a key that moves while a client walks
  // the pages would show a conversation twice or skip it.
  return orderedByTime(query, "desc", window).execute();
};

/** In insertion order (the identity id): a question always precedes its reply. */
export const listMessages = (db: Database, conversationId: string, window: { limit: number; after: string | undefined }) => {
  let query = db.selectFrom("conversation_messages").selectAll().where("conversation_id", "=", conversationId);
  if (window.after !== undefined) query = query.where("id", ">", window.after);
  return query.orderBy("id").limit(window.limit + 1).execute();
};

export const insertMessage = (db: Database, values: Insertable<DB["conversation_messages"]>): Promise<MessageRow> =>
  db.insertInto("conversation_messages").values(values).returningAll().executeTakeFirstOrThrow();

/** Gives an untitled conversation its first message as the title; returns the row. */
export const titleIfUntitled = (db: Database, id: string, title: string): Promise<ConversationRow> =>
  db
    .updateTable("conversations")
    .set((eb) => ({ title: eb.fn.coalesce("title", eb.val(title)) }))
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
