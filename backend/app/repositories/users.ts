// The users table's queries. Emails are stored lower-cased; usernames keep the case they
// were registered with but are unique and matched case-insensitively (revision 005).
import { sql, type Insertable, type Selectable, type Updateable } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../models/index.js";

export type UserRow = Selectable<DB["users"]>;

export const findUserById = (db: Database, id: string): Promise<UserRow | undefined> =>
  db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();

/** By username (any case) or by email. */
export const findUserByLogin = (db: Database, login: string): Promise<UserRow | undefined> =>
  db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb.or([eb(sql`lower(username)`, "=", login.toLowerCase()), eb("email", "=", login.toLowerCase())]))
    .executeTakeFirst();

/** Which of an email and a username another account already holds. */
export const takenIdentity = async (db: Database, email: string, username: string): Promise<"email" | "username" | null> => {
  const row = await db
    .selectFrom("users")
    .select(["email"])
    .where((eb) => eb.or([eb("email", "=", email), eb(sql`lower(username)`, "=", username.toLowerCase())]))
    .executeTakeFirst();
  if (!row) return null;
  return row.email === email ? "email" : "username";
};

// The indexes that decide when two registrations race past takenIdentity.
const UNIQUE_EMAIL = ["uq_users_email", "uq_users_email_lower"];

/** Inserts the user; a unique violation names what was taken. */
export const insertUser = (db: Database, values: Insertable<DB["users"]>): Promise<UserRow | "email" | "username"> =>
  db
    .insertInto("users")
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((error: { code?: unknown; constraint?: unknown }) => {
      if (error.code !== "23505") throw error;
      return UNIQUE_EMAIL.includes(String(error.constraint)) ? "email" : "username";
    });

export const updateUser = (db: Database, id: string, changes: Updateable<DB["users"]>): Promise<UserRow> =>
  db.updateTable("users").set(changes).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
