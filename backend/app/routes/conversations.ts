// Conversations with a bot and their messages. A signed-in user's conversation belongs to
// that user; an anonymous visitor's is reached with the session id handed out when it
// started (header X-Session-Id). The bot's owner may read, but not write, all of them.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Selectable } from "kysely";
import type { AppContext } from "../context.js";
import type { DB } from "../models/index.js";
import { optionalUser, requireUser } from "../auth/current-user.js";
import { notFound } from "../http-errors.js";
import { countTokens, findReply } from "../services/reply.js";
import { visibleBot } from "./access.js";
import { idParams, page, pageQuery, type PageQuery } from "./schemas.js";
import { presentConversation, presentMessage } from "./presenters.js";

type ConversationRow = Selectable<DB["conversations"]>;

export const SESSION_HEADER = "x-session-id";

const startSchema = {
  type: "object",
  additionalProperties: false,
  properties: { title: { type: ["string", "null"], maxLength: 255 } },
} as const;

const messageSchema = {
  type: "object",
  required: ["content"],
  additionalProperties: false,
  properties: { content: { type: "string", minLength: 1, maxLength: 4000, pattern: "\\S" } },
} as const;

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

export const registerConversationRoutes = (app: FastifyInstance, ctx: AppContext): void => {
  app.post<{ Params: { botId: string }; Body: { title?: string | null } }>(
    "/api/v1/bots/:botId/conversations",
    {
      schema: { params: idParams("botId"), body: startSchema },
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

  app.get<{ Params: { botId: string }; Querystring: PageQuery }>(
    "/api/v1/bots/:botId/conversations",
    { schema: { params: idParams("botId"), querystring: pageQuery } },
    async (request) => {
      const user = await requireUser(ctx, request);
      const bot = await visibleBot(ctx, request.params.botId, user);
      const { limit, offset } = page(request.query);
      let query = ctx.db.selectFrom("conversations").selectAll().where("bot_id", "=", bot.id);
      if (bot.owner_id !== user.id) query = query.where("user_id", "=", user.id);
      const rows = await query.orderBy("updated_at", "desc").orderBy("id").limit(limit).offset(offset).execute();
      return { items: rows.map((row) => presentConversation(row)), limit, offset };
    },
  );

  app.get<{ Params: { conversationId: string } }>(
    "/api/v1/conversations/:conversationId",
    { schema: { params: idParams("conversationId") } },
    async (request) => presentConversation(await conversationFor(ctx, request, request.params.conversationId, "read")),
  );

  app.get<{ Params: { conversationId: string }; Querystring: PageQuery }>(
    "/api/v1/conversations/:conversationId/messages",
    { schema: { params: idParams("conversationId"), querystring: pageQuery } },
    async (request) => {
      const conversation = await conversationFor(ctx, request, request.params.conversationId, "read");
      const { limit, offset } = page(request.query, 500);
      const rows = await ctx.db
        .selectFrom("conversation_messages")
        .selectAll()
        .where("conversation_id", "=", conversation.id)
        .orderBy("created_at")
        .orderBy("id")
        .limit(limit)
        .offset(offset)
        .execute();
      return { items: rows.map(presentMessage), limit, offset };
    },
  );

  app.post<{ Params: { conversationId: string }; Body: { content: string } }>(
    "/api/v1/conversations/:conversationId/messages",
    { schema: { params: idParams("conversationId"), body: messageSchema } },
    async (request, reply) => {
      const conversation = await conversationFor(ctx, request, request.params.conversationId, "write");
      const { content } = request.body;
      // Question and answer land together or not at all; the counters are the triggers' job.
      const result = await ctx.db.transaction().execute(async (trx) => {
        const userMessage = await trx
          .insertInto("conversation_messages")
          .values({ conversation_id: conversation.id, role: "user", content, token_count: countTokens(content) })
          .returningAll()
          .executeTakeFirstOrThrow();
        const answer = await findReply(trx, conversation.bot_id, content);
        const assistantMessage = await trx
          .insertInto("conversation_messages")
          .values({
            conversation_id: conversation.id,
            role: "assistant",
            content: answer.content,
            token_count: countTokens(answer.content),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const updated = await trx
          .updateTable("conversations")
          .set((eb) => ({ title: eb.fn.coalesce("title", eb.val(content.trim().slice(0, 80))) }))
          .where("id", "=", conversation.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { userMessage, assistantMessage, answer, updated };
      });
      return reply.code(201).send({
        user_message: presentMessage(result.userMessage),
        assistant_message: presentMessage(result.assistantMessage),
        matched: result.answer.source !== null,
        source_training_data_id: result.answer.source?.trainingDataId ?? null,
        conversation: presentConversation(result.updated),
      });
    },
  );
};
