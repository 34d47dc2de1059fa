// Builds the Fastify application around an open database. No listening, no environment:
// main.ts does those, and tests build the same app on their own databases.
import Fastify, { type FastifyReply } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { accessScope } from "./auth/access-scope.js";
import { createRateLimiter, DEFAULT_LOGIN_LIMITS, DEFAULT_REGISTER_LIMITS, type CounterStore, type RateLimits } from "./auth/rate-limiter.js";
import type { AppContext, RevisionStatus } from "./context.js";
import type { Database, DatabaseKind } from "./database.js";
import { answerClientError, installErrorHandling } from "./http-errors.js";
import { installInputGuards } from "./input-guards.js";
import { serializeError } from "./log-redaction.js";
import { databaseCounters } from "./repositories/rate-limit-counters.js";
import type { Api } from "./routes/api.js";
import { markOptionalBodies } from "./routes/schemas.js";
import { authForAnyone, authForUsers } from "./routes/auth.js";
import { botsForAnyone, botsForOwners } from "./routes/bots.js";
import { conversationsForParticipants, conversationsForUsers } from "./routes/conversations.js";
import { healthRoutes } from "./routes/health.js";
import { trainingRoutes } from "./routes/training.js";
import type { LlmSettings } from "./services/llm.js";
import { createTrainingRunner, type RunnerOptions, type TrainingRunner } from "./services/training-runner.js";

export interface AppOptions {
  readonly db: Database;
  readonly kind: DatabaseKind;
  readonly authSecret: string;
  readonly tokenTtlSeconds?: number;
  readonly revisions: () => Promise<RevisionStatus>;
  /** Where JSON log lines go; stdout when absent. */
  readonly logStream?: NodeJS.WritableStream;
  readonly logLevel?: string;
  /** false leaves the runner stopped (tests drive it with drain()); default true. */
  readonly startRunner?: boolean;
  readonly runner?: Omit<RunnerOptions, "log">;
  readonly loginLimits?: RateLimits;
  readonly registerLimits?: RateLimits;
  /** Where rate-limit counters live; the database's rate_limit_counters table when absent. */
  readonly counters?: CounterStore;
  /** Origins allowed to call the API from a browser; none (CORS off) when empty or absent. */
  readonly corsOrigins?: readonly string[];
  /** Fastify's trustProxy: behind a load balancer, the client address comes from X-Forwarded-For. */
  readonly trustProxy?: boolean | string;
  /** Longest time a request may take to arrive, headers and body (slow clients hold a connection). */
  readonly requestTimeoutMs?: number;
  /** Longest time the headers may take to arrive. */
  readonly headersTimeoutMs?: number;
  /** An OpenAI-compatible endpoint that writes replies from the retrieved passages. */
  readonly llm?: LlmSettings | null;
}

/** Everything that could carry a secret, wherever a serializer might put it. */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  'req.headers["x-session-id"]',
  "req.headers.cookie",
  "req.body.password",
  "body.password",
  "password",
  "*.password",
  "password_hash",
  "*.password_hash",
  "access_token",
  "*.access_token",
  "token",
  "*.token",
  "session_id",
  "*.session_id",
];

// A body limit well under Fastify's 1 MiB: the largest legitimate body is one training item.
const BODY_LIMIT = 256 * 1024;
// Node checks for timed-out requests at this interval; its default, 30 s, would make a
// 10 s limit a 40 s one.
const TIMEOUT_CHECK_MS = 1000;

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

const openapiInfo = {
  openapi: "3.1.0" as const,
  info: {
    title: "Chatbot backend",
    version: "1.0.0",
    description:
      "Every 4xx and 5xx response has the body { error: { code, message, details? } }. Lists take limit (1-200, default 50) and cursor, and return next_cursor.",
    license: { name: "MIT", identifier: "MIT" },
  },
  servers: [{ url: "/", description: "this server" }],
  components: { securitySchemes: { bearer: { type: "http" as const, scheme: "bearer", description: "the access_token of POST /api/v1/auth/login" } } },
};

// The /docs page's needs and nothing more: its script and styles come from this server,
// swagger-ui writes inline styles, and its logo is a data: URL.
const contentSecurityPolicy = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", "data:"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
};

export const createApp = (options: AppOptions): { app: Api; runner: TrainingRunner; ctx: AppContext } => {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    logger: {
      level: options.logLevel ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: (error: Error) => serializeError(error) },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: BODY_LIMIT,
    requestTimeout,
    http: {
      headersTimeout: Math.min(options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout),
      connectionsCheckingInterval: TIMEOUT_CHECK_MS,
    },
    clientErrorHandler: answerClientError,
    // A path that does not decode (a lone surrogate as %ED%A0%80) fails before routing.
    frameworkErrors: (_error, _request, reply: FastifyReply) => {
      void reply.code(400).send({ error: { code: "BAD_URL", message: "the request path is not valid percent-encoded UTF-8" } });
    },
    // A request that reached the server before it stopped listening is served, not
    // answered 503: graceful shutdown finishes in-flight work.
    return503OnClosing: false,
    trustProxy: options.trustProxy ?? false,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const runner = createTrainingRunner(options.db, { ...options.runner, log: app.log });
  const ctx: AppContext = {
    db: options.db,
    kind: options.kind,
    authSecret: options.authSecret,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 24 * 3600,
    runner,
    limiter: createRateLimiter(options.counters ?? databaseCounters(options.db)),
    loginLimits: options.loginLimits ?? DEFAULT_LOGIN_LIMITS,
    registerLimits: options.registerLimits ?? DEFAULT_REGISTER_LIMITS,
    revisions: options.revisions,
    llm: options.llm ?? null,
  };
  installErrorHandling(app);
  installInputGuards(app);
  app.decorateRequest("user", null);
  void app.register(helmet, { contentSecurityPolicy, crossOriginEmbedderPolicy: false });
  if (options.corsOrigins && options.corsOrigins.length > 0) {
    void app.register(cors, { origin: [...options.corsOrigins], exposedHeaders: ["retry-after"] });
  }
  // The document is built from the routes' own schemas: swagger's onRoute hook must be in
  // place before they are added, hence the routes in plugins registered after it.
  void app.register(swagger, {
    openapi: openapiInfo,
    transformObject: (document) => {
      const built = "openapiObject" in document ? document.openapiObject : document.swaggerObject;
      markOptionalBodies(built);
      return built;
    },
  });
  // The UI's assets are served from the installed package: the server may have no internet.
  void app.register(swaggerUi, { routePrefix: "/docs" });
  void app.register(async (api: Api) => {
    api.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
    void api.register(accessScope(ctx, "public", [healthRoutes, authForAnyone]));
    void api.register(accessScope(ctx, "optional", [botsForAnyone, conversationsForParticipants]));
    void api.register(accessScope(ctx, "required", [authForUsers, botsForOwners, trainingRoutes, conversationsForUsers]));
  });
  if (options.startRunner ?? true) app.addHook("onReady", async () => runner.start());
  app.addHook("onClose", async () => {
    await runner.stop();
    await ctx.limiter.close();
  });
  return { app, runner, ctx };
};
