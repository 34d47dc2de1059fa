// The runtime's surface for commands: sessions, version rows, running plans, offline scripts.
export { openSession, type Session, type OpenSessionOptions } from "./session.js";
export { readHeads, ensureVersionTable, applyVersionChanges, purgeVersionTable, stampVersionTable } from "./version-rows.js";
export { runSteps, loadPlan, type RunEvents, type Revisions } from "./run-steps.js";
export { renderOfflineScript, headsAfter, type OfflineOptions } from "./offline-script.js";
export { describeStep, stepLine, type StepDescription } from "./describe.js";
