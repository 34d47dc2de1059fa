// Bots: created, changed and deleted by their owner; seen by their owner, and by anyone
// while public (a visitor's view leaves out the configuration).
import Type from "typebox";
import type { AppContext } from "../context.js";
import { signedIn, type RouteGroup } from "../auth/access-scope.js";
import { badRequest, conflict, forbidden, notFound } from "../http-errors.js";
import { canSee, deleteBot, findBot, insertBot, listVisibleBots, updateBot, type BotRow } from "../repositories/bots.js";
import type { Api } from "./api.js";
import { timePage, timeWindow } from "./pagination.js";
import { presentBot } from "./presenters.js";
import { Bot } from "./resources.js";
import { errorResponses, idParams, JsonObject, NoContent, Nullable, PageQuery, pageOf } from "./schemas.js";

const botProperties = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Nullable(Type.String({ maxLength: 2000 })),
  system_prompt: Nullable(Type.String({ maxLength: 10000 })),
  model_name: Type.String({ minLength: 1, maxLength: 100 }),
  temperature: Type.Number({ minimum: 0, maximum: 2, description: "0 to 2, at most 2 decimal places" }),
  is_public: Type.Boolean(),
  settings: JsonObject,
};

const CreateBot = Type.Object(
  { ...Type.Partial(Type.Object(botProperties)).properties, name: botProperties.name },
  { additionalProperties: false },
);
const UpdateBot = Type.Partial(Type.Object(botProperties), { additionalProperties: false, minProperties: 1 });
const BotParams = idParams("botId");
const tags = ["bots"];

// The shortest decimal that reads back as the same double is what the client wrote
// (1.1 is "1.1", though 1.1 * 100 is 110.00000000000001): test its digits, not the float.
const TWO_DECIMALS = /^[0-9](?:\.[0-9]{1,2})?$/;

/** temperature as numeric(3,2) text; more decimals would be rounded by the database silently. */
export const temperatureText = (value: number): string => {
  if (!TWO_DECIMALS.test(String(value))) throw badRequest("temperature may have at most 2 decimal places");
  return value.toFixed(2);
};

const duplicateName = () => conflict("BOT_NAME_TAKEN", "you already have a bot with this name");

const columns = (body: { settings?: Record<string, unknown>; temperature?: number }) => ({
  ...(body.temperature === undefined ? {} : { temperature: temperatureText(body.temperature) }),
  ...(body.settings === undefined ? {} : { settings: JSON.stringify(body.settings) }),
});

/** A private bot is 404 to all but its owner, so its existence does not leak. */
export const visibleBot = async (ctx: AppContext, botId: string, viewerId: string | undefined): Promise<BotRow> => {
  const bot = await findBot(ctx.db, botId);
  if (!bot || !canSee(bot, viewerId)) throw notFound("bot");
  return bot;
};

/** Visible bots answer 403 to a non-owner; others 404. */
export const ownedBot = async (ctx: AppContext, botId: string, userId: string): Promise<BotRow> => {
  const bot = await visibleBot(ctx, botId, userId);
  if (bot.owner_id !== userId) throw forbidden("only the bot's owner may do this");
  return bot;
};

export const botsForAnyone: RouteGroup = (app: Api, ctx) => {
  app.get(
    "/api/v1/bots",
    {
      schema: {
        operationId: "listBots",
        tags,
        summary: "Your bots and the public ones (anonymous: the public ones), newest first",
        querystring: PageQuery,
        response: { 200: pageOf(Bot), ...errorResponses },
      },
    },
    async (request) => {
      const viewer = request.user?.id;
      const window = timeWindow(request.query);
      return timePage(await listVisibleBots(ctx.db, viewer, window), window.limit, (bot) => presentBot(bot, viewer));
    },
  );

  app.get(
    "/api/v1/bots/:botId",
    {
      schema: {
        operationId: "getBot",
        tags,
        summary: "One bot: yours, or a public one",
        params: BotParams,
        response: { 200: Bot, ...errorResponses },
      },
    },
    async (request) => presentBot(await visibleBot(ctx, request.params.botId, request.user?.id), request.user?.id),
  );
};

export const botsForOwners: RouteGroup = (app: Api, ctx) => {
  app.post(
    "/api/v1/bots",
    { schema: { operationId: "createBot", tags, summary: "Create a bot", body: CreateBot, response: { 201: Bot, ...errorResponses } } },
    async (request, reply) => {
      const user = signedIn(request);
      const { settings, temperature, ...rest } = request.body;
      const bot = await insertBot(ctx.db, { ...rest, ...columns({ settings, temperature }), owner_id: user.id });
      if (bot === "name taken") throw duplicateName();
      return reply.code(201).send(presentBot(bot, user.id));
    },
  );

  app.patch(
    "/api/v1/bots/:botId",
    {
      schema: { operationId: "updateBot", tags, summary: "Change your bot", params: BotParams, body: UpdateBot, response: { 200: Bot, ...errorResponses } },
    },
    async (request) => {
      const user = signedIn(request);
      const bot = await ownedBot(ctx, request.params.botId, user.id);
      const { settings, temperature, ...rest } = request.body;
      const updated = await updateBot(ctx.db, bot.id, { ...rest, ...columns({ settings, temperature }) });
      if (updated === "name taken") throw duplicateName();
      return presentBot(updated, user.id);
    },
  );

  app.delete(
    "/api/v1/bots/:botId",
    {
      schema: {
        operationId: "deleteBot",
        tags,
        summary: "Delete your bot with its training data, jobs and conversations",
        params: BotParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const bot = await ownedBot(ctx, request.params.botId, signedIn(request).id);
      await deleteBot(ctx.db, bot.id);
      return reply.code(204).send(null);
    },
  );
};
