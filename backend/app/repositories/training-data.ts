// The training_data table's queries, always within one bot.
import type { Insertable, Selectable } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../models/index.js";
import { orderedByTime, type TimeWindow } from "./keyset.js";

export type TrainingDataRow = Selectable<DB["training_data"]>;

export const insertTrainingData = (db: Database, values: Insertable<DB["training_data"]>): Promise<TrainingDataRow> =>
  db.insertInto("training_data").values(values).returningAll().executeTakeFirstOrThrow();

/** Oldest first. */
export const listTrainingData = (db: Database, botId: string, window: TimeWindow) =>
  orderedByTime(db.selectFrom("training_data").selectAll().where("bot_id", "=", botId), "asc", window).execute();

/** false when the bot has no such item. */
export const deleteTrainingData = async (db: Database, botId: string, id: string): Promise<boolean> => {
  const deleted = await db.deleteFrom("training_data").where("id", "=", id).where("bot_id", "=", botId).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
};
