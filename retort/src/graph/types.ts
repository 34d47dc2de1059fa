// The revision graph's data: revisions as read from file headers, and the plans the graph
// computes for the runtime. Pure data; graph/ does no I/O.

/** A revision identifier as written in a migration file's `revision` constant. */
export type RevisionId = string & { readonly __revisionId: unique symbol };

export const revisionId = (value: string): RevisionId => value as RevisionId;

/** What the graph needs to know about one migration file (its header constants). */
export interface Revision {
  readonly id: RevisionId;
  /** Empty for a base revision; two or more for a merge. */
  readonly downRevisions: readonly RevisionId[];
  /** Extra ordering constraints ("depends_on"): applied before, but not parents. */
  readonly dependsOn: readonly RevisionId[];
  readonly branchLabels: readonly string[];
  readonly message?: string;
  /**
   * A squashed revision (`retort squash`): the revisions, base to the squash point, whose
   * combined schema it creates in one step. See graph/squash.ts.
   */
  readonly replaces?: readonly RevisionId[];
}

/**
 * One statement against the version table. The graph decides them (Alembic's rules:
 * INSERT when a new branch starts, UPDATE for a step along a branch, DELETE when branches
 * merge or a branch is removed), the runtime executes them.
 */
export type VersionChange =
  | { readonly kind: "insert"; readonly id: RevisionId }
  | { readonly kind: "update"; readonly from: RevisionId; readonly to: RevisionId }
  | { readonly kind: "delete"; readonly id: RevisionId };

/** One migration to run, in order, with the version-table changes that go with it. */
export interface MigrationStep {
  readonly direction: "up" | "down";
  readonly revision: RevisionId;
  readonly versionChanges: readonly VersionChange[];
}
