// `retort current [-v] [--check-heads]`: the revisions the database is at. Reads the
// version table without creating it and takes no lock: it changes nothing.
import { existsSync } from "node:fs";
import { RetortError } from "../errors.js";
import type { RevisionId } from "../graph/index.js";
import { openSession, readHeads, type Session } from "../runtime/index.js";
import { guardEditedMigrations } from "./applied-history.js";
import { report, type CommandContext } from "./context.js";
import { databaseTarget, graphFor, loadProject, logTableOf, versionTableOf, type Project } from "./project.js";
import { revisionInfo, type RevisionInfo } from "./revision-info.js";

export interface DatabaseHeads {
  readonly database: string;
  readonly heads: RevisionId[];
  /** An embedded database whose folder (PGlite) or file (SQLite) does not exist yet: nothing was opened or created. */
  readonly missing: boolean;
}

/** `inspect` runs on the open session after the heads were read (e.g. to read the log). */
export const readDatabaseHeads = async (
  project: Project,
  context: CommandContext,
  inspect?: (session: Session, heads: RevisionId[]) => Promise<void>,
): Promise<DatabaseHeads> => {
  const { target } = databaseTarget(context, project.config);
  // Opening PGlite on a folder, or SQLite on a file, creates a database there; a read-only
  // command must not.
  const place = target.kind === "pglite" ? target.dataDir : target.kind === "sqlite" ? target.file : null;
  if (place !== null && !existsSync(place)) {
    return { database: target.display, heads: [], missing: true };
  }
  const logTable = logTableOf(project.config);
  const session = await openSession({ target, versionTable: versionTableOf(project.config), ...(logTable === undefined ? {} : { logTable }), lock: false });
  try {
    const heads = await readHeads(session);
    await inspect?.(session, heads);
    return { database: target.display, heads, missing: false };
  } finally {
    await session.close();
  }
};

export interface CurrentOptions {
  /** Fail (NOT_UP_TO_DATE) unless the database is at every head. */
  readonly checkHeads?: boolean;
  /** --strict: an applied migration edited since it ran is an error (exit 2), not a warning. */
  readonly strict?: boolean;
}

export interface CurrentResult {
  readonly database: string;
  /** The embedded database does not exist yet (`current` does not create it). */
  readonly noDatabase: boolean;
  /** The version table's rows that the versions folder knows. */
  readonly current: RevisionInfo[];
  /** Rows naming revisions that no file defines (another branch's, or deleted files). */
  readonly unknown: string[];
}

export const current = async (options: CurrentOptions, context: CommandContext): Promise<CurrentResult> => {
  const project = await loadProject(context);
  const { database, heads, missing } = await readDatabaseHeads(project, context, async (session, heads) => {
    await guardEditedMigrations(project, session, heads, options.strict === true, context);
  });
  // On stderr, so that a script reading the revisions from stdout sees none.
  if (missing) report(context, { kind: "notice", message: `no database yet at ${database}` });
  const known = heads.filter((id) => project.revisions.has(id));
  const unknown = heads.filter((id) => !project.revisions.has(id));
  for (const id of unknown) {
    report(context, { kind: "warning", message: `the database is at '${id}', which no migration file defines` });
  }
  if (options.checkHeads === true) {
    const missing = graphFor(project, heads).heads().filter((id) => !heads.includes(id));
    if (missing.length > 0 || unknown.length > 0) {
      throw new RetortError(
        "NOT_UP_TO_DATE",
        `the database is not at every head: ${missing.length > 0 ? `missing ${missing.join(", ")}` : `unknown ${unknown.join(", ")}`} (at ${heads.length > 0 ? heads.join(", ") : "base"})`,
        { hint: "run `retort upgrade heads` to apply what is missing", details: { current: heads, missing, unknown } },
      );
    }
  }
  return { database, noDatabase: missing, current: known.map((id) => revisionInfo(project, id, context.cwd, heads)), unknown };
};
