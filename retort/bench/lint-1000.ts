// `retort lint --all` on 1,000 generated revisions (issue 13; target under 2 s): wall time of
// the built CLI with a cold compile cache and a warm one, next to `retort heads` on the same
// project (start-up, config and headers, nothing executed), timed in the same run. The
// revisions mix model-builder ops, raw SQL for the parser, suppression comments and
// findings, so every stage of the linter is paid for. Figures only; nothing asserts time.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { revisionIdAt } from "./fixtures.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const REVISIONS = 1000;
const RUNS = 5;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const body = (index: number): { upgrade: string; transactional: boolean } => {
  const table = `t${index - (index % 4)}`;
  switch (index % 4) {
    case 0:
      return {
        upgrade: [
          `  await op.createTable("${table}", { id: bigint().generatedAlwaysAsIdentity().primaryKey(), name: text().notNull(), created: timestamp({ withTimezone: true }).default(sql\`now()\`) });`,
          `  await op.createIndex("ix_${table}_name", "${table}", ["name"]);`,
        ].join("\n"),
        transactional: true,
      };
    case 1:
      return { upgrade: `  await op.execute("SET lock_timeout = '2s'");\n  await op.addColumn("${table}", "note", text());`, transactional: true };
    case 2:
      return {
        upgrade: `  await op.execute("ALTER TABLE ${table} ADD CONSTRAINT ck_${table}_name CHECK (char_length(name) < 200) NOT VALID");\n  await op.execute("ALTER TABLE ${table} VALIDATE CONSTRAINT ck_${table}_name");`,
        transactional: true,
      };
    default:
      return {
        upgrade: [
          `  // retort-lint-disable-next-line index-not-concurrent the table is created a few revisions earlier`,
          `  await op.createIndex("ix_${table}_created", "${table}", ["created"]);`,
          `  await op.execute("CREATE INDEX CONCURRENTLY ix_${table}_note ON ${table} (note)");`,
        ].join("\n"),
        transactional: false,
      };
  }
};

const source = (index: number): string => {
  const { upgrade, transactional } = body(index);
  return `import { bigint, sql, text, timestamp } from "retort-migrate";
import type { Operations } from "retort-migrate";

export const revision = "${revisionIdAt(index)}";
export const downRevision: string | string[] | null = ${index === 0 ? "null" : JSON.stringify(revisionIdAt(index - 1))};
export const message = "step ${index}";
${transactional ? "" : "export const transactional = false;\n"}
export async function upgrade(op: Operations): Promise<void> {
${upgrade}
}

export async function downgrade(op: Operations): Promise<void> {}
`;
};

// /usr/bin/time reports the child's CPU time, which a machine shared with other work
// inflates far less than wall time; without it only wall time is measured.
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

interface Run {
  readonly seconds: number;
  readonly cpu: number | null;
  readonly status: number | null;
  readonly stdout: string;
}

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv): Run => {
  const command = TIME ?? process.execPath;
  const argv = TIME === null ? [CLI, ...args] : ["-f", "cpu %U %S", process.execPath, CLI, ...args];
  const start = process.hrtime.bigint();
  const result = spawnSync(command, argv, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpu: cpu === null ? null : Number(cpu[1]) + Number(cpu[2]), status: result.status, stdout: result.stdout };
};

const medianOf = (runs: readonly Run[], key: "seconds" | "cpu"): number | null =>
  runs.some((r) => r[key] === null) ? null : median(runs.map((r) => r[key] as number));

const seconds = (value: number | null): string => (value === null ? "n/a" : `${value.toFixed(3)} s`);

export const benchLint1000 = (): void => {
  console.log(`retort lint --all on ${REVISIONS} revisions, median of ${RUNS} runs`);
  if (!existsSync(CLI)) throw new Error("retort is not built: run `npm run build` first (the root `npm run bench` does)");
  // Under retort/ so that the migrations' `import ... from "retort-migrate"` resolves.
  const tmp = fileURLToPath(new URL("../test/.tmp/", import.meta.url));
  mkdirSync(tmp, { recursive: true });
  const project = mkdtempSync(join(tmp, "bench-lint-"));
  try {
    mkdirSync(join(project, "migrations", "versions"), { recursive: true });
    writeFileSync(join(project, "retort.config.ts"), 'export default { migrations: "migrations" };\n');
    for (let index = 0; index < REVISIONS; index += 1) writeFileSync(join(project, "migrations", "versions", `${revisionIdAt(index)}_step_${index}.ts`), source(index));
    const cache = join(project, ".cache");
    const env = { ...process.env, RETORT_CACHE_DIR: cache };
    const cold = run(["lint", "--all", "--format", "json"], project, env);
    if (cold.status !== 0 && cold.status !== 1) throw new Error(`retort lint failed (${cold.status})`);
    const totals = (JSON.parse(cold.stdout) as { totals: Record<string, number> }).totals;
    const heads = Array.from({ length: RUNS }, () => run(["heads"], project, env));
    const warm = Array.from({ length: RUNS }, () => run(["lint", "--all"], project, env));
    const [headsWall, headsCpu, lintWall, lintCpu] = [medianOf(heads, "seconds"), medianOf(heads, "cpu"), medianOf(warm, "seconds"), medianOf(warm, "cpu")];
    const ratio = (a: number | null, b: number | null): string => (a === null || b === null ? "n/a" : `${(a / b).toFixed(1)}x`);
    console.log(`  findings: ${totals.errors} errors, ${totals.warnings} warnings, ${totals.suppressed} suppressed in ${totals.migrations} migrations`);
    console.log(`  retort heads (baseline)           wall ${seconds(headsWall)}, cpu ${seconds(headsCpu)}`);
    console.log(`  retort lint --all, cold cache     wall ${seconds(cold.seconds)}, cpu ${seconds(cold.cpu)}  (one run)`);
    console.log(`  retort lint --all, warm cache     wall ${seconds(lintWall)}, cpu ${seconds(lintCpu)}  (${ratio(lintWall, headsWall)} heads' wall, ${ratio(lintCpu, headsCpu)} its cpu)`);
    const judged = lintCpu ?? lintWall ?? Number.POSITIVE_INFINITY;
    console.log(`  target < 2 s (judged on ${lintCpu === null ? "wall" : "cpu"} time): ${judged < 2 ? "met" : "NOT met"}`);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
};
