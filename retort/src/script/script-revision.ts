import type { Revision } from "../graph/types.js";

/** A revision as read from its file's header. */
export interface ScriptRevision extends Revision {
  /** Absolute path of the migration file. */
  readonly path: string;
  /** False when the file exports `transactional = false` (e.g. CREATE INDEX CONCURRENTLY). */
  readonly transactional: boolean;
  readonly createDate?: string;
  /** `export const lockTimeout = "5s"`, in ms: overrides the config's for this migration. */
  readonly lockTimeoutMs?: number;
  /** `export const statementTimeout = "1min"`, in ms. */
  readonly statementTimeoutMs?: number;
}
