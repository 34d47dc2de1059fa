// retort's benchmarks (`npm run bench`). They print figures and ratios; they assert
// nothing about time, since machines differ.
//
// 1. Graph commands on 1,000 revisions (heads, history; current on PostgreSQL): wall time
//    of the built CLI, median of several runs. Target: under 0.2 s each.
//    heads and history: target node's own start-up + 40 ms, with the header cache warm (the
//    files unchanged since the last graph command, the usual case); shown beside them, the
//    same with it cold (every file changed: each is read, scanned and kept again).
// 2. `upgrade head` applying 1,000 one-table migrations, cold and warm, against psql
//    (apply-1000.ts, imported below), and the same with and without the applied-migration
//    log, beside `current` with and without its edit check (log-1000.ts).
// Imported first: `retort check` on 1,000 tables (check-1000.ts) and on 1,000 / 3,000 /
// 10,000 tables across schemas s1..s10 (check-large.ts), each beside the bare catalog queries.
// Last: `retort lint --all` on 1,000 revisions (lint-1000.ts), beside `retort heads`, and
// `retort verify` of the backend's revisions and of 200 generated ones, beside `upgrade head`
// of the same history on PGlite in memory (verify-200.ts).
// SQLite (sqlite-1000.ts): upgrade of 1,000 migrations beside Debian's sqlite3 CLI, and
// check on 1,000 tables beside the bare catalog queries; MySQL/MariaDB (mysql.ts): the same
// beside the mariadb client.
// many tenants (tenants.ts): `upgrade --tenants` beside a shell loop of single upgrades.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { createTempDatabase, postgresSkip } from "../test/support/postgres.js";
import { generateProject } from "./fixtures.js";
import "./check-1000.js";
import "./check-large.js";
import { benchLint1000 } from "./lint-1000.js";
import { benchVerify } from "./verify-200.js";
import { benchTenants } from "./tenants.js";
import "./objects-1000.js";
import "./apply-1000.js";
import "./log-1000.js";
import "./live-traffic.js";
import "./sqlite-1000.js";
import "./mysql.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const REVISIONS = 1000;
const RUNS = 7;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

const timed = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { seconds: number; stdout: string } => {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return { seconds, stdout: result.stdout };
};

const retort = (args: string[], cwd: string, env?: NodeJS.ProcessEnv) => timed(process.execPath, [CLI, ...args], cwd, env);

const fmt = (seconds: number): string => `${seconds.toFixed(3)} s`;

const main = async (): Promise<void> => {
  if (!existsSync(CLI)) throw new Error("retort is not built: run `npm run build` first (the root `npm run bench` does)");
  const project = generateProject(REVISIONS);
  const generated = Date.now();
  // A cache of its own, so that the figures do not depend on what the user's holds.
  const cache = mkdtempSync(join(tmpdir(), "retort-bench-cache-"));
  const cacheEnv = { ...process.env, RETORT_CACHE_DIR: cache };
  const dropHeaderCache = (): void => {
    for (const name of readdirSync(cache)) if (name.startsWith("headers-")) rmSync(join(cache, name));
  };
  const skip = await postgresSkip();
  try {
    console.log(`retort benchmarks: ${REVISIONS} revisions, median of ${RUNS} runs, node ${process.version}`);
    // The header cache keeps only files changed more than 2 s before they were read.
    await sleep(Math.max(0, generated + 2100 - Date.now()));
    const baseline = median(Array.from({ length: RUNS }, () => timed(process.execPath, ["-e", "0"], project).seconds));
    console.log(`  node startup alone                ${fmt(baseline)}`);
    for (const command of ["heads", "history"]) {
      retort([command], project, cacheEnv);
      const wall = median(Array.from({ length: RUNS }, () => retort([command], project, cacheEnv).seconds));
      const budget = baseline + 0.04;
      console.log(
        `  retort ${command.padEnd(26)} ${fmt(wall)}  (${(wall / baseline).toFixed(2)}x node, ${fmt(wall - baseline)} over it; target node + 0.040 s = ${fmt(budget)}: ${wall <= budget ? "met" : "NOT met"})`,
      );
      const cold = median(
        Array.from({ length: RUNS }, () => {
          dropHeaderCache();
          return retort([command], project, cacheEnv).seconds;
        }),
      );
      console.log(`  retort ${`${command}, header cache cold`.padEnd(26)} ${fmt(cold)}  (${(cold / baseline).toFixed(2)}x node, ${fmt(cold - baseline)} over it)`);
    }
    if (skip) {
      console.log("  PostgreSQL benchmarks skipped: no server (see above)");
      return;
    }
    const forCurrent = await createTempDatabase("bench_current");
    try {
      const env = { ...process.env, DATABASE_URL: forCurrent.url };
      retort(["upgrade", "head"], project, env);
      const current = median(Array.from({ length: RUNS }, () => retort(["current"], project, env).seconds));
      console.log(`  retort current (PostgreSQL)       ${fmt(current)}  (target < 0.200 s: ${current < 0.2 ? "met" : "NOT met"})`);
    } finally {
      await forCurrent.drop();
    }

  } finally {
    rmSync(project, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
};

await main();
benchLint1000();
benchVerify();
await benchTenants();
