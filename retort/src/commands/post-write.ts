// Post-write hooks (Alembic's post_write_hooks): the commands the config's `postWrite` names
// run, in order, on each file retort writes (revision, merge, pull), e.g.
// postWrite: [["biome", "format", "--write"], ["eslint", "--fix"]]. A failing hook stops
// the rest and fails the command; the file it ran on is kept for the user to fix.
import { spawn } from "node:child_process";
import { RetortError } from "../errors.js";

export interface HookRun {
  readonly command: readonly string[];
  readonly path: string;
}

const runOne = (command: readonly string[], path: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; signal: string | null; output: string; spawnError?: Error }> =>
  new Promise((resolve) => {
    const [program, ...args] = command as [string, ...string[]];
    // shell: true on Windows only, where npm's tools are .cmd files that spawn cannot start.
    const child = spawn(program, [...args, path], { cwd, env, stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.once("error", (error) => resolve({ status: null, signal: null, output, spawnError: error }));
    child.once("close", (status, signal) => resolve({ status, signal, output }));
  });

const lastLine = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .at(-1) ?? "";

/**
 * Runs every hook on every path (hooks in order for each file), from `cwd` (the config's
 * folder); `shown` is how a path reads in a message. Returns what ran.
 */
export const runPostWriteHooks = async (
  hooks: readonly (readonly string[])[],
  paths: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  shown: (path: string) => string,
): Promise<HookRun[]> => {
  const ran: HookRun[] = [];
  for (const path of paths) {
    for (const command of hooks) {
      const result = await runOne(command, path, cwd, env);
      const name = command.join(" ");
      if (result.spawnError !== undefined || result.status !== 0) {
        const why =
          result.spawnError !== undefined
            ? (result.spawnError as NodeJS.ErrnoException).code === "ENOENT"
              ? `'${command[0]}' was not found`
              : result.spawnError.message
            : result.signal !== null
              ? `killed by ${result.signal}`
              : `exit ${result.status}${lastLine(result.output) === "" ? "" : `: ${lastLine(result.output)}`}`;
        throw new RetortError("POST_WRITE_FAILED", `post-write hook \`${name}\` failed on ${shown(path)} (${why}); the file was kept`, {
          hint: "fix the file or the hook (postWrite in retort.config.ts) and run the hook again by hand",
          details: { hook: [...command], file: shown(path), ran: ran.map((r) => ({ hook: [...r.command], file: shown(r.path) })) },
        });
      }
      ran.push({ command, path });
    }
  }
  return ran;
};
