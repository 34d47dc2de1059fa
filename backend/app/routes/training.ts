// Training data and training jobs under a bot; all of it is the owner's business only.
import Type from "typebox";
import { signedIn, type RouteGroup } from "../auth/access-scope.js";
import { badRequest, conflict, notFound } from "../http-errors.js";
import { deleteTrainingData, insertTrainingData, listTrainingData } from "../repositories/training-data.js";
import { cancelActiveJob, findJob, insertJobUnlessActive, listJobs } from "../repositories/training-jobs.js";
import type { Api } from "./api.js";
import { ownedBot } from "./bots.js";
import { timePage, timeWindow } from "./pagination.js";
import { presentJob, presentTrainingData } from "./presenters.js";
import { Job, SourceType, TrainingData } from "./resources.js";
import { errorResponses, idParams, JsonObject, NoContent, Nullable, PageQuery, pageOf } from "./schemas.js";

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

export const trainingRoutes: RouteGroup = (app: Api, ctx) => {
  app.post(
    "/api/v1/bots/:botId/training-data",
    {
      schema: {
        operationId: "addTrainingData",
        tags: dataTags,
        summary: "Add a training item to your bot; it starts pending",
        params: BotParams,
        body: TrainingDataBody,
        response: { 201: TrainingData, ...errorResponses },
      },
    },
    async (request, reply) => {
      const bot = await ownedBot(ctx, request.params.botId, signedIn(request).id);
      const { source_type, question, content, metadata } = request.body;
      const hasQuestion = question !== undefined && question !== null;
      if (source_type === "qa" && !hasQuestion) throw badRequest("a qa training item needs a question");
      if (source_type !== "qa" && hasQuestion) throw badRequest("only a qa training item has a question");
      const row = await insertTrainingData(ctx.db, {
        bot_id: bot.id,
        source_type,
        question: hasQuestion ? question : null,
        content,
        ...(metadata === undefined ? {} : { metadata: JSON.stringify(metadata) }),
      });
      return reply.code(201).send(presentTrainingData(row));
    },
  );

  app.get(
    "/api/v1/bots/:botId/training-data",
    {
      schema: {
        operationId: "listTrainingData",
        tags: dataTags,
        summary: "Your bot's training items, oldest first",
        params: BotParams,
        querystring: PageQuery,
        response: { 200: pageOf(TrainingData), ...errorResponses },
      },
    },
    async (request) => {
      const bot = await ownedBot(ctx, request.params.botId, signedIn(request).id);
      const window = timeWindow(request.query);
      return timePage(await listTrainingData(ctx.db, bot.id, window), window.limit, presentTrainingData);
    },
  );

  app.delete(
    "/api/v1/bots/:botId/training-data/:dataId",
    {
      schema: {
        operationId: "deleteTrainingData",
        tags: dataTags,
        summary: "Delete a training item",
        params: DataParams,
        response: { 204: NoContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const bot = await ownedBot(ctx, request.params.botId, signedIn(request).id);
      if (!(await deleteTrainingData(ctx.db, bot.id, request.params.dataId))) throw notFound("training data");
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/bots/:botId/training-jobs",
    {
      schema: {
        operationId: "startTrainingJob",
        tags: jobTags,
        summary: "Queue a training job; one active job per bot",
        params: BotParams,
        response: { 201: Job, ...errorResponses },
      },
    },
    async (request, reply) => {
      const bot = await ownedBot(ctx, request.params.botId, signedIn(request).id);
      const job = await insertJobUnlessActive(ctx.db, bot.id);
      if (!job) throw conflict("JOB_ALREADY_ACTIVE", "this bot already has a pending or running training job; wait for it or cancel it");
      ctx.runner.wake();
      return reply.code(201).send(presentJob(job));
    },
  );

  app.get(
    "/api/v1/bots/:botId/training-jobs",
    {
      schema: {
        operationId: "listTrainingJobs",
        tags: jobTags,
        summary: "Your bot's training jobs, newest first",
        params: BotParams,
        querystring: PageQuery,
        response: { 200: pageOf(Job), ...errorResponses },
      },
    },
    async (request) => {
      const bot = await ownedBot(ctx, request.params.botId, signedIn(request).id);
      const window = timeWindow(request.query);
      return timePage(await listJobs(ctx.db, bot.id, window), window.limit, presentJob);
    },
  );

  app.get(
    "/api/v1/bots/:botId/training-jobs/:jobId",
    {
      schema: {
        operationId: "getTrainingJob",
        tags: jobTags,
        summary: "One training job",
        params: JobParams,
        response: { 200: Job, ...errorResponses },
      },
    },
    async (request) => {
      const bot = await ownedBot(ctx, request.params.botId, signedIn(request).id);
      const job = await findJob(ctx.db, bot.id, request.params.jobId);
      if (!job) throw notFound("training job");
      return presentJob(job);
    },
  );

  app.post(
    "/api/v1/bots/:botId/training-jobs/:jobId/cancel",
    {
      schema: {
        operationId: "cancelTrainingJob",
        tags: jobTags,
        summary: "Cancel a pending or running job",
        params: JobParams,
        response: { 200: Job, ...errorResponses },
      },
    },
    async (request) => {
      const bot = await ownedBot(ctx, request.params.botId, signedIn(request).id);
      const cancelled = await cancelActiveJob(ctx.db, bot.id, request.params.jobId);
      if (cancelled) return presentJob(cancelled);
      const job = await findJob(ctx.db, bot.id, request.params.jobId);
      if (!job) throw notFound("training job");
      throw conflict("JOB_NOT_ACTIVE", `the job is already ${job.status}; only a pending or running job can be cancelled`);
    },
  );
};
