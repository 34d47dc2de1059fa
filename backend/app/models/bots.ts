import { table, touchUpdatedAt, sql, uuid, varchar, text, boolean, numeric, jsonb, timestamp, index, unique, check } from "retort-migrate";
import { users } from "./users.js";

// touchUpdatedAt: updated_at is set by the database on every UPDATE (002_triggers).
export const bots = touchUpdatedAt(table(
  "bots",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    owner_id: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    name: varchar(100).notNull(),
    description: text(),
    system_prompt: text(),
    model_name: varchar(100).notNull().default("fts-qa"),
    temperature: numeric(3, 2).notNull().default("0.70"),
    is_public: boolean().notNull().default(false),
    settings: jsonb().notNull().default(sql`'{}'::jsonb`),
    created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
    updated_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    unique("uq_bots_owner_name").on(t.owner_id, t.name),
    index("ix_bots_owner_created").on(t.owner_id, t.created_at.desc()),
    index("ix_bots_public_created").on(t.created_at.desc()).where(sql`is_public`),
    // The list's keyset order: (created_at, id) descending.
    index("ix_bots_created_id").on(t.created_at.desc(), t.id.desc()),
    check("ck_bots_temperature_range", sql`temperature >= 0 and temperature <= 2`),
  ],
));
