// Conversations with a bot and their messages. A signed-in user's conversation belongs to
// that user; an anonymous visitor's is reached with the session id handed out when it
// started (header X-Session-Id). The bot's owner may read, but not write, all of them.
// Everyone else keeps access only while the bot is visible to them: a bot made private
// cuts off the conversations others had with it, on their next request.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import Type from "typebox";
import type { AppContext } from "../context.js";
import { signedIn, type RouteGroup } from "../auth/access-scope.js";
import { notFound } from "../http-errors.js";
import { canSee } from "../repositories/bots.js";
import {
  findConversation,
  insertConversation,
  insertMessage,
  listConversations,
  listMessages,
  titleIfUntitled,
  type ConversationRow,
} from "../repositories/conversations.js";
import { countTokens, findReply } from "../services/reply.js";
import type { Api } from "./api.js";
import { visibleBot } from "./bots.js";
import { serialPage, serialWindow, timePage, timeWindow } from "./pagination.js";
import { presentConversation, presentMessage } from "./presenters.js";
import { Conversation, Message } from "./resources.js";
import { errorResponses, idParams, Nullable, OPTIONAL_BODY, PageQuery, pageOf, Uuid } from "./schemas.js";

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

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

const conversationFor = async (ctx: AppContext, request: FastifyRequest, conversationId: string, mode: "read" | "write"): Promise<ConversationRow> => {
  const found = await findConversation(ctx.db, conversationId);
  if (!found) throw notFound("conversation");
  const { conversation, bot } = found;
  const viewer = request.user?.id;
  if (mode === "read" && viewer !== undefined && bot.owner_id === viewer) return conversation;
  const session = request.headers[SESSION_HEADER];
  const participant =
    conversation.user_id !== null
      ? viewer === conversation.user_id
      : typeof session === "string" && sameSecret(session, conversation.session_id);
  if (participant && canSee(bot, viewer)) return conversation;
  throw notFound("conversation");
};

/** Conversations reached by a bot or conversation id, signed in or with a session id. */
export const conversationsForParticipants: RouteGroup = (app: Api, ctx) => {
  app.post(
    "/api/v1/bots/:botId/conversations",
    {
      schema: {
        operationId: "startConversation",
        tags,
        summary: "Start a conversation with a bot you can see; signed in or anonymous",
        params: BotParams,
        body: StartBody,
        [OPTIONAL_BODY]: true,
        response: { 201: Conversation, ...errorResponses },
      },
      // Starting a conversation needs no fields, so a request without a body is fine.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const user = request.user;
      const bot = await visibleBot(ctx, request.params.botId, user?.id);
      const conversation = await insertConversation(ctx.db, {
        bot_id: bot.id,
        user_id: user?.id ?? null,
        session_id: randomBytes(24).toString("base64url"),
        title: request.body.title ?? null,
      });
      return reply.code(201).send(presentConversation(conversation, { withSession: true }));
    },
  );

  app.get(
    "/api/v1/conversations/:conversationId",
    {
      schema: {
        operationId: "getConversation",
        tags,
        summary: "One conversation: yours, or any of your bot's",
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
        operationId: "listMessages",
        tags,
        summary: "A conversation's messages, oldest first",
        params: ConversationParams,
        headers: SessionHeaders,
        querystring: PageQuery,
        response: { 200: pageOf(Message), ...errorResponses },
      },
    },
    async (request) => {
      const conversation = await conversationFor(ctx, request, request.params.conversationId, "read");
      const window = serialWindow(request.query);
      return serialPage(await listMessages(ctx.db, conversation.id, window), window.limit, presentMessage);
    },
  );

  app.post(
    "/api/v1/conversations/:conversationId/messages",
    {
      schema: {
        operationId: "postMessage",
        tags,
        summary: "Say something in your conversation and get the bot's reply",
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
        const userMessage = await insertMessage(trx, { conversation_id: conversation.id, role: "user", content, token_count: countTokens(content) });
        const assistantMessage = await insertMessage(trx, {
          conversation_id: conversation.id,
          role: "assistant",
          content: answer.content,
          token_count: countTokens(answer.content),
          metadata: JSON.stringify(answer.metadata),
        });
        const updated = await titleIfUntitled(trx, conversation.id, content.trim().slice(0, 80));
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

/** A bot's conversation list: its owner sees all, anyone else their own. */
export const conversationsForUsers: RouteGroup = (app: Api, ctx) => {
  app.get(
    "/api/v1/bots/:botId/conversations",
    {
      schema: {
        operationId: "listConversations",
        tags,
        summary: "A bot's conversations, newest first: all of them for its owner, your own otherwise",
        params: BotParams,
        querystring: PageQuery,
        response: { 200: pageOf(Conversation), ...errorResponses },
      },
    },
    async (request) => {
      const user = signedIn(request);
      const bot = await visibleBot(ctx, request.params.botId, user.id);
      const window = timeWindow(request.query);
      const rows = await listConversations(ctx.db, bot.id, bot.owner_id === user.id ? undefined : user.id, window);
      return timePage(rows, window.limit, (row) => presentConversation(row));
    },
  );
};
