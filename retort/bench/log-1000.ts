// What the applied-migration log costs (issue 12): `retort upgrade head` of 1,000 one-table
// migrations and `retort current` at their head on PostgreSQL, each with the log (a row per
// step in its transaction; current reads the logged checksums and hashes every applied
// file) beside the same project with `logTable: false`, measured in the same run and
// alternated so that load on a shared machine hits both alike. Figures only.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTempDatabase, postgresSkip } from "../test/support/postgres.js";
import { generateProject } from "./fixtures.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const REVISIONS = Number(process.env.RETORT_BENCH_REVISIONS ?? 1000);
const RUNS = Number(process.env.RETORT_BENCH_RUNS ?? 3);
const CURRENT_RUNS = 7;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const timed = (args: string[], cwd: string, url: string): number => {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`retort ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return seconds;
};

export const benchLog1000 = async (): Promise<void> => {
  if ((await postgresSkip()) !== false) {
    console.log("applied-migration log: skipped (no PostgreSQL server)");
    return;
  }
  const logged = generateProject(REVISIONS);
  const unlogged = generateProject(REVISIONS);
  writeFileSync(join(unlogged, "retort.config.ts"), 'export default { migrations: "migrations", logTable: false };\n');
  const upgrade = { on: [] as number[], off: [] as number[] };
  const current = { on: [] as number[], off: [] as number[] };
  try {
    // Fills both compile caches, so the runs below compare the log and nothing else.
    for (const project of [logged, unlogged]) spawnSync(process.execPath, [CLI, "upgrade", "head", "--sql"], { cwd: project, env: { ...process.env, DATABASE_URL: "postgresql://localhost/x" } });
    for (let run = 0; run < RUNS; run += 1) {
      const on = await createTempDatabase("bench_log_on");
      const off = await createTempDatabase("bench_log_off");
      try {
        upgrade.on.push(timed(["upgrade", "head"], logged, on.url));
        upgrade.off.push(timed(["upgrade", "head"], unlogged, off.url));
        if (run === 0) {
          for (let i = 0; i < CURRENT_RUNS; i += 1) {
            current.on.push(timed(["current"], logged, on.url));
            current.off.push(timed(["current"], unlogged, off.url));
          }
        }
      } finally {
        await Promise.all([on.drop(), off.drop()]);
      }
    }
    const ratio = (pair: { on: number[]; off: number[] }): string => `${(median(pair.on) / median(pair.off)).toFixed(2)}x`;
    console.log(`applied-migration log, ${REVISIONS} one-table migrations on PostgreSQL (median of ${RUNS} upgrades, ${CURRENT_RUNS} currents)`);
    console.log(`  upgrade head, logTable: false        ${median(upgrade.off).toFixed(3)} s`);
    console.log(`  upgrade head, with the log           ${median(upgrade.on).toFixed(3)} s  ratio ${ratio(upgrade)}`);
    console.log(`  current, logTable: false             ${median(current.off).toFixed(3)} s`);
    console.log(`  current, with the edit check         ${median(current.on).toFixed(3)} s  ratio ${ratio(current)} (current's target < 0.200 s: ${median(current.on) < 0.2 ? "met" : "NOT met"})`);
  } finally {
    rmSync(logged, { recursive: true, force: true });
    rmSync(unlogged, { recursive: true, force: true });
  }
};

// Runs when imported (bench/run.ts imports it) or run on its own.
await benchLog1000();
