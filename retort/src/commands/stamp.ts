// `retort stamp <rev...> [--purge] [--sql]`: set the version table to the given revisions
// without running any migration (Alembic's stamp), e.g. after restoring a dump or to
// resolve a version conflict.
import { createDialect } from "../dialects/index.js";
import { planStamp, type RevisionId, type VersionChange } from "../graph/index.js";
import {
  ensureVersionTable,
  offlineTarget,
  openSession,
  readHeads,
  stampVersionTable,
  type MigrationTarget,
} from "../runtime/index.js";
import { report, type CommandContext } from "./context.js";
import { databaseTarget, graphFor, loadProject, logTableOf, versionTableOf, type Project } from "./project.js";
import { revisionInfo, type RevisionInfo } from "./revision-info.js";

export interface StampOptions {
  readonly revisions: readonly string[];
  /** Delete every row first, even rows naming revisions no file defines. */
  readonly purge?: boolean;
  /** Offline: return the statements instead of running them (starts from base). */
  readonly sql?: boolean;
}

export interface StampResult {
  readonly database: string | null;
  readonly from: RevisionId[];
  readonly to: RevisionId[];
  readonly changes: VersionChange[];
  readonly warnings: string[];
  /** What the version table holds afterwards, as `current` shows it (online only). */
  readonly current: RevisionInfo[];
  /** Rows left naming revisions that no file defines. */
  readonly unknown: string[];
  readonly sql?: string;
}

/** Plans the stamp from `current` and writes it to `target`, creating the table first. */
const stampOn = async (
  target: MigrationTarget,
  project: Project,
  current: readonly RevisionId[],
  options: StampOptions,
  context: CommandContext,
) => {
  const purge = options.purge === true;
  // With --purge the rows are not trusted (they may name revisions that no longer
  // exist), so the stamp is planned from an empty table.
  const made = planStamp(graphFor(project, current), purge ? [] : current, options.revisions, { purge });
  for (const warning of made.warnings) report(context, { kind: "warning", message: warning });
  await stampVersionTable(target, made.changes, { purge, before: current, revisions: project.revisions });
  return made;
};

export const stamp = async (options: StampOptions, context: CommandContext): Promise<StampResult> => {
  const project = await loadProject(context);
  const location = versionTableOf(project.config);
  if (options.sql === true) {
    const script = offlineTarget(createDialect(databaseTarget(context, project.config).target, { offline: true }), location, logTableOf(project.config));
    await ensureVersionTable(script);
    const made = await stampOn(script, project, [], options, context);
    return { database: null, from: [], to: made.heads, changes: made.changes, warnings: made.warnings, current: [], unknown: [], sql: script.sink.text() };
  }
  const { target } = databaseTarget(context, project.config);
  const logTable = logTableOf(project.config);
  const session = await openSession({ target, versionTable: location, ...(logTable === undefined ? {} : { logTable }), lock: true });
  try {
    await ensureVersionTable(session);
    const current = await readHeads(session);
    const made = await stampOn(session, project, current, options, context);
    const to = await readHeads(session);
    return {
      database: target.display,
      from: current,
      to,
      changes: made.changes,
      warnings: made.warnings,
      current: to.filter((id) => project.revisions.has(id)).map((id) => revisionInfo(project, id, context.cwd, to)),
      unknown: to.filter((id) => !project.revisions.has(id)),
    };
  } finally {
    await session.close();
  }
};
