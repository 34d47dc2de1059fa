// `retort merge <revs...> -m msg`: a new revision whose parents are the given revisions
// (typically `heads`), joining branches back into one line. It contains no operations.
import { RetortError } from "../errors.js";
import { resolveTarget, type RevisionId } from "../graph/index.js";
import type { CommandContext } from "./context.js";
import { writeNewRevision, type NewRevisionResult } from "./new-revision-file.js";
import { loadProject } from "./project.js";

export interface MergeOptions {
  readonly revisions: readonly string[];
  readonly message?: string;
  readonly revId?: string;
  readonly branchLabels?: readonly string[];
}

export type MergeResult = NewRevisionResult;

export const merge = async (options: MergeOptions, context: CommandContext): Promise<MergeResult> => {
  const project = await loadProject(context);
  const parents: RevisionId[] = [];
  for (const target of options.revisions) {
    for (const id of resolveTarget(project.graph, target, [])) if (!parents.includes(id)) parents.push(id);
  }
  if (parents.length < 2) {
    throw new RetortError(
      "USAGE",
      `a merge needs two or more revisions, and ${options.revisions.join(" ")} resolves to ${parents.length === 0 ? "none" : `only ${parents.join("")}`}`,
      { hint: "name the heads to join, e.g. `retort merge heads -m \"merge branches\"`; see them with `retort heads`" },
    );
  }
  return writeNewRevision(project, context, {
    downRevisions: parents,
    dependsOn: [],
    ...(options.message === undefined ? {} : { message: options.message }),
    ...(options.revId === undefined ? {} : { revId: options.revId }),
    ...(options.branchLabels === undefined ? {} : { branchLabels: options.branchLabels }),
  });
};
