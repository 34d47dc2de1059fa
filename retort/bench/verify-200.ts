// `retort verify` (issue 12): each revision up, down, compared and up again in the
// in-memory shadow, timed beside `retort upgrade head` of the same history on an in-memory
// PGlite (`--url pglite://memory`), in the same run, as a ratio: once for the backend's
// revisions, once for a generated 200-revision chain. It also counts the files a verify run
// leaves in the project (the shadow must stay in memory: 0 expected). Figures only.
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateProject } from "./fixtures.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const BACKEND = fileURLToPath(new URL("../../backend/", import.meta.url));
const RUNS = 3;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const run = (args: readonly string[], cwd: string): number => {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`retort ${args.join(" ")} failed (${result.status}): ${result.stdout}${result.stderr}`);
  return seconds;
};

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();

const measure = (label: string, cwd: string): void => {
  // One untimed run each, so both start with a warm compile cache.
  run(["upgrade", "head", "--url", "pglite://memory"], cwd);
  const before = files(cwd);
  run(["verify"], cwd);
  const left = files(cwd).filter((path) => !before.includes(path));
  const upgrade = median(Array.from({ length: RUNS }, () => run(["upgrade", "head", "--url", "pglite://memory"], cwd)));
  const verify = median(Array.from({ length: RUNS }, () => run(["verify"], cwd)));
  console.log(
    `  ${label.padEnd(34)} verify ${verify.toFixed(3)} s, upgrade head ${upgrade.toFixed(3)} s: verify = ${(verify / upgrade).toFixed(2)} x upgrade; files left by verify: ${left.length}`,
  );
};

export const benchVerify = (): void => {
  console.log(`retort verify in the in-memory shadow, beside upgrade head on PGlite in memory (median of ${RUNS}):`);
  measure("backend (its revisions and models)", BACKEND);
  const project = generateProject(200);
  try {
    measure("generated chain of 200 revisions", project);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
};
