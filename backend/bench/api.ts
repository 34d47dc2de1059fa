// `npm run bench`: requests per second and p99 latency of the API under a real HTTP load
// generator (autocannon) on loopback, on PGlite and on PostgreSQL, next to a bare Fastify
// route answering a constant, measured in the same run. The servers run in their own
// processes so that the load generator does not share their event loop.
//   BENCH_SECONDS (default 5) per measurement, BENCH_CONNECTIONS (default 10),
//   BENCH_PG_URL (default postgresql://root@127.0.0.1:5432/postgres; unreachable: skipped).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";

const backendDir = dirname(dirname(fileURLToPath(import.meta.url)));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const pgServer = process.env.BENCH_PG_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
const secret = "bench-secret-".padEnd(48, "b");

interface Row {
  readonly target: string;
  readonly database: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

const run = (command: string, args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: backendDir, env, stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited ${code}\n${errors}`))));
  });

/** Starts a server process and waits until it answers on its port. */
const serve = async (script: string, env: NodeJS.ProcessEnv, probePath: string): Promise<{ child: ChildProcess; base: string }> => {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: backendDir, env: { ...env, PORT: String(port) }, stdio: "inherit" });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(`${base}${probePath}`)).status < 500) return { child, base };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${script} did not start`);
};

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("close", () => resolve());
    child.kill("SIGTERM");
  });

const measure = async (target: string, database: string, options: Parameters<typeof autocannon>[0]): Promise<Row> => {
  const result = await autocannon({ connections, duration: seconds, ...options });
  return {
    target,
    database,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.errors + result.timeouts + result.non2xx,
  };
};

const call = async (base: string, method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, any>;
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
};

/** Migrates, serves, seeds a user with 60 bots and a trained bot, and measures both scenarios. */
const benchApi = async (label: string, databaseUrl: string): Promise<Row[]> => {
  const env = { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: secret, LOG_LEVEL: "warn", HOST: "127.0.0.1" };
  await run("sh", ["./migrate.sh", "upgrade", "head"], env);
  const { child, base } = await serve("app/main.ts", env, "/health");
  try {
    await call(base, "POST", "/api/v1/auth/register", { email: "bench@example.com", username: "bench", password: "bench-password" });
    const { access_token: token } = await call(base, "POST", "/api/v1/auth/login", { login: "bench", password: "bench-password" });
    let botId = "";
    for (let i = 0; i < 60; i++) botId = (await call(base, "POST", "/api/v1/bots", { name: `bot ${i}` }, token)).id;
    for (let i = 0; i < 20; i++) {
      await call(base, "POST", `/api/v1/bots/${botId}/training-data`, { source_type: "qa", question: `What is topic ${i}?`, content: `Topic ${i} is covered.` }, token);
    }
    const job = await call(base, "POST", `/api/v1/bots/${botId}/training-jobs`, undefined, token);
    for (let status = job.status; status !== "completed"; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await call(base, "GET", `/api/v1/bots/${botId}/training-jobs/${job.id}`, undefined, token)).status;
    }
    const conversation = await call(base, "POST", `/api/v1/bots/${botId}/conversations`, {}, token);
    const auth = { authorization: `Bearer ${token}` };
    return [
      await measure("GET /api/v1/bots (50 per page)", label, { url: `${base}/api/v1/bots?limit=50`, headers: auth }),
      await measure("POST message + reply", label, {
        url: `${base}/api/v1/conversations/${conversation.id}/messages`,
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ content: "What is topic 7?" }),
      }),
    ];
  } finally {
    await stop(child);
  }
};

const postgresDatabase = async (): Promise<{ url: string; drop(): Promise<void> } | undefined> => {
  const admin = new pg.Client({ connectionString: pgServer });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const name = `backend_bench_${process.pid}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgServer);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: pgServer });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
};

const main = async () => {
  const rows: Row[] = [];
  const bare = await serve("bench/bare-server.ts", process.env, "/constant");
  try {
    rows.push(await measure("GET /constant (bare Fastify)", "none", { url: `${bare.base}/constant` }));
  } finally {
    await stop(bare.child);
  }
  const dir = mkdtempSync(join(tmpdir(), "backend-bench-"));
  try {
    rows.push(...(await benchApi("pglite", `pglite://${join(dir, "data")}`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const postgres = await postgresDatabase();
  if (postgres) {
    try {
      rows.push(...(await benchApi("postgres", postgres.url)));
    } finally {
      await postgres.drop();
    }
  } else {
    process.stdout.write(`PostgreSQL at ${new URL(pgServer).host} does not answer: its rows are skipped\n`);
  }
  process.stdout.write(`\nbackend API, ${connections} connections, ${seconds} s each, loopback\n\n`);
  process.stdout.write(`| target | database | req/s | p50 ms | p99 ms | failed |\n| --- | --- | ---: | ---: | ---: | ---: |\n`);
  for (const row of rows) process.stdout.write(`| ${row.target} | ${row.database} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.failed} |\n`);
  if (rows.some((row) => row.failed > 0)) process.exitCode = 1;
};

await main();
