// Training data and training jobs under a bot; all of it is the owner's business only.
import Type from "typebox";
import { sql } from "kysely";
import type { AppContext } from "../context.js";
import { requireUser } from "../auth/current-user.js";
import { badRequest, conflict, notFound } from "../http-errors.js";
import { ownedBot } from "./access.js";
import type { Api } from "./api.js";
import { afterTime, createdAtKey, pageLimit, timeCursor, timePage } from "./pagination.js";
import { presentJob, presentTrainingData } from "./presenters.js";
import { Job, SourceType, TrainingData } from "./resources.js";
import { bearer, errorResponses, idParams, JsonObject, NoContent, Nullable, PageQuery, pageOf } from "./schemas.js";

const TrainingDataBody = Type.Object(
  {
    source_type: SourceType,
    question: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2000, description: "qa items only, required there" }))),
    content: Type.String({ minLength: 1, maxLength: 20000 }),
    metadata: Type.Optional(JsonObject),
  },
  { additionalProperties: false },
);

const BotParams = idParams("botId");
const DataParams = idParams("botId", "dataId");
const JobParams = idParams("botId", "jobId");
const dataTags = ["training data"];
const jobTags = ["training jobs"];

const activeJobConflict = () =>
  conflict("JOB_ALREADY_ACTIVE", "this bot already has a pending or running training job; wait for it or cancel it");

export const registerTrainingRoutes = (app: Api, ctx: AppContext): void => {
  app.post(
    "/api/v1/bots/:botId/training-data",
    { schema: { tags: dataTags, summary: "Add a training item to your bot; it starts pending", security: bearer, params: BotParams, body: TrainingDataBody, response: { 201: TrainingData, ...errorResponses } } },
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

  app.get(
    "/api/v1/bots/:botId/training-data",
    { schema: { tags: dataTags, summary: "Your bot's training items, oldest first", security: bearer, params: BotParams, querystring: PageQuery, response: { 200: pageOf(TrainingData), ...errorResponses } } },
    async (request) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      const limit = pageLimit(request.query);
      const after = timeCursor(request.query);
      let query = ctx.db.selectFrom("training_data").selectAll().select(createdAtKey.as("cursor_at")).where("bot_id", "=", bot.id);
      if (after) query = query.where(afterTime(after, "asc"));
      const rows = await query.orderBy("created_at").orderBy("id").limit(limit + 1).execute();
      return timePage(rows, limit, presentTrainingData);
    },
  );

  app.delete(
    "/api/v1/bots/:botId/training-data/:dataId",
    { schema: { tags: dataTags, summary: "Delete a training item", security: bearer, params: DataParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      const deleted = await ctx.db
        .deleteFrom("training_data")
        .where("id", "=", request.params.dataId)
        .where("bot_id", "=", bot.id)
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) throw notFound("training data");
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/bots/:botId/training-jobs",
    { schema: { tags: jobTags, summary: "Queue a training job; one active job per bot", security: bearer, params: BotParams, response: { 201: Job, ...errorResponses } } },
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

  app.get(
    "/api/v1/bots/:botId/training-jobs",
    { schema: { tags: jobTags, summary: "Your bot's training jobs, newest first", security: bearer, params: BotParams, querystring: PageQuery, response: { 200: pageOf(Job), ...errorResponses } } },
    async (request) => {
      const user = await requireUser(ctx, request);
      const bot = await ownedBot(ctx, request.params.botId, user);
      const limit = pageLimit(request.query);
      const after = timeCursor(request.query);
      let query = ctx.db.selectFrom("training_jobs").selectAll().select(createdAtKey.as("cursor_at")).where("bot_id", "=", bot.id);
      if (after) query = query.where(afterTime(after, "desc"));
      const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).execute();
      return timePage(rows, limit, presentJob);
    },
  );

  app.get(
    "/api/v1/bots/:botId/training-jobs/:jobId",
    { schema: { tags: jobTags, summary: "One training job", security: bearer, params: JobParams, response: { 200: Job, ...errorResponses } } },
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

  app.post(
    "/api/v1/bots/:botId/training-jobs/:jobId/cancel",
    { schema: { tags: jobTags, summary: "Cancel a pending or running job", security: bearer, params: JobParams, response: { 200: Job, ...errorResponses } } },
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
