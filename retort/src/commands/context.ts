// What every command receives besides its own options: where it runs, the environment,
// the global flags, and a way to report progress while it works (the CLI prints it; a
// library caller may ignore it). Commands return data and never print.
import type { RetryEvent, StepDescription, StepRun } from "../runtime/index.js";

// A step's words ("upgrade 001 -> 002, add users") are one function for the progress line
// the CLI prints and the comment an offline script carries; the CLI reaches it here.
export { stepLine } from "../runtime/describe.js";

export type CommandEvent =
  | { readonly kind: "step"; readonly step: StepDescription }
  | { readonly kind: "step-done"; readonly step: StepRun }
  | { readonly kind: "retry"; readonly retry: RetryEvent }
  | { readonly kind: "run-done"; readonly steps: number; readonly elapsedMs: number }
  | { readonly kind: "lock-wait"; readonly pid: number | null; readonly since: Date | null }
  /** One tenant of `--tenants` finished: committed `steps` migrations, then failed with `error` or not. */
  | { readonly kind: "tenant-done"; readonly tenant: string; readonly steps: number; readonly elapsedMs: number; readonly error: string | null }
  | { readonly kind: "notice"; readonly message: string }
  | { readonly kind: "warning"; readonly message: string }
  | { readonly kind: "info"; readonly message: string };

export interface CommandContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** --config */
  readonly configPath?: string;
  /** --url */
  readonly url?: string;
  /** -x key=value (repeatable): for a config function and migrations' `op.context.args`. */
  readonly args?: Readonly<Record<string, string>>;
  readonly report?: (event: CommandEvent) => void;
}

export const report = (context: CommandContext, event: CommandEvent): void => context.report?.(event);
