// `retort check` on a 1,000-table schema on PostgreSQL (issue 4): wall time and peak memory
// of the built CLI, end to end (start-up, config, loading 1,000 model tables, introspection,
// comparison), next to the bare catalog queries introspection runs, timed in the same run.
// Targets: under 1 s and under 200 MB. Figures only; nothing here asserts time.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareSchemas } from "../src/autogen/compare.js";
import { renderModels } from "../src/autogen/render-models.js";
import { compileOp } from "../src/dialects/postgres/compile.js";
import { postgresCapabilities } from "../src/dialects/postgres/capabilities.js";
import { introspect, readCatalog } from "../src/dialects/postgres/introspect.js";
import { connect, parseDatabaseUrl } from "../src/drivers/index.js";
import { createTempDatabase, postgresSkip } from "../test/support/postgres.js";
import { generateSchema } from "../test/autogen/support/generated-schema.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const TABLES = 1000;
const RUNS = 5;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

interface Measured {
  readonly seconds: number;
  readonly peakMb: number | null;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// /usr/bin/time -v reports the child's peak RSS; without it only the time is measured.
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

const runCheck = (cwd: string, env: NodeJS.ProcessEnv): Measured => {
  const command = TIME ?? process.execPath;
  const args = TIME === null ? [CLI, "check"] : ["-v", process.execPath, CLI, "check"];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  return { seconds, peakMb: kb === undefined ? null : Number(kb) / 1024, status: result.status, stdout: result.stdout, stderr: result.stderr };
};

export const benchCheck1000 = async (): Promise<void> => {
  console.log(`retort check on ${TABLES} tables (PostgreSQL), median of ${RUNS} runs`);
  if (!existsSync(CLI)) throw new Error("retort is not built: run `npm run build` first (the root `npm run bench` does)");
  if ((await postgresSkip()) !== false) {
    console.log("  skipped: no PostgreSQL server (see above)");
    return;
  }
  const db = await createTempDatabase("bench_check");
  // Under retort/ so that the models' `import ... from "retort-migrate"` resolves.
  const tmp = fileURLToPath(new URL("../test/.tmp/", import.meta.url));
  mkdirSync(tmp, { recursive: true });
  const project = mkdtempSync(join(tmp, "bench-check-"));
  const conn = await connect(parseDatabaseUrl(db.url, project));
  try {
    const generated = generateSchema({ tables: TABLES, columns: 8, seed: 11 });
    const statements = compareSchemas({ tables: [], enums: [] }, generated).ops.flatMap((op) => compileOp(op, { capabilities: postgresCapabilities("postgres") }));
    await conn.exec(statements.map((s) => s.sql).join(";\n"));
    const schema = await introspect(conn, { versionTable: { name: "alembic_version" } });
    const count = (f: (t: (typeof schema.tables)[number]) => number) => schema.tables.reduce((n, t) => n + f(t), 0) / schema.tables.length;
    console.log(
      `  schema: ${schema.tables.length} tables, per table on average ${count((t) => t.columns.length).toFixed(1)} columns, ` +
        `${count((t) => t.indexes.length + t.uniques.length + (t.primaryKey ? 1 : 0)).toFixed(1)} indexes (2 beyond the primary key ~ ${count((t) => t.indexes.length + t.uniques.length).toFixed(1)}), ` +
        `${count((t) => t.foreignKeys.length).toFixed(2)} foreign keys, ${count((t) => t.checks.length).toFixed(2)} checks`,
    );

    // The project: models pulled from the database, so that check has nothing to report.
    mkdirSync(join(project, "models"));
    for (const file of renderModels(schema, { layout: "single" })) writeFileSync(join(project, "models", file.path), file.text);
    writeFileSync(
      join(project, "retort.config.ts"),
      'export default { migrations: "migrations", models: "./models/index.ts", namingConvention: { ck: "%(constraint_name)s" } };\n',
    );
    mkdirSync(join(project, "migrations", "versions"), { recursive: true });

    const catalog: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      await readCatalog(conn, undefined);
      catalog.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    const env = { ...process.env, DATABASE_URL: db.url };
    const runs: Measured[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(runCheck(project, env));
    const failed = runs.find((r) => r.status !== 0);
    if (failed !== undefined) throw new Error(`retort check exited ${failed.status}: ${failed.stdout}${failed.stderr}`);
    const wall = median(runs.map((r) => r.seconds));
    const peaks = runs.map((r) => r.peakMb).filter((p): p is number => p !== null);
    const peak = peaks.length === 0 ? null : median(peaks);
    const worst = peaks.length === 0 ? null : Math.max(...peaks);
    const bare = median(catalog);
    console.log(`  bare catalog queries (9 round trips) ${bare.toFixed(3)} s`);
    console.log(`  retort check, end to end          ${wall.toFixed(3)} s  (target < 1.000 s: ${wall < 1 ? "met" : "NOT met"})`);
    console.log(`  ratio check / catalog queries     ${(wall / bare).toFixed(1)}x`);
    console.log(peak === null ? "  peak RSS                          not measured (no /usr/bin/time)" : `  peak RSS, median (worst) of runs  ${peak.toFixed(0)} MB (${(worst ?? peak).toFixed(0)} MB)  (target < 200 MB: ${peak < 200 ? "met" : "NOT met"})`);
  } finally {
    await conn.close();
    await db.drop();
    rmSync(project, { recursive: true, force: true });
  }
};

// Runs when imported (bench/run.ts imports it) or run on its own.
await benchCheck1000();
