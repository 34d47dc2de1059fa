// What the applied-migration log says about the revisions the database is at: files edited
// since they ran (checksum differs), revisions the log records as applied whose file is
// gone, and version rows naming revisions no file defines. upgrade, downgrade and current
// warn about edits (or stop, with editedMigrations: "error" or --strict); `check --history`
// lists all three.
import { RetortError } from "../errors.js";
import { history as walkHistory, type RevisionId } from "../graph/index.js";
import { readLatestLogRows, readLoggedChecksums, type Session } from "../runtime/index.js";
import type { LogRow } from "../dialects/index.js";
import { fileChecksum } from "../script/index.js";
import { report, type CommandContext } from "./context.js";
import { viewFor, type Project } from "./project.js";
import { displayPath } from "./revision-info.js";
import { editedLine } from "./log-text.js";

export interface EditedMigration {
  readonly revision: string;
  /** The file, relative to the working directory when inside it. */
  readonly path: string;
  /** When the logged run (or stamp, or accept) finished. */
  readonly ranAt: Date;
  readonly loggedChecksum: string;
  readonly currentChecksum: string;
}

export interface MissingMigration {
  readonly revision: string;
  readonly ranAt: Date;
}

export interface AppliedHistory {
  readonly edited: EditedMigration[];
  /** Applied as the log records it, and no file defines them any more. */
  readonly missing: MissingMigration[];
  /** Version rows naming revisions no file defines. */
  readonly unknown: string[];
}

/** The revisions applied at `heads`: every known head and its ancestors. */
export const appliedRevisions = (project: Project, heads: readonly RevisionId[]): RevisionId[] => {
  // A database still at a revision a squash replaced reads the history as its files were.
  const view = viewFor(project, heads);
  const known = heads.filter((id) => view.revisions.has(id));
  if (known.length === 0) return [];
  return walkHistory(view.graph, { range: "base:current", current: known }).map((entry) => entry.revision.id);
};

/** Whether any file defines `id`: in the history as written or as a squash replaced it. */
const defined = (project: Project, id: RevisionId): boolean => project.revisions.has(id) || project.legacyRevisions.has(id);

export const editedMigrations = async (project: Project, session: Session, heads: readonly RevisionId[], cwd: string): Promise<EditedMigration[]> => {
  const applied = appliedRevisions(project, heads);
  if (applied.length === 0 || session.logTable === undefined) return [];
  const logged = await readLoggedChecksums(session);
  const checked = applied.flatMap((id) => {
    const row = logged.get(id);
    const revision = viewFor(project, heads).revisions.get(id);
    return row?.checksum == null || revision === undefined ? [] : [{ id, row, revision, logged: row.checksum }];
  });
  return checked.flatMap((item) => {
    const current = fileChecksum(item.revision.path);
    return current === item.logged
      ? []
      : [{ revision: item.id, path: displayPath(cwd, item.revision.path), ranAt: item.row.finishedAt, loggedChecksum: item.logged, currentChecksum: current }];
  });
};

export const inspectAppliedHistory = async (project: Project, session: Session, heads: readonly RevisionId[], cwd: string): Promise<AppliedHistory> => {
  const edited = await editedMigrations(project, session, heads, cwd);
  const unknown = heads.filter((id) => !defined(project, id));
  const latest = await readLatestLogRows(session);
  // A later stamp that took a revision out of the version table un-applied it.
  const stampedAway = (row: LogRow): boolean =>
    [...latest.values()].some(
      (later) => later.id > row.id && later.direction === "stamp" && later.headsBefore.includes(row.revision) && !later.headsAfter.includes(row.revision),
    );
  // Applied per the log: its newest row ran it up (or accepted it), or stamped the table to
  // it, and no later stamp moved the table off it.
  const applied = (row: LogRow): boolean =>
    (row.direction === "upgrade" || row.direction === "accept" || (row.direction === "stamp" && row.headsAfter.includes(row.revision))) && !stampedAway(row);
  const missing = [...latest.values()]
    .filter((row) => !defined(project, row.revision as RevisionId) && !unknown.includes(row.revision as RevisionId))
    .filter(applied)
    .sort((a, b) => b.id - a.id)
    .map((row) => ({ revision: row.revision, ranAt: row.finishedAt }));
  return { edited, missing, unknown };
};


/**
 * Warns about each edited applied migration, or, in "error" mode, stops with nothing done
 * (exit 2): the caller runs this before applying anything.
 */
export const guardEditedMigrations = async (
  project: Project,
  session: Session,
  heads: readonly RevisionId[],
  strict: boolean,
  context: CommandContext,
): Promise<EditedMigration[]> => {
  const edited = await editedMigrations(project, session, heads, context.cwd);
  if (edited.length === 0) return edited;
  if (strict || project.config.config.editedMigrations === "error") {
    throw new RetortError(
      "EDITED_MIGRATION",
      edited.length === 1 ? editedLine(edited[0] as EditedMigration) : `${edited.length} applied migrations were edited after they ran: ${edited.map(editedLine).join("; ")}`,
      {
        hint: "nothing was applied; restore the file(s) as they ran, or record a deliberate edit with `retort log --accept <rev>`",
        details: { edited },
      },
    );
  }
  for (const edit of edited) report(context, { kind: "warning", message: `${editedLine(edit)}; \`retort log --accept ${edit.revision}\` records a deliberate edit` });
  return edited;
};
