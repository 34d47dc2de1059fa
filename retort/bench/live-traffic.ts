// A migration under live traffic (issue 13): a 200,000-row table, a client holding a
// transaction open on it for 10 s (a long report), 8 clients running short reads and
// writes on it continuously, then `retort upgrade head` of a migration that adds a column
// and a foreign key. For (a) lockTimeout "1s" with retries and (b) no timeout (what Alembic
// does), prints the clients' p50/p99/max latency and failed requests while the migration
// runs, and the migration's wall time. Target for (a): max latency under 1.5 s and the
// migration succeeds once the report ends; (b) stalls the clients for the whole report.
// Figures only; nothing asserts time.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createTempDatabase, postgresSkip } from "../test/support/postgres.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const ROWS = 200_000;
const CLIENTS = 8;
const REPORT_MS = 10_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const migration = (revision: string, down: string | null, body: string): string =>
  `export const revision = "${revision}";\nexport const downRevision = ${down === null ? "null" : `"${down}"`};\n` +
  `export async function upgrade(op: any) {\n${body}\n}\nexport async function downgrade(op: any) {}\n`;

const project = (config: string): string => {
  const dir = mkdtempSync(join(tmpdir(), "retort-live-"));
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  writeFileSync(join(dir, "retort.config.ts"), `export default { migrations: "migrations"${config} };\n`);
  writeFileSync(
    join(dir, "migrations", "versions", "l001.ts"),
    migration(
      "l001",
      null,
      [
        '  await op.execute("CREATE TABLE parents (id int PRIMARY KEY)");',
        '  await op.execute("INSERT INTO parents SELECT g FROM generate_series(1, 1000) g");',
        '  await op.execute("CREATE TABLE items (id int PRIMARY KEY, parent_id int NOT NULL, v int NOT NULL DEFAULT 0)");',
        `  await op.execute("INSERT INTO items (id, parent_id) SELECT g, 1 + g % 1000 FROM generate_series(1, ${ROWS}) g");`,
      ].join("\n"),
    ),
  );
  writeFileSync(
    join(dir, "migrations", "versions", "l002.ts"),
    migration(
      "l002",
      "l001",
      [
        '  await op.execute("ALTER TABLE items ADD COLUMN note text");',
        '  await op.execute("ALTER TABLE items ADD CONSTRAINT items_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id)");',
      ].join("\n"),
    ),
  );
  return dir;
};

const runRetort = (cwd: string, args: string[], url: string): Promise<{ status: number | null; stderr: string; seconds: number }> =>
  new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, DATABASE_URL: url } });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdout.resume();
    child.once("close", (status) => resolve({ status, stderr, seconds: (performance.now() - started) / 1000 }));
  });

interface Sample {
  readonly at: number;
  readonly ms: number;
  readonly failed: boolean;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

const scenario = async (name: string, config: string): Promise<void> => {
  const db = await createTempDatabase("bench_live");
  const dir = project(config);
  try {
    const setup = await runRetort(dir, ["upgrade", "l001"], db.url);
    if (setup.status !== 0) throw new Error(`setting up failed: ${setup.stderr}`);
    const samples: Sample[] = [];
    let running = true;
    const workers = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, index) => {
        const client = new pg.Client({ connectionString: db.url, application_name: `client ${index}` });
        client.on("error", () => {});
        await client.connect();
        return client;
      }),
    );
    const loops = workers.map(async (client, index) => {
      let n = index;
      while (running) {
        n += 7919;
        const id = 1 + (n % ROWS);
        const started = performance.now();
        let failed = false;
        try {
          if (n % 2 === 0) await client.query("SELECT v FROM items WHERE id = $1", [id]);
          else await client.query("UPDATE items SET v = v + 1 WHERE id = $1", [id]);
        } catch {
          failed = true;
        }
        samples.push({ at: started, ms: performance.now() - started, failed });
        await sleep(5);
      }
    });
    await sleep(1000);
    const report = new pg.Client({ connectionString: db.url, application_name: "long report" });
    await report.connect();
    await report.query("BEGIN");
    await report.query("SELECT count(*) FROM items");
    const reportEnds = sleep(REPORT_MS).then(() => report.query("COMMIT")).then(() => report.end());
    await sleep(500);
    const migrationStart = performance.now();
    const result = await runRetort(dir, ["upgrade", "head"], db.url);
    const migrationEnd = performance.now();
    await reportEnds;
    await sleep(500);
    running = false;
    await Promise.all(loops);
    await Promise.all(workers.map((client) => client.end()));
    const during = samples.filter((sample) => sample.at + sample.ms >= migrationStart && sample.at <= migrationEnd);
    const latencies = during.filter((sample) => !sample.failed).map((sample) => sample.ms).sort((a, b) => a - b);
    const retries = result.stderr.split("\n").filter((line) => line.includes("retry")).length;
    console.log(
      `  ${name.padEnd(34)} migration ${result.status === 0 ? "ok" : `FAILED (exit ${result.status})`} in ${result.seconds.toFixed(2)} s` +
        ` (${retries} retries); clients during it: ${during.length} requests, p50 ${percentile(latencies, 50).toFixed(1)} ms,` +
        ` p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms, ${during.filter((s) => s.failed).length} failed`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
};

export const benchLiveTraffic = async (): Promise<void> => {
  if ((await postgresSkip()) !== false) {
    console.log("migration under live traffic: skipped (no PostgreSQL server)");
    return;
  }
  console.log(
    `migration under live traffic: ${ROWS.toLocaleString("en")} rows, a ${REPORT_MS / 1000} s report transaction, ${CLIENTS} clients; ADD COLUMN + ADD FOREIGN KEY`,
  );
  await scenario("(a) lockTimeout 1s, lockRetries 5", ', lockTimeout: "1s"');
  await scenario("(b) no timeout (as Alembic)", "");
};

// Runs when imported (bench/run.ts imports it) or run on its own.
await benchLiveTraffic();
