// The downgrade that undoes one upgrade step exactly: the same revision, with the inverse of
// each version-row change in reverse order. `verify` runs a revision up, down and up again
// in a shadow database; planning the down step this way (rather than resolving "-1" against
// the heads) is exact for merges and for histories with several heads.
import type { MigrationStep, VersionChange } from "./types.js";

const inverse = (change: VersionChange): VersionChange => {
  switch (change.kind) {
    case "insert":
      return { kind: "delete", id: change.id };
    case "delete":
      return { kind: "insert", id: change.id };
    case "update":
      return { kind: "update", from: change.to, to: change.from };
  }
};

/** The step that takes the version table back to where `step` found it. */
export const reverseStep = (step: MigrationStep): MigrationStep => ({
  direction: step.direction === "up" ? "down" : "up",
  revision: step.revision,
  versionChanges: step.versionChanges.slice().reverse().map(inverse),
});
