// `retort check`: whether the models and the database (at head) differ. Returns the pending
// operations in readable form; the CLI exits 1 when there are any, 0 when they match.
// With lint, the operations that would lose data or hold long locks are listed too.
// With --history (checkHistory), whether the applied migrations' files are as they ran.
import type { RenameOptions } from "../autogen/compare-live.js";
import { lintOps } from "../lint/index.js";
import { describeOp } from "../autogen/render.js";
import type { RenameAmbiguity } from "../autogen/renames.js";
import type { CommandContext } from "./context.js";
import { configuredLockTimeout, lintSettings } from "./lint-settings.js";
import { compareModelsWithDatabase } from "./models-vs-database.js";
import { loadProject } from "./project.js";
import { inspectAppliedHistory, type AppliedHistory, type EditedMigration, type MissingMigration } from "./applied-history.js";
import { readDatabaseHeads } from "./current.js";

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

export interface HistoryCheckResult {
  readonly database: string;
  /** True when anything is listed (the CLI then exits 1). */
  readonly problems: boolean;
  readonly edited: EditedMigration[];
  readonly missing: MissingMigration[];
  readonly unknown: string[];
}

/**
 * `retort check --history`: whether the applied migrations are still the files in the
 * versions folder (for CI). Reads the version table and the log; changes nothing.
 */
export const checkHistory = async (context: CommandContext): Promise<HistoryCheckResult> => {
  const project = await loadProject(context);
  let found: AppliedHistory = { edited: [], missing: [], unknown: [] };
  const { database } = await readDatabaseHeads(project, context, async (session, heads) => {
    found = await inspectAppliedHistory(project, session, heads, context.cwd);
  });
  return { database, problems: found.edited.length + found.missing.length + found.unknown.length > 0, ...found };
};
