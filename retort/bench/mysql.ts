// MySQL/MariaDB (issue 17), figures only:
// 1. `retort upgrade head` applying 1,000 one-table migrations on a fresh database, beside
//    the `mariadb` client applying the same SQL (`retort upgrade head --sql`) on another
//    fresh database in the same run, alternating.
// 2. `retort check` on 1,000 tables (models pulled from the database, so nothing differs),
//    beside the introspector's five bare catalog queries timed in the same run.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareSchemas } from "../src/autogen/compare.js";
import { renderModels } from "../src/autogen/render-models.js";
import { createDialect } from "../src/dialects/index.js";
import { buildSchema } from "../src/schema/build.js";
import { integer, serial, table, text, timestamp, varchar } from "../src/schema/index.js";
import { checksSql, columnsSql, foreignKeysSql, indexesSql, tablesSql } from "../src/dialects/mysql/introspect-queries.js";
import { createMysqlDatabase, mysqlSkip, type MysqlDatabase } from "../test/support/mysql.js";
import { generateProject } from "./fixtures.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const COUNT = 1000;
const RUNS = Number(process.env.RETORT_BENCH_RUNS ?? 3);

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const timed = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, input?: string): { seconds: number; stdout: string } => {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...(input === undefined ? {} : { input }) });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return { seconds, stdout: result.stdout };
};

const fmt = (seconds: number): string => `${seconds.toFixed(3)} s`;

const mariadbClient = (db: MysqlDatabase, script: string, cwd: string): number => {
  const url = new URL(db.url);
  return timed("mariadb", ["-h", url.hostname, "-P", url.port || "3306", "-u", decodeURIComponent(url.username) || "root", db.name], cwd, process.env, script).seconds;
};

const benchUpgrade = async (): Promise<void> => {
  const project = generateProject(COUNT);
  const cache = mkdtempSync(join(tmpdir(), "retort-bench-mysql-cache-"));
  try {
    const env = (url: string): NodeJS.ProcessEnv => ({ ...process.env, RETORT_CACHE_DIR: cache, DATABASE_URL: url });
    // The script also warms the compile cache: --sql compiles every file.
    const script = timed(process.execPath, [CLI, "upgrade", "head", "--sql"], project, env("mysql://root@127.0.0.1:3306/none")).stdout;
    const client: number[] = [];
    const ours: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const [a, b] = await Promise.all([createMysqlDatabase("bench_client"), createMysqlDatabase("bench_retort")]);
      try {
        client.push(mariadbClient(a, script, project));
        ours.push(timed(process.execPath, [CLI, "upgrade", "head"], project, env(b.url)).seconds);
      } finally {
        await Promise.all([a.drop(), b.drop()]);
      }
    }
    const base = median(client);
    const wall = median(ours);
    console.log(`upgrade head, ${COUNT} one-table migrations on MariaDB over TCP (median of ${RUNS})`);
    console.log(`  mariadb client, the --sql script       ${fmt(base)}`);
    console.log(`  retort upgrade head (warm cache)       ${fmt(wall)}  ratio ${(wall / base).toFixed(2)}x`);
  } finally {
    rmSync(project, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
};

const benchCheck = async (): Promise<void> => {
  const db = await createMysqlDatabase("bench_check");
  const tmp = fileURLToPath(new URL("../test/.tmp/", import.meta.url));
  mkdirSync(tmp, { recursive: true });
  const project = mkdtempSync(join(tmp, "bench-mysql-check-"));
  const dialect = createDialect(db.url);
  const connection = await dialect.driver.connect();
  try {
    const models: Record<string, unknown> = {};
    for (let i = 0; i < COUNT; i++)
      models[`t${i}`] = table(`t${String(i).padStart(4, "0")}`, {
        id: serial().primaryKey(),
        name: varchar(60).notNull().unique(),
        note: text(),
        at: timestamp({ withTimezone: true }),
        n: integer().notNull().default(i),
      });
    const ops = compareSchemas({ tables: [], enums: [] }, buildSchema(models)).ops;
    const statements = ops.flatMap((op) => dialect.compiler.compile(op));
    for (let i = 0; i < statements.length; i += 50) await connection.exec(statements.slice(i, i + 50).map((s) => `${s.sql};`).join("\n"));
    const schema = await dialect.introspector.introspect(connection, { versionTable: { name: "alembic_version" } });
    mkdirSync(join(project, "models"));
    for (const file of renderModels(schema, { layout: "single" })) writeFileSync(join(project, "models", file.path), file.text);
    writeFileSync(join(project, "retort.config.ts"), 'export default { migrations: "migrations", models: "./models/index.ts" };\n');
    mkdirSync(join(project, "migrations", "versions"), { recursive: true });
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      await Promise.all([tablesSql(), columnsSql(), indexesSql(), foreignKeysSql(), checksSql()].map((q) => connection.query(q.sql, q.params)));
      bare.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    const env = { ...process.env, DATABASE_URL: db.url };
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [CLI, "check"], { cwd: project, env, encoding: "utf8" });
      runs.push(Number(process.hrtime.bigint() - start) / 1e9);
      if (result.status !== 0) throw new Error(`retort check exited ${result.status}: ${result.stdout}${result.stderr}`);
    }
    const catalog = median(bare);
    const wall = median(runs);
    console.log(`retort check on ${COUNT} tables (MariaDB), median of ${RUNS} runs`);
    console.log(`  bare catalog queries (5, in parallel)  ${fmt(catalog)}`);
    console.log(`  retort check, end to end               ${fmt(wall)}  ratio ${(wall / catalog).toFixed(1)}x`);
  } finally {
    await connection.close();
    await db.drop();
    rmSync(project, { recursive: true, force: true });
  }
};

export const benchMysql = async (): Promise<void> => {
  if ((await mysqlSkip()) !== false) {
    console.log("MySQL/MariaDB benchmarks: skipped (no server)");
    return;
  }
  await benchUpgrade();
  await benchCheck();
};

// Runs when imported (bench/run.ts imports it) or run on its own.
await benchMysql();
