// Builds the Fastify application around an open database. No listening, no environment:
// main.ts does those, and tests build the same app on their own databases.
import Fastify from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import cors from "@fastify/cors";
import { createLoginLimiter, type LoginLimits } from "./auth/login-limiter.js";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { AppContext, RevisionStatus } from "./context.js";
import type { Database, DatabaseKind } from "./database.js";
import { installErrorHandling } from "./http-errors.js";
import { registerAuthRoutes } from "./routes/auth.js";
import { registerBotRoutes } from "./routes/bots.js";
import { registerConversationRoutes } from "./routes/conversations.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerTrainingRoutes } from "./routes/training.js";
import type { Api } from "./routes/api.js";
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
  readonly loginLimits?: LoginLimits;
  /** Origins allowed to call the API from a browser; none (CORS off) when empty or absent. */
  readonly corsOrigins?: readonly string[];
  /** Fastify's trustProxy: behind a load balancer, the client address comes from X-Forwarded-For. */
  readonly trustProxy?: boolean | string;
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

const openapiInfo = {
  openapi: "3.1.0",
  info: {
    title: "Chatbot backend",
    version: "1.0.0",
    description:
      "Every 4xx and 5xx response has the body { error: { code, message, details? } }. Lists take limit (1-200, default 50) and cursor, and return next_cursor.",
  },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
} as const;

export const createApp = (options: AppOptions): { app: Api; runner: TrainingRunner } => {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: BODY_LIMIT,
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
    loginLimiter: createLoginLimiter(options.loginLimits),
    revisions: options.revisions,
    llm: options.llm ?? null,
  };
  installErrorHandling(app);
  if (options.corsOrigins && options.corsOrigins.length > 0) {
    void app.register(cors, { origin: [...options.corsOrigins], exposedHeaders: ["retry-after"] });
  }
  // The document is built from the routes' own schemas: swagger's onRoute hook must be in
  // place before they are added, hence the routes in a plugin registered after it.
  void app.register(swagger, { openapi: openapiInfo });
  // The UI's assets are served from the installed package: the server may have no internet.
  void app.register(swaggerUi, { routePrefix: "/docs" });
  void app.register(async (api: Api) => {
    api.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
    registerHealthRoutes(api, ctx);
    registerAuthRoutes(api, ctx);
    registerBotRoutes(api, ctx);
    registerTrainingRoutes(api, ctx);
    registerConversationRoutes(api, ctx);
  });
  if (options.startRunner ?? true) app.addHook("onReady", async () => runner.start());
  app.addHook("onClose", async () => runner.stop());
  return { app, runner };
};
