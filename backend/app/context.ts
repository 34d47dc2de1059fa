// What every route needs, built once by createApp and passed down explicitly.
import type { Database, DatabaseKind } from "./database.js";
import type { TrainingRunner } from "./services/training-runner.js";
import type { LoginLimiter } from "./auth/login-limiter.js";
import type { LlmSettings } from "./services/llm.js";

export interface RevisionStatus {
  /** Rows of the version table, sorted; empty when the database was never migrated. */
  readonly current: readonly string[];
  /** Heads of the migrations folder, sorted. */
  readonly heads: readonly string[];
}

export interface AppContext {
  readonly db: Database;
  readonly kind: DatabaseKind;
  readonly authSecret: string;
  readonly tokenTtlSeconds: number;
  readonly runner: TrainingRunner;
  readonly loginLimiter: LoginLimiter;
  readonly revisions: () => Promise<RevisionStatus>;
  /** The language model replies are written with; null: the retrieved passage is the reply. */
  readonly llm: LlmSettings | null;
}
