// The server process: read the environment, open the database, serve until SIGINT or
// SIGTERM. Then: stop listening, finish the requests in flight (new ones on kept-alive
// connections get a 503 and a close), hand a running training job back, close the
// pool, exit 0; a shutdown stuck past SHUTDOWN_LIMIT_MS exits 1 rather than hang.
import { resolveAuthSecret } from "./auth/secret.js";
import { createApp } from "./app.js";
import { openDatabase } from "./database.js";
import { readCurrentRevisions, readHeadRevisions } from "./revisions.js";
import { defaultDataDir, readSettings, SettingsError } from "./settings.js";

const SHUTDOWN_LIMIT_MS = 9_000;

const fail = (message: string): never => {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
};

const start = async (): Promise<void> => {
  const settings = readSettings();
  const authSecret = resolveAuthSecret({ authSecret: settings.authSecret, production: settings.production, dataDir: defaultDataDir });
  const heads = await readHeadRevisions();
  const database = await openDatabase(settings.databaseUrl);
  const { app } = createApp({
    db: database.db,
    kind: database.kind,
    authSecret,
    tokenTtlSeconds: settings.tokenTtlSeconds,
    logLevel: settings.logLevel,
    corsOrigins: settings.corsOrigins,
    trustProxy: settings.trustProxy,
    llm: settings.llm,
    loginLimits: { maxAttempts: settings.loginMaxAttempts, windowSeconds: settings.loginWindowSeconds },
    runner: { leaseSeconds: settings.jobLeaseSeconds },
    revisions: async () => ({ current: await readCurrentRevisions(database.db), heads }),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "shutting down");
    setTimeout(() => {
      app.log.error("shutdown did not finish in time; exiting");
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    await app.close();
    await database.close();
    app.log.info("shut down");
    process.exit(0);
  };
  process.on("SIGINT", (signal) => void stop(signal));
  process.on("SIGTERM", (signal) => void stop(signal));
  await app.listen({ host: settings.host, port: settings.port });
  app.log.info({ database: database.display, heads }, "chatbot backend ready");
};

start().catch((error: unknown) => {
  if (error instanceof SettingsError) fail(error.message);
  const retort = error as { name?: string; message?: string; hint?: string };
  if (retort.name === "RetortError") fail(`${retort.message}${retort.hint ? `\nhint: ${retort.hint}` : ""}`);
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
