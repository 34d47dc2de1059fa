// `retort upgrade head` applying 1,000 one-table migrations on a fresh PostgreSQL database
// over TCP (issue 15), cold (an empty compile cache, as a container or CI runner starts)
// and warm (every file already compiled), each beside psql applying the same SQL (from
// `retort upgrade head --sql`: one transaction per migration, with its version-row change)
// on a fresh database in the same run, alternating so that load on a shared machine hits
// both alike. Targets: cold within 1.0x of psql, warm within 0.9x. Figures only.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTempDatabase, postgresSkip } from "../test/support/postgres.js";
import { generateProject } from "./fixtures.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const REVISIONS = 1000;
const RUNS = Number(process.env.RETORT_BENCH_RUNS ?? 3);

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const timed = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { seconds: number; stdout: string } => {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return { seconds, stdout: result.stdout };
};

const fmt = (seconds: number): string => `${seconds.toFixed(3)} s`;

export const benchApply1000 = async (): Promise<void> => {
  if ((await postgresSkip()) !== false) {
    console.log("upgrade of 1,000 migrations: skipped (no PostgreSQL server)");
    return;
  }
  const project = generateProject(REVISIONS);
  const warmCache = mkdtempSync(join(tmpdir(), "retort-bench-cache-"));
  try {
    const withCache = (dir: string, url?: string): NodeJS.ProcessEnv => ({ ...process.env, RETORT_CACHE_DIR: dir, ...(url === undefined ? {} : { DATABASE_URL: url }) });
    // The script also fills the warm cache: --sql compiles every file.
    const script = timed(process.execPath, [CLI, "upgrade", "head", "--sql"], project, withCache(warmCache, "postgresql://localhost/x")).stdout;
    const scriptFile = join(project, "upgrade.sql");
    writeFileSync(scriptFile, script);
    const psqlRuns: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const dbs = await Promise.all(["bench_psql", "bench_cold", "bench_warm"].map((name) => createTempDatabase(name)));
      const [viaPsql, viaCold, viaWarm] = dbs as [(typeof dbs)[0], (typeof dbs)[0], (typeof dbs)[0]];
      const coldCache = mkdtempSync(join(tmpdir(), "retort-bench-cold-"));
      try {
        psqlRuns.push(timed("psql", ["-q", "-X", "-v", "ON_ERROR_STOP=1", "-d", viaPsql.url, "-f", scriptFile], project).seconds);
        cold.push(timed(process.execPath, [CLI, "upgrade", "head"], project, withCache(coldCache, viaCold.url)).seconds);
        warm.push(timed(process.execPath, [CLI, "upgrade", "head"], project, withCache(warmCache, viaWarm.url)).seconds);
      } finally {
        rmSync(coldCache, { recursive: true, force: true });
        await Promise.all(dbs.map((db) => db.drop()));
      }
    }
    const psql = median(psqlRuns);
    const coldS = median(cold);
    const warmS = median(warm);
    console.log(`upgrade head, ${REVISIONS} one-table migrations on PostgreSQL over TCP (median of ${RUNS})`);
    console.log(`  psql -f, one transaction per migration  ${fmt(psql)}`);
    console.log(`  retort, cold compile cache              ${fmt(coldS)}  ratio ${(coldS / psql).toFixed(2)}x (target <= 1.0x: ${coldS / psql <= 1 ? "met" : "NOT met"})`);
    console.log(`  retort, warm compile cache              ${fmt(warmS)}  ratio ${(warmS / psql).toFixed(2)}x (target <= 0.9x: ${warmS / psql <= 0.9 ? "met" : "NOT met"})`);
  } finally {
    rmSync(project, { recursive: true, force: true });
    rmSync(warmCache, { recursive: true, force: true });
  }
};

// Runs when imported (bench/run.ts imports it) or run on its own.
await benchApply1000();
