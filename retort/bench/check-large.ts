// `retort check`, `revision --autogenerate` and `pull` on large schemas (issue 15): one
// generated 10,000-table schema spread over ten PostgreSQL schemas s1..s10 (1,000 tables
// each) in a fresh database, read at 1,000, 3,000 and 10,000 tables (config `schemas`
// naming s1, s1..s3, s1..s10) so that growth is visible. Each size prints each command's
// wall time and peak RSS beside the bare catalog queries for the same schemas, timed in
// the same run: check against models pulled from those schemas (nothing to report),
// autogenerate against the same models plus one new table per schema (a revision is
// written and removed again), pull writing the models of those schemas afresh. Targets:
// linear growth; 10,000 tables within 2.5x of the catalog queries and under 500 MB;
// 1,000 tables under 0.5 s. Figures only; nothing here asserts time. Runs alone:
// `npm run bench:large` in retort/ (RETORT_BENCH_KEEP=1 keeps the built database as a
// template for the next run; BENCH_RUNS sets the runs per figure, median taken).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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

interface Run {
  readonly seconds: number;
  readonly peakMb: number | null;
}

/** One run of the built CLI, its wall time and (with /usr/bin/time) its peak resident set. */
const runCli = (cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Run => {
  const command = TIME ?? process.execPath;
  const argv = TIME === null ? [CLI, ...args] : ["-v", process.execPath, CLI, ...args];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, argv, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`retort ${args.join(" ")} exited ${result.status}: ${result.stdout.slice(0, 2000)}${result.stderr.slice(-2000)}`);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  return { seconds, peakMb: kb === undefined ? null : Number(kb) / 1024 };
};

/** A project folder: config naming `schemas`, an empty versions folder, models if given. */
const writeProject = (dir: string, schemas: readonly string[], models: string | null): void => {
  mkdirSync(join(dir, "models"), { recursive: true });
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  if (models !== null) writeFileSync(join(dir, "models", "index.ts"), models);
  writeFileSync(
    join(dir, "retort.config.ts"),
    `export default { migrations: "migrations", ${models === null ? "" : 'models: "./models/index.ts", '}schemas: ${JSON.stringify(schemas)}, namingConvention: { ck: "%(constraint_name)s" } };\n`,
  );
};

/** One new table per schema, appended to the pulled models: what autogenerate has to write. */
const extraTables = (schemas: readonly string[]): string =>
  schemas
    .map((s) => `\nexport const benchExtra_${s} = table("bench_extra", {\n  id: bigserial(),\n  note: text(),\n}, (t) => [\n  primaryKey(conv("bench_extra_pkey")).on(t.id),\n], { schema: "${s}" });\n`)
    .join("");

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
  console.log(`retort check, revision --autogenerate and pull on ${SIZES.map((n) => (n * PER_SCHEMA).toLocaleString("en")).join(", ")} tables in schemas s1..sN (PostgreSQL), median of ${RUNS} runs`);
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
  // pull writes its files where no Prettier resolves (this repository has one): formatting
  // 10,000 tables is the project's own formatter's cost, not retort's.
  const pullRoot = mkdtempSync(join(tmpdir(), "retort-bench-pull-"));
  try {
    const env = { ...process.env, DATABASE_URL: db.url };
    console.log("  tables   command        catalog queries   retort    ratio   peak RSS");
    const growth = new Map<string, { tables: number; seconds: number }[]>();
    for (const count of SIZES) {
      const schemas = Array.from({ length: count }, (_, i) => `s${i + 1}`);
      const schema = await introspect(conn, { schemas, versionTable: { name: "alembic_version" } });
      const [models] = renderModels(schema, { layout: "single" }).map((f) => f.text);
      if (models === undefined) throw new Error("renderModels wrote no file");
      // check: models pulled from those schemas, so it has nothing to report.
      const checkProject = join(root, `check${count}`);
      writeProject(checkProject, schemas, models);
      // autogenerate: the same models and one new table per schema; the revision it writes
      // is removed after each run, so the database stays at head.
      const autogenProject = join(root, `autogen${count}`);
      writeProject(autogenProject, schemas, `${models}${extraTables(schemas)}`);
      const versions = join(autogenProject, "migrations", "versions");
      const autogenerate = (): Run => {
        const run = runCli(autogenProject, ["revision", "--autogenerate", "-m", "bench"], env);
        const written = readdirSync(versions);
        if (written.length !== 1) throw new Error(`autogenerate wrote ${written.length} revision files`);
        for (const file of written) rmSync(join(versions, file));
        return run;
      };
      const pullProject = join(pullRoot, `pull${count}`);
      writeProject(pullProject, schemas, null);
      const commands: [string, () => Run][] = [
        ["check", () => runCli(checkProject, ["check"], env)],
        ["autogenerate", autogenerate],
        ["pull", () => runCli(pullProject, ["pull", "--force"], env)],
      ];
      for (const [, run] of commands) run(); // warms the compile cache, as a second run in a project would
      const catalog: number[] = [];
      const runs = new Map<string, Run[]>(commands.map(([name]) => [name, []]));
      // Alternating, so that load on a shared machine hits all alike.
      for (let i = 0; i < RUNS; i++) {
        const start = process.hrtime.bigint();
        await readCatalog(conn, schemas);
        catalog.push(Number(process.hrtime.bigint() - start) / 1e9);
        for (const [name, run] of commands) runs.get(name)?.push(run());
      }
      const bare = median(catalog);
      for (const [name] of commands) {
        const done = runs.get(name) ?? [];
        const wall = median(done.map((r) => r.seconds));
        const peaks = done.map((r) => r.peakMb).filter((p): p is number => p !== null);
        const peak = peaks.length === 0 ? "n/a" : `${median(peaks).toFixed(0)} MB`;
        growth.set(name, [...(growth.get(name) ?? []), { tables: schema.tables.length, seconds: wall }]);
        console.log(
          `  ${String(schema.tables.length).padStart(6)}   ${name.padEnd(12)}   ${bare.toFixed(3).padStart(13)} s   ${wall.toFixed(3).padStart(6)} s   ${(wall / bare).toFixed(2).padStart(5)}x   ${peak.padStart(8)}`,
        );
      }
    }
    for (const [name, rows] of growth) {
      const first = rows[0];
      const last = rows[rows.length - 1];
      if (first !== undefined && last !== undefined && first !== last) {
        console.log(`  ${name}: ${(last.tables / first.tables).toFixed(0)}x the tables cost ${(last.seconds / first.seconds).toFixed(1)}x the time`);
      }
    }
  } finally {
    await conn.close();
    await db.drop();
    rmSync(root, { recursive: true, force: true });
    rmSync(pullRoot, { recursive: true, force: true });
  }
};

// Runs when imported (bench/run.ts imports it) or run on its own.
await benchCheckLarge();
