// `retort show <rev|current>`: everything known about one revision (or several, for
// `heads`). The session code is imported only for `current`, as in `history`.
import { resolveTarget } from "../graph/target.js";
import type { RevisionId } from "../graph/types.js";
import type { CommandContext } from "./context.js";
import { loadProject, type Project } from "./project.js";
import { revisionInfo, type RevisionInfo } from "./revision-info.js";

export interface ShowOptions {
  /** A target (`head`, an id, a label...) or `current`. */
  readonly revision: string;
}

export interface ShowResult {
  readonly revisions: RevisionInfo[];
}

export const show = async (options: ShowOptions, context: CommandContext): Promise<ShowResult> => {
  const project = await loadProject(context);
  const ids = await resolveOrCurrent(project, options.revision, context);
  return { revisions: ids.map((id) => revisionInfo(project, id, context.cwd)) };
};

/** A target as the graph resolves it, or `current` as the database says. */
export const resolveOrCurrent = async (project: Project, target: string, context: CommandContext): Promise<RevisionId[]> =>
  target === "current"
    ? (await (await import("./current.js")).readDatabaseHeads(project, context)).heads
    : resolveTarget(project.graph, target, []);
