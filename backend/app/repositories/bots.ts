// The bots table's queries. Visibility (public, or the caller's own) is decided here so
// that every route that reaches a bot applies the same rule.
import type { Insertable, Selectable, Updateable } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../models/index.js";
import { orderedByTime, type TimeWindow } from "./keyset.js";

export type BotRow = Selectable<DB["bots"]>;

export const findBot = (db: Database, id: string): Promise<BotRow | undefined> =>
  db.selectFrom("bots").selectAll().where("id", "=", id).executeTakeFirst();

/** Whether `viewerId` may see the bot now: its owner, or anyone while it is public. */
export const canSee = (bot: Pick<BotRow, "is_public" | "owner_id">, viewerId: string | undefined): boolean =>
  bot.is_public || bot.owner_id === viewerId;

/** The viewer's bots and the public ones, newest first. */
export const listVisibleBots = (db: Database, viewerId: string | undefined, window: TimeWindow) =>
  orderedByTime(
    db
      .selectFrom("bots")
      .selectAll()
      .where((eb) => (viewerId === undefined ? eb("is_public", "=", true) : eb.or([eb("owner_id", "=", viewerId), eb("is_public", "=", true)]))),
    "desc",
    window,
  ).execute();

const uniqueName = (error: { code?: unknown }) => {
  if (error.code === "23505") return "name taken" as const;
  throw error;
};

/** The new bot, or "name taken" when its owner already has one so named. */
export const insertBot = (db: Database, values: Insertable<DB["bots"]>): Promise<BotRow | "name taken"> =>
  db.insertInto("bots").values(values).returningAll().executeTakeFirstOrThrow().catch(uniqueName);

export const updateBot = (db: Database, id: string, changes: Updateable<DB["bots"]>): Promise<BotRow | "name taken"> =>
  db.updateTable("bots").set(changes).where("id", "=", id).returningAll().executeTakeFirstOrThrow().catch(uniqueName);

export const deleteBot = async (db: Database, id: string): Promise<void> => {
  await db.deleteFrom("bots").where("id", "=", id).execute();
};
