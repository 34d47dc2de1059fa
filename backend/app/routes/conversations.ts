// Conversations with a bot and their messages. A signed-in user's conversation belongs to
// that user; an anonymous visitor's is reached with the session id handed out when it
// started (header X-Session-Id). The bot's owner may read, but not write, all of them.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import Type from "typebox";
import type { Selectable } from "kysely";
import type { AppContext } from "../context.js";
import type { DB } from "../models/index.js";
import { optionalUser, requireUser } from "../auth/current-user.js";
import { notFound } from "../http-errors.js";
import { countTokens, findReply } from "../services/reply.js";
import { visibleBot } from "./access.js";
import type { Api } from "./api.js";
import { afterTime, createdAtKey, pageLimit, serialCursor, serialPage, timeCursor, timePage } from "./pagination.js";
import { presentConversation, presentMessage } from "./presenters.js";
import { Conversation, Message } from "./resources.js";
import { bearer, errorResponses, idParams, Nullable, PageQuery, pageOf, Uuid } from "./schemas.js";

type ConversationRow = Selectable<DB["conversations"]>;

export const SESSION_HEADER = "x-session-id";

const StartBody = Type.Object(
  { title: Type.Optional(Nullable(Type.String({ maxLength: 255 }))) },
  { additionalProperties: false, description: "optional: a request without a body starts an untitled conversation" },
);

const MessageBody = Type.Object(
  { content: Type.String({ minLength: 1, maxLength: 4000, pattern: "\\S" }) },
  { additionalProperties: false },
);

const PostedMessage = Type.Object({
  user_message: Message,
  assistant_message: Message,
  matched: Type.Boolean({ description: "whether a training item answered; false means the fallback reply" }),
  source_training_data_id: Nullable(Uuid),
  conversation: Conversation,
});

const BotParams = idParams("botId");
const ConversationParams = idParams("conversationId");
const tags = ["conversations"];
// Anonymous visitors reach their conversation with the session id instead of a token.
const SessionHeaders = Type.Object({
  "x-session-id": Type.Optional(Type.String({ maxLength: 64, description: "the session_id of an anonymous conversation" })),
});
const participant = [...bearer, {}];

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

const conversationFor = async (
  ctx: AppContext,
  request: FastifyRequest,
  conversationId: string,
  mode: "read" | "write",
): Promise<ConversationRow> => {
  const user = await optionalUser(ctx, request);
  const conversation = await ctx.db.selectFrom("conversations").selectAll().where("id", "=", conversationId).executeTakeFirst();
  if (!conversation) throw notFound("conversation");
  const session = request.headers[SESSION_HEADER];
  const participant =
    conversation.user_id !== null
      ? user?.id === conversation.user_id
      : typeof session === "string" && sameSecret(session, conversation.session_id);
  if (participant) return conversation;
  if (mode === "read" && user) {
    const owned = await ctx.db
      .selectFrom("bots")
      .select("id")
      .where("id", "=", conversation.bot_id)
      .where("owner_id", "=", user.id)
      .executeTakeFirst();
    if (owned) return conversation;
  }
  throw notFound("conversation");
};

export const registerConversationRoutes = (app: Api, ctx: AppContext): void => {
  app.post(
    "/api/v1/bots/:botId/conversations",
    {
      schema: {
        tags,
        summary: "Start a conversation with a bot you can see; signed in or anonymous",
        security: participant,
        params: BotParams,
        body: StartBody,
        response: { 201: Conversation, ...errorResponses },
      },
      // Starting a conversation needs no fields, so a request without a body is fine.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const user = await optionalUser(ctx, request);
      const bot = await visibleBot(ctx, request.params.botId, user);
      const conversation = await ctx.db
        .insertInto("conversations")
        .values({
          bot_id: bot.id,
          user_id: user?.id ?? null,
          session_id: randomBytes(24).toString("base64url"),
          title: request.body.title ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return reply.code(201).send(presentConversation(conversation, { withSession: true }));
    },
  );

  app.get(
    "/api/v1/bots/:botId/conversations",
    {
      schema: {
        tags,
        summary: "A bot's conversations, newest first: all of them for its owner, your own otherwise",
        security: bearer,
        params: BotParams,
        querystring: PageQuery,
        response: { 200: pageOf(Conversation), ...errorResponses },
      },
    },
    async (request) => {
      const user = await requireUser(ctx, request);
      const bot = await visibleBot(ctx, request.params.botId, user);
      const limit = pageLimit(request.query);
      const after = timeCursor(request.query);
      // Ordered by creation, not by last activity: a key that moves while a client walks
      // the pages would show a conversation twice or skip it.
      let query = ctx.db.selectFrom("conversations").selectAll().select(createdAtKey.as("cursor_at")).where("bot_id", "=", bot.id);
      if (bot.owner_id !== user.id) query = query.where("user_id", "=", user.id);
      if (after) query = query.where(afterTime(after, "desc"));
      const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).execute();
      return timePage(rows, limit, (row) => presentConversation(row));
    },
  );

  app.get(
    "/api/v1/conversations/:conversationId",
    {
      schema: {
        tags,
        summary: "One conversation: yours, or any of your bot's",
        security: participant,
        params: ConversationParams,
        headers: SessionHeaders,
        response: { 200: Conversation, ...errorResponses },
      },
    },
    async (request) => presentConversation(await conversationFor(ctx, request, request.params.conversationId, "read")),
  );

  app.get(
    "/api/v1/conversations/:conversationId/messages",
    {
      schema: {
        tags,
        summary: "A conversation's messages, oldest first",
        security: participant,
        params: ConversationParams,
        headers: SessionHeaders,
        querystring: PageQuery,
        response: { 200: pageOf(Message), ...errorResponses },
      },
    },
    async (request) => {
      const conversation = await conversationFor(ctx, request, request.params.conversationId, "read");
      const limit = pageLimit(request.query);
      const after = serialCursor(request.query);
      // The identity id is the insertion order: a question always precedes its reply.
      let query = ctx.db.selectFrom("conversation_messages").selectAll().where("conversation_id", "=", conversation.id);
      if (after) query = query.where("id", ">", after);
      const rows = await query.orderBy("id").limit(limit + 1).execute();
      return serialPage(rows, limit, presentMessage);
    },
  );

  app.post(
    "/api/v1/conversations/:conversationId/messages",
    {
      schema: {
        tags,
        summary: "Say something in your conversation and get the bot's reply",
        security: participant,
        params: ConversationParams,
        headers: SessionHeaders,
        body: MessageBody,
        response: { 201: PostedMessage, ...errorResponses },
      },
    },
    async (request, reply) => {
      const conversation = await conversationFor(ctx, request, request.params.conversationId, "write");
      const { content } = request.body;
      // Before the transaction: a language model may take seconds, and on PGlite an open
      // transaction holds the one connection.
      const answer = await findReply(ctx.db, conversation.bot_id, content, { llm: ctx.llm, log: request.log });
      // Question and answer land together or not at all; the counters are the triggers' job.
      const result = await ctx.db.transaction().execute(async (trx) => {
        const userMessage = await trx
          .insertInto("conversation_messages")
          .values({ conversation_id: conversation.id, role: "user", content, token_count: countTokens(content) })
          .returningAll()
          .executeTakeFirstOrThrow();
        const assistantMessage = await trx
          .insertInto("conversation_messages")
          .values({
            conversation_id: conversation.id,
            role: "assistant",
            content: answer.content,
            token_count: countTokens(answer.content),
            metadata: JSON.stringify(answer.metadata),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const updated = await trx
          .updateTable("conversations")
          .set((eb) => ({ title: eb.fn.coalesce("title", eb.val(content.trim().slice(0, 80))) }))
          .where("id", "=", conversation.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { userMessage, assistantMessage, updated };
      });
      return reply.code(201).send({
        user_message: presentMessage(result.userMessage),
        assistant_message: presentMessage(result.assistantMessage),
        matched: answer.source !== null,
        source_training_data_id: answer.source?.trainingDataId ?? null,
        conversation: presentConversation(result.updated),
      });
    },
  );
};
