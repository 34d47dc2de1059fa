// `retort revision -m msg`: a new, empty migration on top of a head (or where --head,
// --splice and --depends-on say), written from the project's template.
import { newRevisionParents } from "../graph/index.js";
import type { CommandContext } from "./context.js";
import { writeNewRevision, type NewRevisionResult } from "./new-revision-file.js";
import { loadProject } from "./project.js";

export interface RevisionOptions {
  readonly message?: string;
  /** --rev-id: the id to use instead of a random one. */
  readonly revId?: string;
  /** --head: the revision to build on (`head`, `base`, `label@head`, an id). */
  readonly head?: string;
  /** --splice: allow building on a revision that is not a head (starts a branch). */
  readonly splice?: boolean;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly versionPath?: string;
}

export type RevisionResult = NewRevisionResult;

export const revision = async (options: RevisionOptions, context: CommandContext): Promise<RevisionResult> => {
  const project = await loadProject(context);
  const parents = newRevisionParents(project.graph, {
    ...(options.head === undefined ? {} : { head: options.head }),
    ...(options.splice === undefined ? {} : { splice: options.splice }),
    ...(options.dependsOn === undefined ? {} : { dependsOn: options.dependsOn }),
  });
  return writeNewRevision(project, context, {
    downRevisions: parents.downRevisions,
    dependsOn: parents.dependsOn,
    ...(options.message === undefined ? {} : { message: options.message }),
    ...(options.revId === undefined ? {} : { revId: options.revId }),
    ...(options.branchLabels === undefined ? {} : { branchLabels: options.branchLabels }),
    ...(options.versionPath === undefined ? {} : { versionPath: options.versionPath }),
  });
};
