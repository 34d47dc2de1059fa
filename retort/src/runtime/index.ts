// The runtime's surface for commands: sessions, sinks, version rows, running plans.
export { openSession, type Session, type OpenSessionOptions } from "./session.js";
export type { StatementSink, MigrationTarget } from "./sink.js";
export { connectionSink } from "./connection-sink.js";
export { scriptSink, offlineTarget, type ScriptSink } from "./script-sink.js";
export {
  readHeads,
  ensureVersionTable,
  dropVersionTable,
  applyVersionChanges,
  purgeVersionTable,
  stampVersionTable,
} from "./version-rows.js";
export { ensureLogTable, headsAfter, readLog, readLatestLogRows, readLoggedChecksums, writeStepLog, type StepLog } from "./log-rows.js";
export { clientInfo, type ClientInfo } from "./client-info.js";
export {
  runPlan,
  loadPlan,
  type RetryEvent,
  type RunEvents,
  type RunOptions,
  type RunPlan,
  type RunSafety,
  type Revisions,
  type StepRun,
} from "./run-plan.js";
export type { RunLockHolder } from "./session.js";
export { describeStep, stepLine, type StepDescription } from "./describe.js";
