// The shadow layer's surface for commands: a throwaway database, replays checked in it,
// and schemas compared as readable lines.
export { openShadow, type Shadow, type ShadowOptions } from "./open-shadow.js";
export { readSchema, type ReadRules } from "./read-schema.js";
export { schemaDifferences } from "./schema-diff.js";
export { verifySteps, type RevisionCheck, type VerifyPhase } from "./verify-steps.js";
