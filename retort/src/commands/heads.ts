// `retort heads`: the revisions nothing builds on yet. Reads headers only.
import type { CommandContext } from "./context.js";
import { loadProject } from "./project.js";
import { revisionInfo, type RevisionInfo } from "./revision-info.js";

export interface HeadsResult {
  readonly heads: RevisionInfo[];
}

export const heads = async (_options: Record<string, never>, context: CommandContext): Promise<HeadsResult> => {
  const project = await loadProject(context);
  return { heads: project.graph.heads().map((id) => revisionInfo(project, id, context.cwd)) };
};
