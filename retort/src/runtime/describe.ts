// How a step is named in progress lines and offline comments, as Alembic names it:
// "Running upgrade <parents> -> <revision>" and "Running downgrade <revision> -> <parents>",
// with an empty side for a base and "a, b" for a merge's parents.
import type { MigrationStep } from "../graph/types.js";
import type { ScriptRevision } from "../script/index.js";

export interface StepDescription {
  readonly direction: "up" | "down";
  readonly revision: string;
  readonly from: string;
  readonly to: string;
  readonly message: string | undefined;
  readonly file: string;
}

const parents = (revision: ScriptRevision): string => {
  return revision.downRevisions.join(", ");
};

export const describeStep = (step: MigrationStep, revision: ScriptRevision): StepDescription => {
  const up = step.direction === "up";
  return {
    direction: step.direction,
    revision: step.revision,
    from: up ? parents(revision) : step.revision,
    to: up ? step.revision : parents(revision),
    message: revision.message,
    file: revision.path,
  };
};

/** "upgrade 001 -> 002, add users" */
export const stepLine = (step: StepDescription): string =>
  `${step.direction === "up" ? "upgrade" : "downgrade"} ${step.from} -> ${step.to}${step.message ? `, ${step.message}` : ""}`;
