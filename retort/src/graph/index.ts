// The revision graph: pure functions from migration headers to targets, plans and history.
export type { Revision, RevisionId, MigrationStep, VersionChange } from "./types.js";
export { revisionId } from "./types.js";
export type { RevisionGraph } from "./build.js";
export { buildGraph } from "./build.js";
export type { Plan } from "./plan.js";
export { planUpgrade, planDowngrade } from "./plan.js";
export { resolveTarget } from "./target.js";
export { planStamp } from "./stamp.js";
export { reverseStep } from "./reverse-step.js";
export type { HistoryEntry } from "./history.js";
export { history } from "./history.js";
export { newRevisionParents, checkNewRevisionId, checkNewBranchLabels, MAX_REVISION_ID_LENGTH } from "./new-revision.js";
export type { GraphRow, DrawOptions } from "./draw.js";
export { drawGraph, graphText } from "./draw.js";
export type { GraphFormat, ExportOptions } from "./export.js";
export { GRAPH_FORMATS, toMermaid, toDot } from "./export.js";
export { squashViews, needsLegacyView, type SquashViews } from "./squash.js";
