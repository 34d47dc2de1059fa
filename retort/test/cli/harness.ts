// Running the BUILT `retort` binary the way a user does: in a project folder of its own,
// with a real environment, collecting exit status, stdout and stderr.
//
// Projects live under retort/test/.tmp/ (gitignored) so that a migration file's
// `import ... from "retort-migrate"` resolves through the workspace's node_modules.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const RETORT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CLI = join(RETORT_ROOT, "dist", "cli", "main.js");
const TMP = join(RETORT_ROOT, "test", ".tmp");

let built = false;

/**
 * Builds dist/ once per test process as `npm run build` does: tsc (which emits even when an
 * unrelated file has errors), then the bundle of the CLI and library entries.
 */
export const ensureBuilt = (): void => {
  if (built) return;
  spawnSync(process.execPath, [join(RETORT_ROOT, "..", "node_modules", "typescript", "bin", "tsc"), "-p", join(RETORT_ROOT, "tsconfig.build.json")], {
    stdio: "ignore",
  });
  const bundled = spawnSync(process.execPath, [join(RETORT_ROOT, "scripts", "bundle.mjs")], { encoding: "utf8" });
  if (bundled.status !== 0) throw new Error(`bundling dist/ failed: ${bundled.stderr}`);
  if (!existsSync(CLI)) throw new Error(`the build did not produce ${CLI}`);
  built = true;
};

export interface CliResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly input?: string;
}

/** An environment without the caller's DATABASE_URL or colour settings leaking in. */
const cleanEnv = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.NO_COLOR;
  delete env.EDITOR;
  delete env.VISUAL;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
};

export const retort = (cwd: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });

/** Progress output with every elapsed time written as "<t>", for exact comparisons. */
export const timesMasked = (text: string): string => text.replace(/ in \d+(?:\.\d+)? (?:ms|s)\b/g, " in <t>");

/** Starts the binary and returns the child, for tests that must signal it. */
export const spawnRetort = (cwd: string, args: readonly string[], options: RunOptions = {}) =>
  spawn(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });

/** An empty folder for one test's project; removed by the returned function. */
export const tempProject = (prefix: string): { dir: string; remove: () => void } => {
  mkdirSync(TMP, { recursive: true });
  const dir = mkdtempSync(join(TMP, `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

export interface MigrationSpec {
  readonly revision: string;
  readonly downRevision?: string | readonly string[] | null;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly message?: string;
  readonly transactional?: boolean;
  /** `export const lockTimeout = "..."`. */
  readonly lockTimeout?: string;
  /** Body of upgrade(op), TypeScript. */
  readonly upgrade?: string;
  readonly downgrade?: string;
  /** File name inside migrations/versions; default <revision>_<slug>.ts. */
  readonly file?: string;
}

const literal = (value: string | readonly string[] | null | undefined): string =>
  value === undefined || value === null ? "null" : JSON.stringify(value);

export const migrationSource = (spec: MigrationSpec): string =>
  [
    'import type { Operations } from "retort-migrate";',
    "",
    `export const revision = ${JSON.stringify(spec.revision)};`,
    `export const downRevision: string | string[] | null = ${literal(spec.downRevision)};`,
    ...(spec.branchLabels === undefined ? [] : [`export const branchLabels = ${literal(spec.branchLabels)};`]),
    ...(spec.dependsOn === undefined ? [] : [`export const dependsOn = ${literal(spec.dependsOn)};`]),
    ...(spec.message === undefined ? [] : [`export const message = ${JSON.stringify(spec.message)};`]),
    ...(spec.transactional === false ? ["export const transactional = false;"] : []),
    ...(spec.lockTimeout === undefined ? [] : [`export const lockTimeout = ${JSON.stringify(spec.lockTimeout)};`]),
    "",
    "export async function upgrade(op: Operations): Promise<void> {",
    spec.upgrade ?? "",
    "}",
    "",
    "export async function downgrade(op: Operations): Promise<void> {",
    spec.downgrade ?? "",
    "}",
    "",
  ].join("\n");

export const migrationPath = (project: string, spec: MigrationSpec): string =>
  join(project, "migrations", "versions", spec.file ?? `${spec.revision}_${(spec.message ?? "m").replace(/\W+/g, "_")}.ts`);

export const writeMigration = (project: string, spec: MigrationSpec): string => {
  const path = migrationPath(project, spec);
  mkdirSync(join(project, "migrations", "versions"), { recursive: true });
  writeFileSync(path, migrationSource(spec));
  return path;
};

/** A minimal project without running `retort init`: a config and an empty versions folder. */
export const writeProject = (dir: string, config = 'export default { migrations: "migrations" };\n'): void => {
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  writeFileSync(join(dir, "retort.config.ts"), config);
};
