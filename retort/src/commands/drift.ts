// `retort check --drift`: the live database against the schema its applied revisions
// produce. The revisions the version table names are replayed in a shadow database; what
// differs was changed outside migrations (a column added by hand, an index dropped in an
// incident). Unlike `check`, the models play no part.
import { RetortError } from "../errors.js";
import { planUpgrade, type MigrationStep, type RevisionId } from "../graph/index.js";
import { openSession, readHeads, runPlan } from "../runtime/index.js";
import { readSchema, schemaDifferences } from "../shadow/index.js";
import type { CommandContext } from "./context.js";
import { databaseTarget, graphFor, loadProject, versionTableOf } from "./project.js";
import { openProjectShadow, readRulesOf, replayOptionsOf } from "./shadow-project.js";

export interface DriftOptions {
  readonly shadowUrl?: string;
}

export interface DriftResult {
  readonly drift: true;
  readonly database: string;
  readonly shadow: string;
  /** The revisions the database is at (and the shadow was brought to). */
  readonly at: RevisionId[];
  readonly drifted: boolean;
  /** From the migrations' schema to the database's: + only in the database, - missing from it, ~ changed. */
  readonly differences: string[];
}

export const drift = async (options: DriftOptions, context: CommandContext): Promise<DriftResult> => {
  const project = await loadProject(context);
  const rules = readRulesOf(project);
  const { target } = databaseTarget(context, project.config);
  const live = await openSession({ target, versionTable: versionTableOf(project.config), lock: false });
  let at: RevisionId[];
  let actual;
  try {
    at = await readHeads(live);
    const unknown = at.filter((id) => !graphFor(project, at).has(id));
    if (unknown.length > 0) {
      throw new RetortError("UNKNOWN_REVISION", `the database is at revision '${unknown[0]}', which is not in the versions folder`, {
        hint: "drift is measured against the applied revisions' files: restore the missing file, or adopt the database with `retort pull --baseline`",
        details: { unknown },
      });
    }
    actual = await readSchema(live, rules);
  } finally {
    await live.close();
  }
  const shadow = await openProjectShadow(project, context, options.shadowUrl);
  try {
    let current: RevisionId[] = [];
    const steps: MigrationStep[] = [];
    for (const id of at) {
      const made = planUpgrade(graphFor(project, at), current, id);
      steps.push(...made.steps);
      current = made.heads;
    }
    await runPlan(shadow.session, { start: [], steps, heads: current }, project.revisions, replayOptionsOf(project, context));
    const differences = schemaDifferences(await readSchema(shadow.session, rules), actual);
    return { drift: true, database: target.display, shadow: shadow.display, at, drifted: differences.length > 0, differences };
  } finally {
    await shadow.close();
  }
};
