// `retort revision --autogenerate -m msg`: compares the models named in the config with the
// live database (which must be at head) and writes a revision whose upgrade holds the
// operations and whose downgrade holds their exact inverses.
import { ambiguityError, type RenameOptions } from "../autogen/compare-live.js";
import { lintOps, type Finding } from "../lint/index.js";
import { migrationSource } from "../autogen/migration-source.js";
import { safeOps } from "../autogen/safe.js";
import { backfillRemarks } from "../autogen/backfill.js";
import { describeOp } from "../autogen/render.js";
import { newRevisionParents } from "../graph/index.js";
import { report, type CommandContext } from "./context.js";
import { configuredLockTimeout, lintSettings } from "./lint-settings.js";
import { compareModelsWithDatabase } from "./models-vs-database.js";
import { writeNewRevision, type NewRevisionResult } from "./new-revision-file.js";
import { loadProject } from "./project.js";

export type { RenameDecider } from "../autogen/compare-live.js";

export interface AutogenerateOptions extends RenameOptions {
  readonly message?: string;
  readonly revId?: string;
  readonly head?: string;
  readonly splice?: boolean;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly versionPath?: string;
  /** Write a revision even when nothing changed. */
  readonly allowEmpty?: boolean;
  /** Write the forms that keep a busy table usable (--safe); default: the config's autogenerate.safe. */
  readonly safe?: boolean;
}

export interface AutogenerateResult {
  /** The new file, or null when nothing changed and --allow-empty was not given. */
  readonly revision: NewRevisionResult | null;
  /** The upgrade's operations, one readable line each. */
  readonly operations: string[];
  readonly lint: Finding[];
  readonly warnings: string[];
  readonly formatter: "prettier" | "none";
}

export const autogenerate = async (options: AutogenerateOptions, context: CommandContext): Promise<AutogenerateResult> => {
  const project = await loadProject(context);
  const parents = newRevisionParents(project.graph, {
    ...(options.head === undefined ? {} : { head: options.head }),
    ...(options.splice === undefined ? {} : { splice: options.splice }),
    ...(options.dependsOn === undefined ? {} : { dependsOn: options.dependsOn }),
  });
  const { comparison, dialect } = await compareModelsWithDatabase(project, options, context);
  if (comparison.ambiguities.length > 0) throw ambiguityError(comparison.ambiguities);
  for (const warning of comparison.warnings) report(context, { kind: "warning", message: warning });
  const safe = options.safe ?? project.config.config.autogenerate.safe;
  // The linter and the listing see the operations as they are written.
  const ops = safe ? safeOps(comparison.ops) : comparison.ops;
  const lint = await lintOps(ops, { settings: lintSettings(project), lockTimeout: configuredLockTimeout(project), dialect });
  if (ops.length === 0 && options.allowEmpty !== true) {
    return { revision: null, operations: [], lint, warnings: [...comparison.warnings], formatter: "none" };
  }
  // The backfill hook goes first: it says what to do before the remark about SET NOT NULL.
  const source = await migrationSource(comparison.ops, project.config.root, [...backfillRemarks(ops), ...lint], { safe });
  const revision = await writeNewRevision(project, context, {
    downRevisions: parents.downRevisions,
    dependsOn: parents.dependsOn,
    ...(options.message === undefined ? {} : { message: options.message }),
    ...(options.revId === undefined ? {} : { revId: options.revId }),
    ...(options.branchLabels === undefined ? {} : { branchLabels: options.branchLabels }),
    ...(options.versionPath === undefined ? {} : { versionPath: options.versionPath }),
    imports: source.imports,
    upgrade: source.upgrade,
    downgrade: source.downgrade,
  });
  return { revision, operations: ops.map(describeOp), lint, warnings: [...comparison.warnings], formatter: source.formatter };
};
