// The server process: read the environment, open the database, serve until SIGINT or
// SIGTERM, then close the server (finishing in-flight requests) and the database.
import { resolveAuthSecret } from "./auth/secret.js";
import { createApp } from "./app.js";
import { openDatabase } from "./database.js";
import { readCurrentRevisions, readHeadRevisions } from "./revisions.js";
import { defaultDataDir, readSettings, SettingsError } from "./settings.js";

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
    revisions: async () => ({ current: await readCurrentRevisions(database.db), heads }),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "shutting down");
    await app.close();
    await database.close();
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
