// Squashed revisions (Django's squashed migrations, `retort squash`): a revision declaring
// `replaces = [...]` creates in one step the schema its replaced revisions build from base.
// The history is then seen two ways:
// - the squashed view (the default): the replaced revisions are left out, and every
//   reference to one of them (downRevision, dependsOn) names the squash instead. A fresh
//   database runs the squash, then the rest; the replaced files may be deleted.
// - the legacy view: the squash is left out and the replaced files are used as written.
//   A database whose version table names a replaced revision keeps this view until it is
//   past the squash point, so it never runs the squash over tables it already has.
// A history without `replaces` has one view, the revisions exactly as written (Alembic's).
import type { Revision, RevisionId } from "./types.js";

export interface SquashViews<R extends Revision> {
  readonly squashed: readonly R[];
  /** null when no squash has all of its replaced revisions present (nothing to fall back to). */
  readonly legacy: readonly R[] | null;
  /** Each replaced revision id, mapped to the squash that replaces it. */
  readonly replacedBy: ReadonlyMap<RevisionId, RevisionId>;
}

export const squashViews = <R extends Revision>(revisions: readonly R[]): SquashViews<R> => {
  const replacedBy = new Map<RevisionId, RevisionId>();
  for (const revision of revisions) for (const id of revision.replaces ?? []) replacedBy.set(id, revision.id);
  if (replacedBy.size === 0) return { squashed: revisions, legacy: null, replacedBy };
  const present = new Set(revisions.map((r) => r.id));
  const rename = (ids: readonly RevisionId[]): RevisionId[] => [...new Set(ids.map((id) => replacedBy.get(id) ?? id))];
  const squashed = revisions
    .filter((r) => !replacedBy.has(r.id))
    .map((r) => (r.downRevisions.some((id) => replacedBy.has(id)) || r.dependsOn.some((id) => replacedBy.has(id)) ? { ...r, downRevisions: rename(r.downRevisions), dependsOn: rename(r.dependsOn) } : r));
  const complete = revisions.filter((r) => (r.replaces ?? []).length > 0 && (r.replaces ?? []).every((id) => present.has(id))).map((r) => r.id);
  const legacy = complete.length === 0 ? null : revisions.filter((r) => !complete.includes(r.id));
  return { squashed, legacy, replacedBy };
};

/** Whether a database at `heads` must keep the legacy view: it is at a replaced revision. */
export const needsLegacyView = (heads: readonly RevisionId[], replacedBy: ReadonlyMap<RevisionId, RevisionId>): boolean =>
  heads.some((id) => replacedBy.has(id));
