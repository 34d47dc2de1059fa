// `npm run bench`: requests per second and p99 latency of the API under a real HTTP load
// generator (autocannon) on loopback, on PGlite and on PostgreSQL, next to a bare Fastify
// route answering a constant, measured in the same run. The servers run in their own
// processes so that the load generator does not share their event loop.
//   BENCH_SECONDS (default 5) per measurement, BENCH_CONNECTIONS (default 10),
//   BENCH_PG_URL (default postgresql://root@127.0.0.1:5432/postgres; unreachable: skipped).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { call, pgServer, postgresDatabase, run, secret, serve, stop } from "./support.js";
import { benchTrainingJob, printTrainingRows, type TrainingRow } from "./training-job.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Row {
  readonly target: string;
  readonly database: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

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

// BENCH_ONLY=api or BENCH_ONLY=training runs one of the two; both by default.
const only = process.env.BENCH_ONLY;

const main = async () => {
  const rows: Row[] = [];
  const training: TrainingRow[] = [];
  if (only !== "training") {
    const bare = await serve("bench/bare-server.ts", process.env, "/constant");
    try {
      rows.push(await measure("GET /constant (bare Fastify)", "none", { url: `${bare.base}/constant` }));
    } finally {
      await stop(bare.child);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "backend-bench-"));
  try {
    if (only !== "training") rows.push(...(await benchApi("pglite", `pglite://${join(dir, "data")}`)));
    if (only !== "api") training.push(await benchTrainingJob("pglite", `pglite://${join(dir, "training")}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const scenario of only === "training" ? ["training"] : only === "api" ? ["api"] : ["api", "training"]) {
    const postgres = await postgresDatabase();
    if (!postgres) {
      process.stdout.write(`PostgreSQL at ${new URL(pgServer).host} does not answer: its rows are skipped\n`);
      break;
    }
    try {
      if (scenario === "api") rows.push(...(await benchApi("postgres", postgres.url)));
      else training.push(await benchTrainingJob("postgres", postgres.url));
    } finally {
      await postgres.drop();
    }
  }
  if (rows.length > 0) {
    process.stdout.write(`\nbackend API, ${connections} connections, ${seconds} s each, loopback\n\n`);
    process.stdout.write(`| target | database | req/s | p50 ms | p99 ms | failed |\n| --- | --- | ---: | ---: | ---: | ---: |\n`);
    for (const row of rows) process.stdout.write(`| ${row.target} | ${row.database} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.failed} |\n`);
  }
  if (training.length > 0) printTrainingRows(training);
  if (rows.some((row) => row.failed > 0)) process.exitCode = 1;
};

await main();
