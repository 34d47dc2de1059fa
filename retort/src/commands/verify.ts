// `retort verify [range]`: every revision of the range replayed in a shadow database, up,
// down (the schema must come back exactly) and up again; then, at head, the schema compared
// with the models. The real database is never opened. Stops at the first failure.
import { compareLive } from "../autogen/compare-live.js";
import { describeOp } from "../autogen/render.js";
import { RetortError } from "../errors.js";
import { planUpgrade, resolveTarget, type MigrationStep, type RevisionGraph, type RevisionId } from "../graph/index.js";
import { runPlan } from "../runtime/index.js";
import { readSchema, schemaDifferences, verifySteps, type RevisionCheck, type VerifyPhase } from "../shadow/index.js";
import type { Schema } from "../schema/types.js";
import type { CommandContext } from "./context.js";
import { loadModels } from "./load-models.js";
import { loadProject, versionTableOf, type Project } from "./project.js";
import { displayPath } from "./revision-info.js";
import { openProjectShadow, readRulesOf, replayOptionsOf } from "./shadow-project.js";

export interface VerifyOptions {
  /** "from:to", or "to" alone (from base); default base to head. */
  readonly range?: string;
  /** --shadow-url: replay on a throwaway database of this PostgreSQL server instead of PGlite in memory. */
  readonly shadowUrl?: string;
  readonly allowMultipleHeads?: boolean;
}

export interface VerifiedRevision {
  readonly revision: RevisionId;
  /** The migration file, relative to the working directory. */
  readonly file: string;
  readonly ok: boolean;
  /** The phase that threw, or "schema" when the downgrade left the schema different. */
  readonly failed?: VerifyPhase | "schema";
  /** The error's message, or the differences (+ left by the downgrade, - removed by it, ~ changed). */
  readonly message?: string;
  readonly differences?: readonly string[];
  readonly elapsedMs: number;
}

export interface VerifyResult {
  readonly shadow: string;
  readonly ok: boolean;
  readonly heads: RevisionId[];
  /** Set when the history has several heads and --allow-multiple-heads was not given. */
  readonly multipleHeads: boolean;
  readonly revisions: VerifiedRevision[];
  /** Each squash whose replaced files are present: what differs between it and the chain it replaces ([] = the same). */
  readonly squashes: { readonly revision: RevisionId; readonly replaces: readonly RevisionId[]; readonly differences: readonly string[] }[];
  /** At head with models configured: what autogenerate would write to reach the models ([] = they match); null when not compared. */
  readonly models: { readonly differences: readonly string[] } | null;
}

const splitRange = (range: string | undefined): { from: string; to: string | undefined } => {
  if (range === undefined) return { from: "base", to: undefined };
  const colon = range.indexOf(":");
  if (colon < 0) return { from: "base", to: range };
  const from = range.slice(0, colon);
  const to = range.slice(colon + 1);
  if (from === "" || to === "") {
    throw new RetortError("USAGE", `the range '${range}' needs a revision on both sides of ':'`, { hint: "write it as from:to, e.g. `base:head` or `ae10:head`, or give one revision to verify from base" });
  }
  return { from, to };
};

const shown = (check: RevisionCheck, cwd: string): VerifiedRevision => ({
  revision: check.revision,
  file: displayPath(cwd, check.path),
  ok: check.ok,
  ...(check.failure === undefined
    ? {}
    : check.failure.kind === "error"
      ? { failed: check.failure.phase, message: check.failure.message }
      : { failed: "schema" as const, message: "the downgrade does not bring the schema back", differences: check.failure.differences }),
  elapsedMs: check.elapsedMs,
});

/** The schema a plan to `target` builds in a fresh shadow. */
const schemaAt = async (project: Project, graph: RevisionGraph, target: RevisionId, context: CommandContext, shadowUrl: string | undefined): Promise<Schema> => {
  const shadow = await openProjectShadow(project, context, shadowUrl);
  try {
    const made = planUpgrade(graph, [], target);
    await runPlan(shadow.session, { start: [], steps: made.steps, heads: made.heads }, project.revisions, replayOptionsOf(project, context));
    return await readSchema(shadow.session, readRulesOf(project));
  } finally {
    await shadow.close();
  }
};

/** Each squash against the chain it replaces, both replayed from base in shadows of their own. */
const compareSquashes = async (project: Project, context: CommandContext, shadowUrl: string | undefined): Promise<VerifyResult["squashes"]> => {
  const legacy = project.legacyGraph;
  if (legacy === null) return [];
  const out: { revision: RevisionId; replaces: RevisionId[]; differences: string[] }[] = [];
  for (const revision of project.graph.revisions) {
    const replaces = revision.replaces ?? [];
    const point = replaces.at(-1);
    if (point === undefined || !replaces.every((id) => legacy.has(id))) continue;
    const chain = await schemaAt(project, legacy, point, context, shadowUrl);
    const squashed = await schemaAt(project, project.graph, revision.id, context, shadowUrl);
    out.push({ revision: revision.id, replaces: [...replaces], differences: schemaDifferences(chain, squashed) });
  }
  return out;
};

export const verify = async (options: VerifyOptions, context: CommandContext): Promise<VerifyResult> => {
  const project = await loadProject(context);
  const { graph } = project;
  const heads = graph.heads();
  const range = splitRange(options.range);
  const multipleHeads = heads.length > 1 && options.allowMultipleHeads !== true;
  const to = range.to ?? (heads.length > 1 ? "heads" : "head");
  // Resolved before the shadow opens, so a mistyped revision costs no replay.
  const start = resolveTarget(graph, range.from, []);
  const end = resolveTarget(graph, to, []);
  if (multipleHeads) {
    return { shadow: "", ok: false, heads, multipleHeads, revisions: [], squashes: [], models: null };
  }
  const shadow = await openProjectShadow(project, context, options.shadowUrl);
  try {
    const run = replayOptionsOf(project, context);
    const rules = readRulesOf(project);
    // The revisions before the range are applied without checks.
    let current: RevisionId[] = [];
    const prefix: MigrationStep[] = [];
    for (const id of start) {
      const made = planUpgrade(graph, current, id);
      prefix.push(...made.steps);
      current = made.heads;
    }
    if (prefix.length > 0) await runPlan(shadow.session, { start: [], steps: prefix, heads: current }, project.revisions, run);
    const steps: MigrationStep[] = [];
    for (const id of end) {
      const made = planUpgrade(graph, current, id);
      steps.push(...made.steps);
      current = made.heads;
    }
    const checks = await verifySteps(shadow.session, steps, project.revisions, run, () => readSchema(shadow.session, rules));
    const revisions = checks.map((check) => shown(check, context.cwd));
    const failed = revisions.some((r) => !r.ok);
    const atHead = heads.every((h) => current.includes(h));
    let models: VerifyResult["models"] = null;
    if (!failed && atHead && project.config.config.models.length > 0) {
      const comparison = await compareLive({
        dialect: shadow.session.dialect,
        connection: shadow.session.connection,
        loadModels: () => loadModels(project.config),
        exclude: project.config.config.exclude,
        schemas: project.config.config.schemas,
        versionTable: versionTableOf(project.config),
      });
      models = {
        differences: [
          ...comparison.ops.map(describeOp),
          ...comparison.ambiguities.map((a) => `possible rename ${a.flag}`),
          ...comparison.warnings,
        ],
      };
    }
    const squashes = failed ? [] : await compareSquashes(project, context, options.shadowUrl);
    const ok = !failed && (models === null || models.differences.length === 0) && squashes.every((s) => s.differences.length === 0);
    return { shadow: shadow.display, ok, heads, multipleHeads, revisions, squashes, models };
  } finally {
    await shadow.close();
  }
};
