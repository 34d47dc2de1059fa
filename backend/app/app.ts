// Builds the Fastify application around an open database. No listening, no environment:
// main.ts does those, and tests build the same app on their own databases.
import Fastify, { type FastifyInstance } from "fastify";
import type { AppContext, RevisionStatus } from "./context.js";
import type { Database, DatabaseKind } from "./database.js";
import { installErrorHandling } from "./http-errors.js";
import { registerAuthRoutes } from "./routes/auth.js";
import { registerBotRoutes } from "./routes/bots.js";
import { registerConversationRoutes } from "./routes/conversations.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerTrainingRoutes } from "./routes/training.js";
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

export const createApp = (options: AppOptions): { app: FastifyInstance; runner: TrainingRunner } => {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: BODY_LIMIT,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  const runner = createTrainingRunner(options.db, { ...options.runner, log: app.log });
  const ctx: AppContext = {
    db: options.db,
    kind: options.kind,
    authSecret: options.authSecret,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 24 * 3600,
    runner,
    revisions: options.revisions,
  };
  installErrorHandling(app);
  registerHealthRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerBotRoutes(app, ctx);
  registerTrainingRoutes(app, ctx);
  registerConversationRoutes(app, ctx);
  if (options.startRunner ?? true) app.addHook("onReady", async () => runner.start());
  app.addHook("onClose", async () => runner.stop());
  return { app, runner };
};
