import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.js";
import { optionalUser, requireUser } from "../auth/current-user.js";
import { badRequest, conflict } from "../http-errors.js";
import { ownedBot, visibleBot } from "./access.js";
import { idParams, jsonObject, page, pageQuery, type PageQuery } from "./schemas.js";
import { presentBot } from "./presenters.js";

interface BotFields {
  name?: string;
  description?: string | null;
  system_prompt?: string | null;
  model_name?: string;
  temperature?: number;
  is_public?: boolean;
  settings?: Record<string, unknown>;
}

const botProperties = {
  name: { type: "string", minLength: 1, maxLength: 100 },
  description: { type: ["string", "null"], maxLength: 2000 },
  system_prompt: { type: ["string", "null"], maxLength: 10000 },
  model_name: { type: "string", minLength: 1, maxLength: 100 },
  temperature: { type: "number", minimum: 0, maximum: 2 },
  is_public: { type: "boolean" },
  settings: jsonObject,
} as const;

const createSchema = { type: "object", required: ["name"], additionalProperties: false, properties: botProperties } as const;
const updateSchema = { type: "object", minProperties: 1, additionalProperties: false, properties: botProperties } as const;

// temperature is numeric(3,2): more decimals would be rounded by the database silently.
const checkTemperature = (value: number | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (Math.round(value * 100) !== value * 100) throw badRequest("temperature may have at most 2 decimal places");
  return value.toFixed(2);
};

const duplicateName = () => conflict("BOT_NAME_TAKEN", "you already have a bot with this name");
const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === "23505";

export const registerBotRoutes = (app: FastifyInstance, ctx: AppContext): void => {
  app.post<{ Body: BotFields & { name: string } }>("/api/v1/bots", { schema: { body: createSchema } }, async (request, reply) => {
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

  app.get<{ Querystring: PageQuery }>("/api/v1/bots", { schema: { querystring: pageQuery } }, async (request) => {
    const user = await optionalUser(ctx, request);
    const { limit, offset } = page(request.query);
    const rows = await ctx.db
      .selectFrom("bots")
      .selectAll()
      .where((eb) => (user ? eb.or([eb("owner_id", "=", user.id), eb("is_public", "=", true)]) : eb("is_public", "=", true)))
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(limit)
      .offset(offset)
      .execute();
    return { items: rows.map(presentBot), limit, offset };
  });

  app.get<{ Params: { botId: string } }>("/api/v1/bots/:botId", { schema: { params: idParams("botId") } }, async (request) =>
    presentBot(await visibleBot(ctx, request.params.botId, await optionalUser(ctx, request))),
  );

  app.patch<{ Params: { botId: string }; Body: BotFields }>(
    "/api/v1/bots/:botId",
    { schema: { params: idParams("botId"), body: updateSchema } },
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

  app.delete<{ Params: { botId: string } }>(
    "/api/v1/bots/:botId",
    { schema: { params: idParams("botId") } },
    async (request, reply) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      await ctx.db.deleteFrom("bots").where("id", "=", bot.id).execute();
      return reply.code(204).send();
    },
  );
};
