// `retort branches`: every branch point and the revisions that fork from it.
import type { CommandContext } from "./context.js";
import { loadProject } from "./project.js";
import { revisionInfo, type RevisionInfo } from "./revision-info.js";

export interface BranchesResult {
  readonly branchPoints: { readonly branchPoint: RevisionInfo; readonly children: RevisionInfo[] }[];
}

export const branches = async (_options: Record<string, never>, context: CommandContext): Promise<BranchesResult> => {
  const project = await loadProject(context);
  return {
    branchPoints: project.graph.branchPoints().map((id) => ({
      branchPoint: revisionInfo(project, id, context.cwd),
      children: project.graph.children(id).map((child) => revisionInfo(project, child, context.cwd)),
    })),
  };
};
