// SQLite (issue 17), figures only:
// 1. `retort upgrade head` applying 1,000 one-table migrations to a new file, cold and warm
//    compile cache, beside Debian's sqlite3 CLI running the same SQL (`upgrade head --sql`:
//    one transaction per migration with its version-row change) into another new file.
// 2. `retort check` on 1,000 tables (keys, a unique, a check, a foreign key and an index
//    each), end to end, beside the bare catalog queries introspection runs (4 queries).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderModels } from "../src/autogen/render-models.js";
import { readCatalog } from "../src/dialects/sqlite/introspect.js";
import { connect, parseDatabaseUrl } from "../src/drivers/index.js";
import { generateProject } from "./fixtures.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const REVISIONS = 1000;
const TABLES = 1000;
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

const benchUpgrade = (): void => {
  const project = generateProject(REVISIONS);
  const warmCache = mkdtempSync(join(tmpdir(), "retort-bench-cache-"));
  try {
    const env = (cache: string, file: string): NodeJS.ProcessEnv => ({ ...process.env, RETORT_CACHE_DIR: cache, DATABASE_URL: `sqlite://${file}` });
    const script = timed(process.execPath, [CLI, "upgrade", "head", "--sql"], project, env(warmCache, join(project, "unused.db"))).stdout;
    const cli: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const coldCache = mkdtempSync(join(tmpdir(), "retort-bench-cold-"));
      try {
        cli.push(timed("sqlite3", ["-bail", join(project, `cli-${run}.db`)], project, process.env, script).seconds);
        cold.push(timed(process.execPath, [CLI, "upgrade", "head"], project, env(coldCache, join(project, `cold-${run}.db`))).seconds);
        warm.push(timed(process.execPath, [CLI, "upgrade", "head"], project, env(warmCache, join(project, `warm-${run}.db`))).seconds);
      } finally {
        rmSync(coldCache, { recursive: true, force: true });
      }
    }
    const base = median(cli);
    console.log(`upgrade head, ${REVISIONS} one-table migrations on a new SQLite file (median of ${RUNS})`);
    console.log(`  sqlite3 CLI, one transaction per migration  ${fmt(base)}`);
    console.log(`  retort, cold compile cache                  ${fmt(median(cold))}  ratio ${(median(cold) / base).toFixed(2)}x`);
    console.log(`  retort, warm compile cache                  ${fmt(median(warm))}  ratio ${(median(warm) / base).toFixed(2)}x`);
  } finally {
    rmSync(project, { recursive: true, force: true });
    rmSync(warmCache, { recursive: true, force: true });
  }
};

const tablesSql = (): string => {
  const out: string[] = [];
  for (let i = 0; i < TABLES; i++) {
    const parent = i === 0 ? undefined : `t${Math.floor(i / 2)}`;
    out.push(
      `CREATE TABLE t${i} (id INTEGER NOT NULL, parent_id INTEGER, code VARCHAR(40) NOT NULL DEFAULT 'x', amount NUMERIC(10, 2), active BOOLEAN NOT NULL DEFAULT 1, ` +
        `body TEXT, created TIMESTAMP, ref UUID, CONSTRAINT pk_t${i} PRIMARY KEY (id), CONSTRAINT uq_t${i}_code UNIQUE (code), CONSTRAINT ck_t${i}_amount CHECK (amount >= 0)` +
        `${parent === undefined ? "" : `, CONSTRAINT fk_t${i}_parent FOREIGN KEY (parent_id) REFERENCES ${parent} (id)`})`,
      `CREATE INDEX ix_t${i}_created ON t${i} (created)`,
    );
  }
  return `${out.join(";\n")};`;
};

const benchCheck = async (): Promise<void> => {
  const tmp = fileURLToPath(new URL("../test/.tmp/", import.meta.url));
  mkdirSync(tmp, { recursive: true });
  const project = mkdtempSync(join(tmp, "bench-sqlite-check-"));
  const file = join(project, "app.db");
  const conn = await connect(parseDatabaseUrl(`sqlite://${file}`, project));
  try {
    await conn.exec(tablesSql());
    const { schema } = await readCatalog(conn, { versionTable: { name: "alembic_version" } });
    mkdirSync(join(project, "models"));
    for (const model of renderModels(schema, { layout: "single" })) writeFileSync(join(project, "models", model.path), model.text);
    writeFileSync(join(project, "retort.config.ts"), 'export default { migrations: "migrations", models: "./models/index.ts" };\n');
    mkdirSync(join(project, "migrations", "versions"), { recursive: true });
    const env = { ...process.env, DATABASE_URL: `sqlite://${file}` };
    const catalog: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      await readCatalog(conn, { versionTable: { name: "alembic_version" } });
      catalog.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    const check: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = timed(process.execPath, [CLI, "check"], project, env);
      if (!run.stdout.startsWith("No differences")) throw new Error(`retort check found differences:\n${run.stdout.slice(0, 2000)}`);
      check.push(run.seconds);
    }
    const bare = median(catalog);
    const wall = median(check);
    console.log(`retort check on ${TABLES} SQLite tables (median of ${RUNS})`);
    console.log(`  bare catalog queries (4 queries, in process)  ${fmt(bare)}`);
    console.log(`  retort check, end to end                      ${fmt(wall)}  ratio ${(wall / bare).toFixed(1)}x`);
  } finally {
    await conn.close();
    rmSync(project, { recursive: true, force: true });
  }
};

export const benchSqlite = async (): Promise<void> => {
  if (spawnSync("sqlite3", ["-version"]).status !== 0) {
    console.log("SQLite benchmarks: skipped (Debian's sqlite3 is not installed: apt-get install -y sqlite3)");
    return;
  }
  benchUpgrade();
  await benchCheck();
};

// Runs when imported (bench/run.ts imports it) or run on its own.
await benchSqlite();
