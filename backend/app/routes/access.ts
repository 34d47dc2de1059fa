// Who may see and change what. A private bot is invisible to everyone but its owner (404,
// never 403, so its existence does not leak); a public bot is visible to all but still
// changed only by its owner.
import type { Selectable } from "kysely";
import type { AppContext } from "../context.js";
import type { DB } from "../models/index.js";
import type { UserRow } from "../auth/current-user.js";
import { forbidden, notFound } from "../http-errors.js";

export type BotRow = Selectable<DB["bots"]>;

export const visibleBot = async (ctx: AppContext, botId: string, user: UserRow | undefined): Promise<BotRow> => {
  const bot = await ctx.db.selectFrom("bots").selectAll().where("id", "=", botId).executeTakeFirst();
  if (!bot || (!bot.is_public && bot.owner_id !== user?.id)) throw notFound("bot");
  return bot;
};

export const ownedBot = async (ctx: AppContext, botId: string, user: UserRow): Promise<BotRow> => {
  const bot = await visibleBot(ctx, botId, user);
  if (bot.owner_id !== user.id) throw forbidden("only the bot's owner may do this");
  return bot;
};
