import { table, touchUpdatedAt, sql, uuid, varchar, boolean, timestamp, uniqueIndex } from "retort-migrate";

// touchUpdatedAt: updated_at is set by the database on every UPDATE (002_triggers).
export const users = touchUpdatedAt(table(
  "users",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    // Stored lower-cased by the API; the lower() index below makes uniqueness not depend on it.
    email: varchar(255).notNull().unique(),
    username: varchar(50).notNull().unique(),
    password_hash: varchar(255).notNull(),
    full_name: varchar(255),
    avatar_url: varchar(500),
    is_active: boolean().notNull().default(true),
    is_superuser: boolean().notNull().default(false),
    created_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
    updated_at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  // RACE_x and race_x are one username; logins match either case through the same index.
  (t) => [
    uniqueIndex("uq_users_username_lower").on(sql`lower(${t.username})`),
    uniqueIndex("uq_users_email_lower").on(sql`lower(${t.email})`),
  ],
));
