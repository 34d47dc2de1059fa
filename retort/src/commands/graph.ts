// `retort graph --format mermaid|dot`: the revision DAG as diagram source for documentation
// and pull requests. Reads headers only, never the database.
import { GRAPH_FORMATS, toDot, toMermaid, type GraphFormat } from "../graph/index.js";
import { RetortError } from "../errors.js";
import type { CommandContext } from "./context.js";
import { loadProject } from "./project.js";

export interface GraphOptions {
  readonly format?: string;
}

export interface GraphResult {
  readonly format: GraphFormat;
  readonly source: string;
}

const isFormat = (value: string): value is GraphFormat => (GRAPH_FORMATS as readonly string[]).includes(value);

export const graph = async (options: GraphOptions, context: CommandContext): Promise<GraphResult> => {
  const format = options.format ?? "mermaid";
  if (!isFormat(format)) {
    throw new RetortError("USAGE", `unknown graph format '${format}'`, { hint: `use --format ${GRAPH_FORMATS.join(" or --format ")}` });
  }
  const project = await loadProject(context);
  const revisions = project.graph.revisions;
  const heads = project.graph.heads();
  return { format, source: format === "mermaid" ? toMermaid(revisions, { heads }) : toDot(revisions, { heads }) };
};
