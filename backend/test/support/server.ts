// The real application on a real database, listening on an ephemeral port, with its JSON
// log lines captured for assertions.
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { createApp } from "../../app/app.js";
import { openDatabase, type Database, type DatabaseKind } from "../../app/database.js";
import { readCurrentRevisions } from "../../app/revisions.js";
import type { RunnerOptions, TrainingRunner } from "../../app/services/training-runner.js";
import type { LoginLimits } from "../../app/auth/login-limiter.js";
import type { LlmSettings } from "../../app/services/llm.js";

export const TEST_SECRET = "test-secret-".padEnd(48, "x");

export interface RunningServer {
  readonly baseUrl: string;
  readonly app: FastifyInstance;
  readonly runner: TrainingRunner;
  readonly db: Database;
  readonly kind: DatabaseKind;
  /** Every log line written so far, raw. */
  readonly logs: string[];
  close(): Promise<void>;
}

export const startServer = async (
  databaseUrl: string,
  options: {
    heads: readonly string[];
    startRunner?: boolean;
    runner?: Omit<RunnerOptions, "log">;
    tokenTtlSeconds?: number;
    loginLimits?: LoginLimits;
    corsOrigins?: readonly string[];
    llm?: LlmSettings;
  },
): Promise<RunningServer> => {
  const database = await openDatabase(databaseUrl);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
      done();
    },
  });
  const { app, runner } = createApp({
    db: database.db,
    kind: database.kind,
    authSecret: TEST_SECRET,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    revisions: async () => ({ current: await readCurrentRevisions(database.db), heads: options.heads }),
    logStream,
    startRunner: options.startRunner ?? false,
    ...(options.runner ? { runner: options.runner } : {}),
    ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    ...(options.llm ? { llm: options.llm } : {}),
  });
  try {
    await app.listen({ host: "127.0.0.1", port: 0 });
  } catch (error) {
    await database.close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("the server has no TCP address");
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    app,
    runner,
    db: database.db,
    kind: database.kind,
    logs,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
};

export interface Response {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is, with content-type application/json (for malformed JSON). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

export const client =
  (baseUrl: string) =>
  async (method: string, path: string, options: RequestOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined || options.body !== undefined) {
      headers["content-type"] ??= "application/json";
      body = options.rawBody ?? JSON.stringify(options.body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, body: text === "" ? null : JSON.parse(text), headers: response.headers };
  };
