import Type from "typebox";
import type { AppContext } from "../context.js";
import { optionalUser, requireUser } from "../auth/current-user.js";
import { badRequest, conflict } from "../http-errors.js";
import { ownedBot, visibleBot } from "./access.js";
import type { Api } from "./api.js";
import { afterTime, createdAtKey, pageLimit, timeCursor, timePage } from "./pagination.js";
import { presentBot } from "./presenters.js";
import { Bot } from "./resources.js";
import { bearer, errorResponses, idParams, JsonObject, NoContent, Nullable, PageQuery, pageOf } from "./schemas.js";

const botProperties = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Nullable(Type.String({ maxLength: 2000 })),
  system_prompt: Nullable(Type.String({ maxLength: 10000 })),
  model_name: Type.String({ minLength: 1, maxLength: 100 }),
  temperature: Type.Number({ minimum: 0, maximum: 2, description: "at most 2 decimal places" }),
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

// temperature is numeric(3,2): more decimals would be rounded by the database silently.
const checkTemperature = (value: number | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (Math.round(value * 100) !== value * 100) throw badRequest("temperature may have at most 2 decimal places");
  return value.toFixed(2);
};

const duplicateName = () => conflict("BOT_NAME_TAKEN", "you already have a bot with this name");
const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === "23505";

export const registerBotRoutes = (app: Api, ctx: AppContext): void => {
  app.post(
    "/api/v1/bots",
    { schema: { tags, summary: "Create a bot", security: bearer, body: CreateBot, response: { 201: Bot, ...errorResponses } } },
    async (request, reply) => {
    const user = await requireUser(ctx, request);
    const { settings, temperature, ...rest } = request.body;
    const values = {
      ...rest,
      owner_id: user.id,
      ...(temperature === undefined ? {} : { temperature: checkTemperature(temperature) }),
      ...(settings === undefined ? {} : { settings: JSON.stringify(settings) }),
    };
    const bot = await ctx.db
      .insertInto("bots")
      .values(values)
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? duplicateName() : error;
      });
    return reply.code(201).send(presentBot(bot));
  });

  app.get(
    "/api/v1/bots",
    {
      schema: {
        tags,
        summary: "Your bots and the public ones (anonymous: the public ones), newest first",
        security: [...bearer, {}],
        querystring: PageQuery,
        response: { 200: pageOf(Bot), ...errorResponses },
      },
    },
    async (request) => {
      const user = await optionalUser(ctx, request);
      const limit = pageLimit(request.query);
      const after = timeCursor(request.query);
      let query = ctx.db
        .selectFrom("bots")
        .selectAll()
        .select(createdAtKey.as("cursor_at"))
        .where((eb) => (user ? eb.or([eb("owner_id", "=", user.id), eb("is_public", "=", true)]) : eb("is_public", "=", true)));
      if (after) query = query.where(afterTime(after, "desc"));
      const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).execute();
      return timePage(rows, limit, presentBot);
    },
  );

  app.get(
    "/api/v1/bots/:botId",
    {
      schema: {
        tags,
        summary: "One bot: yours, or a public one",
        security: [...bearer, {}],
        params: BotParams,
        response: { 200: Bot, ...errorResponses },
      },
    },
    async (request) => presentBot(await visibleBot(ctx, request.params.botId, await optionalUser(ctx, request))),
  );

  app.patch(
    "/api/v1/bots/:botId",
    { schema: { tags, summary: "Change your bot", security: bearer, params: BotParams, body: UpdateBot, response: { 200: Bot, ...errorResponses } } },
    async (request) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      const { settings, temperature, ...rest } = request.body;
      const updated = await ctx.db
        .updateTable("bots")
        .set({
          ...rest,
          ...(temperature === undefined ? {} : { temperature: checkTemperature(temperature) }),
          ...(settings === undefined ? {} : { settings: JSON.stringify(settings) }),
        })
        .where("id", "=", bot.id)
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? duplicateName() : error;
        });
      return presentBot(updated);
    },
  );

  app.delete(
    "/api/v1/bots/:botId",
    {
      schema: {
        tags,
        summary: "Delete your bot with its training data, jobs and conversations",
        security: bearer,
        params: BotParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      await ctx.db.deleteFrom("bots").where("id", "=", bot.id).execute();
      return reply.code(204).send(null);
    },
  );
};
