// Training data and training jobs under a bot; all of it is the owner's business only.
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { AppContext } from "../context.js";
import { requireUser } from "../auth/current-user.js";
import { badRequest, conflict, notFound } from "../http-errors.js";
import { ownedBot } from "./access.js";
import { idParams, jsonObject, page, pageQuery, type PageQuery } from "./schemas.js";
import { presentJob, presentTrainingData } from "./presenters.js";

interface TrainingDataBody {
  source_type: "text" | "qa" | "url" | "file";
  question?: string | null;
  content: string;
  metadata?: Record<string, unknown>;
}

const trainingDataSchema = {
  type: "object",
  required: ["source_type", "content"],
  additionalProperties: false,
  properties: {
    source_type: { type: "string", enum: ["text", "qa", "url", "file"] },
    question: { type: ["string", "null"], minLength: 1, maxLength: 2000 },
    content: { type: "string", minLength: 1, maxLength: 20000 },
    metadata: jsonObject,
  },
} as const;

const activeJobConflict = () =>
  conflict("JOB_ALREADY_ACTIVE", "this bot already has a pending or running training job; wait for it or cancel it");

export const registerTrainingRoutes = (app: FastifyInstance, ctx: AppContext): void => {
  app.post<{ Params: { botId: string }; Body: TrainingDataBody }>(
    "/api/v1/bots/:botId/training-data",
    { schema: { params: idParams("botId"), body: trainingDataSchema } },
    async (request, reply) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      const { source_type, question, content, metadata } = request.body;
      const hasQuestion = question !== undefined && question !== null;
      if (source_type === "qa" && !hasQuestion) throw badRequest("a qa training item needs a question");
      if (source_type !== "qa" && hasQuestion) throw badRequest("only a qa training item has a question");
      const row = await ctx.db
        .insertInto("training_data")
        .values({
          bot_id: bot.id,
          source_type,
          question: hasQuestion ? question : null,
          content,
          ...(metadata === undefined ? {} : { metadata: JSON.stringify(metadata) }),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return reply.code(201).send(presentTrainingData(row));
    },
  );

  app.get<{ Params: { botId: string }; Querystring: PageQuery }>(
    "/api/v1/bots/:botId/training-data",
    { schema: { params: idParams("botId"), querystring: pageQuery } },
    async (request) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      const { limit, offset } = page(request.query);
      const rows = await ctx.db
        .selectFrom("training_data")
        .selectAll()
        .where("bot_id", "=", bot.id)
        .orderBy("created_at")
        .orderBy("id")
        .limit(limit)
        .offset(offset)
        .execute();
      return { items: rows.map(presentTrainingData), limit, offset };
    },
  );

  app.delete<{ Params: { botId: string; dataId: string } }>(
    "/api/v1/bots/:botId/training-data/:dataId",
    { schema: { params: idParams("botId", "dataId") } },
    async (request, reply) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      const deleted = await ctx.db
        .deleteFrom("training_data")
        .where("id", "=", request.params.dataId)
        .where("bot_id", "=", bot.id)
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) throw notFound("training data");
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { botId: string } }>(
    "/api/v1/bots/:botId/training-jobs",
    { schema: { params: idParams("botId") } },
    async (request, reply) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      // The partial unique index decides, so two simultaneous requests cannot both win.
      const job = await ctx.db
        .insertInto("training_jobs")
        .values({ bot_id: bot.id })
        // The predicate is literal SQL: index inference must prove it implies the index's
        // predicate at plan time, which it cannot do through bound parameters.
        .onConflict((oc) => oc.column("bot_id").where(sql<boolean>`status in ('pending', 'running')`).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!job) throw activeJobConflict();
      ctx.runner.wake();
      return reply.code(201).send(presentJob(job));
    },
  );

  app.get<{ Params: { botId: string }; Querystring: PageQuery }>(
    "/api/v1/bots/:botId/training-jobs",
    { schema: { params: idParams("botId"), querystring: pageQuery } },
    async (request) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      const { limit, offset } = page(request.query);
      const rows = await ctx.db
        .selectFrom("training_jobs")
        .selectAll()
        .where("bot_id", "=", bot.id)
        .orderBy("created_at", "desc")
        .orderBy("id")
        .limit(limit)
        .offset(offset)
        .execute();
      return { items: rows.map(presentJob), limit, offset };
    },
  );

  app.get<{ Params: { botId: string; jobId: string } }>(
    "/api/v1/bots/:botId/training-jobs/:jobId",
    { schema: { params: idParams("botId", "jobId") } },
    async (request) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      const job = await ctx.db
        .selectFrom("training_jobs")
        .selectAll()
        .where("id", "=", request.params.jobId)
        .where("bot_id", "=", bot.id)
        .executeTakeFirst();
      if (!job) throw notFound("training job");
      return presentJob(job);
    },
  );

  app.post<{ Params: { botId: string; jobId: string } }>(
    "/api/v1/bots/:botId/training-jobs/:jobId/cancel",
    { schema: { params: idParams("botId", "jobId") } },
    async (request) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      const cancelled = await ctx.db
        .updateTable("training_jobs")
        .set({ status: "cancelled", completed_at: new Date() })
        .where("id", "=", request.params.jobId)
        .where("bot_id", "=", bot.id)
        .where("status", "in", ["pending", "running"])
        .returningAll()
        .executeTakeFirst();
      if (cancelled) return presentJob(cancelled);
      const exists = await ctx.db
        .selectFrom("training_jobs")
        .select("status")
        .where("id", "=", request.params.jobId)
        .where("bot_id", "=", bot.id)
        .executeTakeFirst();
      if (!exists) throw notFound("training job");
      throw conflict("JOB_NOT_ACTIVE", `the job is already ${exists.status}; only a pending or running job can be cancelled`);
    },
  );
};
