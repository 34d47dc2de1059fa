// `retort squash --to REV -m msg`: one revision creating, in a single step, the schema the
// revisions from base to REV build (read from a shadow database where they were replayed),
// declaring `replaces = [...]` those revisions. The graph then runs it on fresh databases
// and keeps the old files for databases at a replaced revision (graph/squash.ts).
import { RetortError } from "../errors.js";
import { planUpgrade, resolveTarget, type RevisionId } from "../graph/index.js";
import { runPlan } from "../runtime/index.js";
import { readSchema } from "../shadow/index.js";
import type { CommandContext } from "./context.js";
import { writeNewRevision } from "./new-revision-file.js";
import { loadProject } from "./project.js";
import { schemaRevisionSource } from "./schema-revision.js";
import { openProjectShadow, readRulesOf, replayOptionsOf } from "./shadow-project.js";

export interface SquashOptions {
  /** The last revision to squash (the squash point). */
  readonly to: string;
  readonly message?: string;
  readonly revId?: string;
  readonly shadowUrl?: string;
}

export interface SquashResult {
  readonly revision: string;
  /** The new file, relative to the working directory. */
  readonly file: string;
  /** The revisions it replaces, base first. */
  readonly replaces: RevisionId[];
  readonly operations: number;
}

export const squash = async (options: SquashOptions, context: CommandContext): Promise<SquashResult> => {
  const project = await loadProject(context);
  const { graph } = project;
  const targets = resolveTarget(graph, options.to, []);
  const point = targets[0];
  if (point === undefined || targets.length > 1) {
    throw new RetortError("USAGE", `--to ${options.to} must name one revision`, { hint: "give the last revision to squash, e.g. --to ae10" });
  }
  const steps = planUpgrade(graph, [], point).steps;
  const replaces = steps.map((step) => step.revision);
  const inside = new Set<RevisionId>(replaces);
  for (const id of replaces) {
    if ((project.revisions.get(id)?.replaces ?? []).length > 0) {
      throw new RetortError("USAGE", `${id} is itself a squash; squashing a squash is not supported`, { hint: `squash up to a revision after it, once the files ${id} replaces are deleted` });
    }
  }
  // Only the squash point may lead out of the squashed chain: a branch from the middle of it
  // would lose its parent.
  for (const revision of graph.revisions) {
    if (inside.has(revision.id)) continue;
    const from = [...revision.downRevisions, ...revision.dependsOn].find((id) => inside.has(id) && id !== point);
    if (from !== undefined) {
      throw new RetortError("USAGE", `${revision.id} starts from ${from}, inside the range to squash`, {
        hint: `squash only up to a revision no other branch starts from (e.g. --to ${from}'s ancestor), or merge that branch first`,
      });
    }
  }
  const shadow = await openProjectShadow(project, context, options.shadowUrl);
  let schema;
  try {
    await runPlan(shadow.session, { start: [], steps, heads: [point] }, project.revisions, replayOptionsOf(project, context));
    schema = await readSchema(shadow.session, readRulesOf(project));
  } finally {
    await shadow.close();
  }
  const source = await schemaRevisionSource(project, context, schema, options.shadowUrl);
  const written = await writeNewRevision(project, context, {
    downRevisions: [],
    dependsOn: [],
    message: options.message ?? `squash to ${point}`,
    ...(options.revId === undefined ? {} : { revId: options.revId }),
    imports: source.imports,
    upgrade: source.upgrade,
    downgrade: source.downgrade,
    replaces,
  });
  return { revision: written.revision, file: written.path, replaces, operations: source.operations };
};
