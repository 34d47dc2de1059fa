// Runs the backend's scripts as a user would: real processes, backend/ as the cwd.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const backendDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment scripts run with: no colours, and DATABASE_URL only when given. */
export const scriptEnv = (databaseUrl: string | undefined, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...extra };
  delete env.DATABASE_URL;
  delete env.FORCE_COLOR;
  if (databaseUrl !== undefined) env.DATABASE_URL = databaseUrl;
  return env;
};

export const run = (command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string }): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? backendDir, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    // A script that exits before reading its input (usage, --help) closes the pipe first.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });

/** `./migrate.sh ARGS` with DATABASE_URL set to `databaseUrl`. */
export const migrate = (databaseUrl: string | undefined, ...args: string[]): Promise<RunResult> =>
  run("sh", ["./migrate.sh", ...args], { env: scriptEnv(databaseUrl) });

/** Fails the test with the script's output when it did not exit 0. */
export const ok = (result: RunResult, what: string): RunResult => {
  if (result.code !== 0) {
    throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
};
