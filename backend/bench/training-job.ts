// A training job of 3,000 items on a live server: how long GET /health takes while the job
// runs (a health checker probing back to back), against the same probe on the idle server
// measured in the same run, and how quickly a cancel request is answered and obeyed.
//   BENCH_TRAINING_ITEMS (default 3000); BENCH_ONLY=training runs this part alone.
// The items are seeded straight into the database (the server is stopped meanwhile on
// PGlite, which allows one opener): 3,000 API calls would measure the API, not the job.
import { openDatabase } from "../app/database.js";
import { call, run, secret, serve, stop } from "./support.js";
import { quantile } from "./support.js";

export const TRAINING_ITEMS = Number(process.env.BENCH_TRAINING_ITEMS ?? 3000);

export interface TrainingRow {
  readonly database: string;
  readonly idleP50: number;
  readonly idleP99: number;
  readonly busyP50: number;
  readonly busyP99: number;
  readonly busyMax: number;
  readonly probes: number;
  readonly jobSeconds: number;
  readonly cancelMs: number;
  /** 200 when the cancel reached a running job; 409 when the job had finished first. */
  readonly cancelStatus: number;
  readonly progressAtCancel: number;
  /** Rows the runner still finished after the progress last seen before the cancel. */
  readonly rowsAfterCancel: number;
}

const paragraph = (i: number, k: number) =>
  `Section ${k} of handbook page ${i}. The procedure for case ${i}-${k} starts with checking the account, ` +
  `then confirming the order number, and finally writing to the customer within two working days.`;

const seed = async (databaseUrl: string, botIds: readonly string[]) => {
  const database = await openDatabase(databaseUrl);
  try {
    for (const botId of botIds) {
      for (let start = 0; start < TRAINING_ITEMS; start += 500) {
        const rows = [];
        for (let i = start; i < Math.min(TRAINING_ITEMS, start + 500); i++) {
          rows.push(
            i % 3 === 2
              ? { bot_id: botId, source_type: "text" as const, content: [0, 1, 2].map((k) => paragraph(i, k)).join("\n\n") }
              : { bot_id: botId, source_type: "qa" as const, question: `How do I handle case number ${i}?`, content: `Case ${i} is handled by team ${i % 17}.` },
          );
        }
        await database.db.insertInto("training_data").values(rows).execute();
      }
    }
  } finally {
    await database.close();
  }
};

const processedRows = async (databaseUrl: string, botId: string): Promise<number> => {
  const database = await openDatabase(databaseUrl);
  try {
    const row = await database.db
      .selectFrom("training_data")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("bot_id", "=", botId)
      .where("status", "<>", "pending")
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await database.close();
  }
};

const probe = async (base: string): Promise<number> => {
  const started = performance.now();
  const response = await fetch(`${base}/health`);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET /health: ${response.status}`);
  return performance.now() - started;
};

export const benchTrainingJob = async (label: string, databaseUrl: string): Promise<TrainingRow> => {
  const env = { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: secret, LOG_LEVEL: "warn", HOST: "127.0.0.1" };
  await run("sh", ["./migrate.sh", "upgrade", "head"], env);
  let server = await serve("app/main.ts", env, "/health");
  let token: string;
  let bots: string[];
  try {
    await call(server.base, "POST", "/api/v1/auth/register", { email: "trainer@example.com", username: "trainer", password: "bench-password" });
    token = (await call(server.base, "POST", "/api/v1/auth/login", { login: "trainer", password: "bench-password" })).access_token;
    bots = [(await call(server.base, "POST", "/api/v1/bots", { name: "probed" }, token)).id, (await call(server.base, "POST", "/api/v1/bots", { name: "cancelled" }, token)).id];
  } finally {
    await stop(server.child);
  }
  await seed(databaseUrl, bots);
  server = await serve("app/main.ts", env, "/health");
  const [probed, cancelled] = bots as [string, string];
  let cancelMs = 0;
  let cancelStatus = 0;
  let progressAtCancel = 0;
  let idle: number[] = [];
  const busy: number[] = [];
  let jobSeconds = 0;
  try {
    const base = server.base;
    for (let i = 0; i < 200; i++) idle.push(await probe(base));
    idle = idle.slice(20);

    const job = await call(base, "POST", `/api/v1/bots/${probed}/training-jobs`, undefined, token);
    const started = performance.now();
    for (let status = "pending", n = 0; status === "pending" || status === "running"; n++) {
      busy.push(await probe(base));
      if (n % 10 === 9) status = (await call(base, "GET", `/api/v1/bots/${probed}/training-jobs/${job.id}`, undefined, token)).status;
    }
    jobSeconds = (performance.now() - started) / 1000;

    const second = await call(base, "POST", `/api/v1/bots/${cancelled}/training-jobs`, undefined, token);
    while (progressAtCancel < 10) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      progressAtCancel = (await call(base, "GET", `/api/v1/bots/${cancelled}/training-jobs/${second.id}`, undefined, token)).progress;
    }
    const cancelStarted = performance.now();
    // A runner that holds the event loop answers only when the job is over: a 409 then.
    const answer = await fetch(`${base}/api/v1/bots/${cancelled}/training-jobs/${second.id}/cancel`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    await answer.arrayBuffer();
    cancelMs = performance.now() - cancelStarted;
    cancelStatus = answer.status;
    // Give a runner that ignored the cancel time to show it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } finally {
    await stop(server.child);
  }
  const rowsAfterCancel = (await processedRows(databaseUrl, cancelled)) - Math.floor((progressAtCancel * TRAINING_ITEMS) / 100);
  return {
    database: label,
    idleP50: quantile(idle, 0.5),
    idleP99: quantile(idle, 0.99),
    busyP50: quantile(busy, 0.5),
    busyP99: quantile(busy, 0.99),
    busyMax: Math.max(...busy),
    probes: busy.length,
    jobSeconds,
    cancelMs,
    cancelStatus,
    progressAtCancel,
    rowsAfterCancel,
  };
};

const ms = (value: number) => value.toFixed(1);

export const printTrainingRows = (rows: readonly TrainingRow[]): void => {
  process.stdout.write(`\nGET /health probed back to back during a ${TRAINING_ITEMS}-item training job, and a cancel\n\n`);
  process.stdout.write(
    "| database | idle p50 ms | idle p99 ms | busy p50 ms | busy p99 ms | busy max ms | p99 busy/idle | probes | job s | cancel answered ms | cancel status | progress seen before cancel | rows after it |\n" +
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
  );
  for (const r of rows) {
    process.stdout.write(
      `| ${r.database} | ${ms(r.idleP50)} | ${ms(r.idleP99)} | ${ms(r.busyP50)} | ${ms(r.busyP99)} | ${ms(r.busyMax)} | ${(r.busyP99 / r.idleP99).toFixed(1)} | ${r.probes} | ${r.jobSeconds.toFixed(1)} | ${ms(r.cancelMs)} | ${r.cancelStatus} | ${r.progressAtCancel}% | ${r.rowsAfterCancel} |\n`,
    );
  }
};
