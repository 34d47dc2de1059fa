// `retort check` on large schemas (issue 15): one generated 10,000-table schema spread over
// ten PostgreSQL schemas s1..s10 (1,000 tables each) in a fresh database, checked at 1,000,
// 3,000 and 10,000 tables (config `schemas` naming s1, s1..s3, s1..s10) so that growth is
// visible. Each size prints the built CLI's wall time and peak RSS beside the bare catalog
// queries for the same schemas, timed in the same run. Targets: linear growth; 10,000 tables
// within 2.5x of the catalog queries and under 500 MB; 1,000 tables under 0.5 s.
// Figures only; nothing here asserts time. Runs alone: `npm run bench:large` in retort/
// (RETORT_BENCH_KEEP=1 keeps the built database as a template for the next run).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareSchemas } from "../src/autogen/compare.js";
import { renderModels } from "../src/autogen/render-models.js";
import { createDialect } from "../src/dialects/index.js";
import { introspect, readCatalog } from "../src/dialects/postgres/introspect.js";
import { connect, parseDatabaseUrl } from "../src/drivers/index.js";
import type { ColumnType, Schema, Table } from "../src/schema/types.js";
import pg from "pg";
import { createTempDatabase, databaseUrl, postgresSkip, serverUrl, type TempDatabase } from "../test/support/postgres.js";
import { generateSchema } from "../test/autogen/support/generated-schema.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const PER_SCHEMA = 1000;
const SIZES = [1, 3, 10] as const; // schemas checked, 1,000 tables each
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** One generated 1,000-table schema moved into namespace `schema`, enums and references too. */
const inSchema = (schema: string, seed: number): Schema => {
  const base = generateSchema({ tables: PER_SCHEMA, columns: 8, seed });
  const retype = (type: ColumnType): ColumnType =>
    type.kind === "enum" ? { ...type, schema } : type.kind === "array" ? { ...type, element: retype(type.element) } : type;
  const tables: Table[] = base.tables.map((t) => ({
    ...t,
    schema,
    columns: t.columns.map((c) => ({ ...c, type: retype(c.type) })),
    foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, references: { ...fk.references, schema } })),
  }));
  return { tables, enums: base.enums.map((e) => ({ ...e, schema })), schemas: [schema] };
};

const runCheck = (cwd: string, env: NodeJS.ProcessEnv): { seconds: number; peakMb: number | null } => {
  const command = TIME ?? process.execPath;
  const args = TIME === null ? [CLI, "check"] : ["-v", process.execPath, CLI, "check"];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`retort check exited ${result.status}: ${result.stdout.slice(0, 2000)}${result.stderr.slice(-2000)}`);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  return { seconds, peakMb: kb === undefined ? null : Number(kb) / 1024 };
};

const TEMPLATE = "retort_bench_large_v1";

const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

/** A fresh copy of the kept template database, built first when it does not exist. */
const fromTemplate = async (build: (url: string) => Promise<void>): Promise<TempDatabase> => {
  const exists = await admin(async (c) => (await c.query("select 1 from pg_database where datname = $1", [TEMPLATE])).rowCount === 1);
  if (!exists) {
    await admin((c) => c.query(`create database "${TEMPLATE}"`));
    try {
      await build(databaseUrl(TEMPLATE));
    } catch (error) {
      await admin((c) => c.query(`drop database if exists "${TEMPLATE}"`));
      throw error;
    }
  } else console.log(`  copying the kept database ${TEMPLATE} (drop it after changing the generator)`);
  const name = `retort_test_bench_large_${randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`create database "${name}" template "${TEMPLATE}"`));
  return { name, url: databaseUrl(name), drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined) };
};

export const benchCheckLarge = async (): Promise<void> => {
  const largest = SIZES[SIZES.length - 1] as number;
  console.log(`retort check on ${SIZES.map((n) => (n * PER_SCHEMA).toLocaleString("en")).join(", ")} tables in schemas s1..sN (PostgreSQL), median of ${RUNS} runs`);
  if (!existsSync(CLI)) throw new Error("retort is not built: run `npm run build` first (the root `npm run bench` does)");
  if ((await postgresSkip()) !== false) {
    console.log("  skipped: no PostgreSQL server (see above)");
    return;
  }
  const tmp = fileURLToPath(new URL("../test/.tmp/", import.meta.url));
  mkdirSync(tmp, { recursive: true });
  const root = mkdtempSync(join(tmp, "bench-large-"));
  const build = async (url: string): Promise<void> => {
    const target = await connect(parseDatabaseUrl(url, root));
    try {
      const started = process.hrtime.bigint();
      for (let s = 1; s <= largest; s++) {
        const ops = compareSchemas({ tables: [], enums: [], schemas: [] }, inSchema(`s${s}`, 100 + s)).ops;
        const statements = ops.flatMap((op) => createDialect(url).compiler.compile(op)).map((st) => st.sql);
        // A few hundred statements per message: one message is one implicit transaction, and
        // a whole schema's tables, keys and indexes in one would outgrow the server's lock
        // table (max_locks_per_transaction) on a default configuration.
        for (let at = 0; at < statements.length; at += 300) await target.exec(statements.slice(at, at + 300).join(";\n"));
      }
      console.log(`  built ${(largest * PER_SCHEMA).toLocaleString("en")} tables in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
    } finally {
      await target.close();
    }
  };
  // RETORT_BENCH_KEEP=1 keeps the built schema as a template database, so that later runs
  // copy it (seconds) instead of building it again (minutes on a busy machine).
  const db = process.env.RETORT_BENCH_KEEP === "1" ? await fromTemplate(build) : await createTempDatabase("bench_large");
  if (process.env.RETORT_BENCH_KEEP !== "1") await build(db.url);
  const conn = await connect(parseDatabaseUrl(db.url, root));
  try {
    const env = { ...process.env, DATABASE_URL: db.url };
    console.log("  tables   catalog queries   retort check   ratio   peak RSS");
    const rows: { tables: number; seconds: number }[] = [];
    for (const count of SIZES) {
      const schemas = Array.from({ length: count }, (_, i) => `s${i + 1}`);
      // A project whose models were pulled from those schemas, so check has nothing to report.
      const project = join(root, `n${count}`);
      mkdirSync(join(project, "models"), { recursive: true });
      mkdirSync(join(project, "migrations", "versions"), { recursive: true });
      const schema = await introspect(conn, { schemas, versionTable: { name: "alembic_version" } });
      for (const file of renderModels(schema, { layout: "single" })) writeFileSync(join(project, "models", file.path), file.text);
      writeFileSync(
        join(project, "retort.config.ts"),
        `export default { migrations: "migrations", models: "./models/index.ts", schemas: ${JSON.stringify(schemas)}, namingConvention: { ck: "%(constraint_name)s" } };\n`,
      );
      runCheck(project, env); // warms the compile cache, as a second run in a project would
      const catalog: number[] = [];
      const checks: { seconds: number; peakMb: number | null }[] = [];
      // Alternating, so that load on a shared machine hits both alike.
      for (let i = 0; i < RUNS; i++) {
        const start = process.hrtime.bigint();
        await readCatalog(conn, schemas);
        catalog.push(Number(process.hrtime.bigint() - start) / 1e9);
        checks.push(runCheck(project, env));
      }
      const bare = median(catalog);
      const wall = median(checks.map((c) => c.seconds));
      const peaks = checks.map((c) => c.peakMb).filter((p): p is number => p !== null);
      const peak = peaks.length === 0 ? "n/a" : `${median(peaks).toFixed(0)} MB`;
      rows.push({ tables: schema.tables.length, seconds: wall });
      console.log(
        `  ${String(schema.tables.length).padStart(6)}   ${bare.toFixed(3).padStart(13)} s   ${wall.toFixed(3).padStart(10)} s   ${(wall / bare).toFixed(1).padStart(4)}x   ${peak.padStart(8)}`,
      );
    }
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (first !== undefined && last !== undefined && first !== last) {
      console.log(`  growth: ${(last.tables / first.tables).toFixed(0)}x the tables cost ${(last.seconds / first.seconds).toFixed(1)}x the time`);
    }
  } finally {
    await conn.close();
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  }
};

// Runs when imported (bench/run.ts imports it) or run on its own.
await benchCheckLarge();
