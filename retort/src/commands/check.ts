// `retort check`: whether the models and the database (at head) differ. Returns the pending
// operations in readable form; the CLI exits 1 when there are any, 0 when they match.
// With lint, the operations that would lose data or hold long locks are listed too.
import type { RenameOptions } from "../autogen/compare-live.js";
import { lintOps } from "../lint/index.js";
import { describeOp } from "../autogen/render.js";
import type { RenameAmbiguity } from "../autogen/renames.js";
import type { CommandContext } from "./context.js";
import { configuredLockTimeout, lintSettings } from "./lint-settings.js";
import { compareModelsWithDatabase } from "./models-vs-database.js";
import { loadProject } from "./project.js";

export interface CheckOptions extends Omit<RenameOptions, "decide"> {
  readonly lint?: boolean;
}

export interface CheckResult {
  readonly database: string;
  /** True when the models and the database differ (the CLI then exits 1). */
  readonly differs: boolean;
  /** One readable line per pending operation, in the order autogenerate would write them. */
  readonly operations: string[];
  /** Possible renames nobody decided on; they count as differences. */
  readonly ambiguities: RenameAmbiguity[];
  /** Differences no operation can express. */
  readonly warnings: string[];
  /** With lint: the risky operations, by position in `operations`. */
  readonly lint?: { readonly operation: number; readonly rule: string; readonly level: string; readonly message: string }[];
}

export const check = async (options: CheckOptions, context: CommandContext): Promise<CheckResult> => {
  const project = await loadProject(context);
  const { database, dialect, comparison } = await compareModelsWithDatabase(project, { ...options }, context);
  const result: CheckResult = {
    database,
    differs: comparison.ops.length > 0 || comparison.ambiguities.length > 0 || comparison.warnings.length > 0,
    operations: comparison.ops.map(describeOp),
    ambiguities: [...comparison.ambiguities],
    warnings: [...comparison.warnings],
  };
  if (options.lint !== true) return result;
  const findings = await lintOps(comparison.ops, { settings: lintSettings(project), lockTimeout: configuredLockTimeout(project), dialect });
  return { ...result, lint: findings.map((f) => ({ operation: f.op, rule: f.rule, level: f.level, message: f.message })) };
};
