import { table, touchUpdatedAt, sql, uuid, varchar, integer, timestamp, index } from "retort-migrate";
import { bots } from "./bots.js";
import { users } from "./users.js";

// touchUpdatedAt: updated_at is set by the database on every UPDATE (002_triggers).
export const conversations = touchUpdatedAt(table(
  "conversations",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    bot_id: uuid().notNull().references(() => bots.id, { onDelete: "cascade" }),
    // Null for anonymous visitors, and after the user is deleted: the bot keeps the history.
    user_id: uuid().references(() => users.id, { onDelete: "set null" }),
    session_id: varchar(64).notNull(),
    title: varchar(255),
    // Maintained by the 002_triggers functions, never written by the application.
    message_count: integer().notNull().default(0),
    last_message_at: timestamp({ withTimezone: true }),
    created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
    updated_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    // A new message updates the conversation row, so updated_at is its last activity.
    index("ix_conversations_bot_recent").on(t.bot_id, t.updated_at.desc()),
    index("ix_conversations_user").on(t.user_id),
    // The list's keyset order within a bot: (created_at, id) descending.
    index("ix_conversations_bot_created_id").on(t.bot_id, t.created_at.desc(), t.id.desc()),
  ],
));
