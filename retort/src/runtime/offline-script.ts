// Offline mode (`--sql`): the plan becomes an SQL script and no connection is opened.
// Each migration is wrapped in BEGIN/COMMIT with its version-table statements, the way
// the online run executes it, and announced by a "-- Running upgrade a -> b" comment.
// op.execute() text goes into the script as written.
import type { Dialect, VersionTableLocation } from "../dialects/index.js";
import type { MigrationStep, RevisionId, VersionChange } from "../graph/types.js";
import { createOperations, type OperationsOptions } from "../ops/index.js";
import type { Op, Statement } from "../ops/types.js";
import { describeStep, stepLine } from "./describe.js";
import { migrationFailed } from "./failure.js";
import { loadPlan, type Revisions } from "./run-steps.js";

export interface OfflineOptions {
  readonly dialect: Dialect;
  readonly versionTable: VersionTableLocation;
  /** The heads the script starts from ([] = base). */
  readonly start: readonly RevisionId[];
  readonly cwd: string;
  readonly onNotice?: (message: string) => void;
  readonly operations?: OperationsOptions;
}

const terminated = (sql: string): string => `${sql.trimEnd().replace(/;+$/, "")};`;

/** The version table's rows after `changes` are applied to `start`, in a stable order. */
export const headsAfter = (start: readonly RevisionId[], changes: readonly VersionChange[]): RevisionId[] => {
  const heads = new Set(start);
  for (const change of changes) {
    if (change.kind === "insert") heads.add(change.id);
    else if (change.kind === "delete") heads.delete(change.id);
    else {
      heads.delete(change.from);
      heads.add(change.to);
    }
  }
  return [...heads];
};

export const renderOfflineScript = async (
  steps: readonly MigrationStep[],
  revisions: Revisions,
  options: OfflineOptions,
): Promise<string> => {
  const modules = await loadPlan(steps, revisions);
  const table = options.dialect.compiler.versionTable(options.versionTable);
  const inline = (statement: Statement): string => terminated(options.dialect.compiler.inline(statement));
  const begin = `${options.dialect.compiler.transaction.begin};`;
  const commit = `${options.dialect.compiler.transaction.commit};`;
  const lines: string[] = [];
  // Starting from base, the table may not exist yet; from a revision it must.
  if (options.start.length === 0) lines.push(inline(table.create()), "");
  const notices = new Set<string>();
  const notice = (message: string): void => {
    if (notices.has(message)) return;
    notices.add(message);
    options.onNotice?.(message);
  };
  for (const step of steps) {
    const revision = revisions.get(step.revision);
    const module = modules.get(step.revision);
    if (revision === undefined || module === undefined) throw new Error(`internal error: revision ${step.revision} missing`);
    const description = describeStep(step, revision);
    const transactional = revision.transactional;
    lines.push(`-- Running ${stepLine(description)}`);
    if (transactional) lines.push(begin);
    const run = async (op: Op): Promise<void> => {
      for (const statement of options.dialect.compiler.compile(op, notice)) {
        if (statement.nonTransactional && transactional) lines.push(commit, inline(statement), begin);
        else lines.push(inline(statement));
      }
    };
    const { op, drain } = createOperations(run, options.operations);
    try {
      const body = step.direction === "up" ? module.upgrade : module.downgrade;
      await Promise.all([body.call(module, op), drain()]);
      await drain();
    } catch (error) {
      await drain().catch(() => {});
      throw migrationFailed(description, error, undefined, options.cwd, "offline");
    }
    for (const change of step.versionChanges) lines.push(inline(table.change(change)));
    if (transactional) lines.push(commit);
    lines.push("");
  }
  const end = headsAfter(options.start, steps.flatMap((step) => step.versionChanges));
  if (steps.length > 0 && end.length === 0) lines.push(inline(table.drop()), "");
  return lines.join("\n");
};
