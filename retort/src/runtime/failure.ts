// Turning whatever a migration threw into one MIGRATION_FAILED line that names the
// revision, its file, the failing statement and the database's own words.
import { relative } from "node:path";
import { RetortError, isRetortError } from "../errors.js";
import type { StepDescription } from "./describe.js";

const STATEMENT_LIMIT = 200;

/** The fields pg and PGlite put on a server error; all optional, read defensively. */
interface DatabaseErrorFields {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly position?: unknown;
  readonly detail?: unknown;
  readonly hint?: unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : typeof value === "number" ? String(value) : undefined;

const oneLine = (value: string): string => value.replace(/\s+/g, " ").trim();

export const shortStatement = (sql: string): string => {
  const flat = oneLine(sql);
  return flat.length > STATEMENT_LIMIT ? `${flat.slice(0, STATEMENT_LIMIT)}...` : flat;
};

/** The database's own words for an error, on one line. */
export const databaseMessage = (error: unknown): string => {
  const fields = (typeof error === "object" && error !== null ? error : {}) as DatabaseErrorFields;
  return oneLine(text(fields.message) ?? String(error));
};

/** What became of the failed migration's work; the message states exactly this. */
export type FailureOutcome =
  | { readonly kind: "rolled back" | "left partly applied" | "offline" }
  /** Split at `at`, a statement that must run outside a transaction: what ran before it stays. */
  | { readonly kind: "partly committed"; readonly at: string }
  /** The database commits each DDL statement on its own: `committed` took effect, in order. */
  | { readonly kind: "ddl committed"; readonly committed: readonly string[] };

/** The statements of a migration that took effect where DDL commits by itself, listed. */
const committedDdl = (revision: string, committed: readonly string[]): string =>
  `this database commits each DDL statement on its own, so ${committed.length} statement(s) of ${revision} took effect and were NOT rolled back: ` +
  `${committed.map((sql, i) => `(${i + 1}) ${shortStatement(sql)}`).join("; ")}; the version table still names the revision before ${revision}`;

const outcomeText = (revision: string, outcome: FailureOutcome): string => {
  switch (outcome.kind) {
    case "offline":
      return "fix the migration and generate the script again";
    case "rolled back":
      return `fix the migration and run the command again: the migrations before ${revision} stay applied and this one was rolled back`;
    case "left partly applied":
      return `fix the migration and run the command again: the migrations before ${revision} stay applied and this one ran outside a transaction, so check what it left behind`;
    case "ddl committed":
      return outcome.committed.length === 0
        ? `fix the migration and run the command again: the migrations before ${revision} stay applied, the version table still names the revision before ${revision}, and none of its statements took effect`
        : `${committedDdl(revision, outcome.committed)}: undo those statements by hand (or stamp past them) and fix the migration before running the command again`;
    case "partly committed":
      return `fix the migration and run the command again: the migrations before ${revision} stay applied; this one was NOT fully rolled back: it committed its statements up to and including ${shortStatement(outcome.at)} (which cannot run inside its transaction), so check what it left behind`;
  }
};

export const migrationFailed = (
  step: StepDescription,
  error: unknown,
  statement: string | undefined,
  cwd: string,
  outcome: FailureOutcome,
  /** Set when the failure is a lock timeout: how many retries were made before giving up. */
  lockRetriesMade?: number,
): RetortError => {
  // Errors of our own (an invalid operation, a version-table conflict) already say what
  // is wrong and what to do; they only gain the revision they happened in.
  const file = relative(cwd, step.file) || step.file;
  const verb = step.direction === "up" ? "upgrade" : "downgrade";
  if (isRetortError(error) && error.code !== "MIGRATION_FAILED") {
    return new RetortError(error.code, `${verb} ${step.revision} (${file}): ${error.message}`, {
      hint: error.hint,
      cause: error,
      details: { ...error.details, revision: step.revision, file },
    });
  }
  const fields = (typeof error === "object" && error !== null ? error : {}) as DatabaseErrorFields;
  const message = databaseMessage(error);
  const parts = [message];
  const position = text(fields.position);
  if (position !== undefined && statement !== undefined) parts.push(`at character ${position}`);
  const detail = text(fields.detail);
  if (detail !== undefined) parts.push(`detail: ${oneLine(detail)}`);
  const where =
    statement === undefined ? "in the migration's code" : `in statement: ${shortStatement(statement)}`;
  if (lockRetriesMade !== undefined) parts.push(`gave up after ${lockRetriesMade} ${lockRetriesMade === 1 ? "retry" : "retries"}`);
  const dbHint = lockRetriesMade !== undefined
    ? "another session holds a lock on the table for longer than the lock timeout; end it (see pg_stat_activity), or raise lockTimeout or lockRetries"
    : text(fields.hint);
  return new RetortError(
    "MIGRATION_FAILED",
    `${verb} ${step.revision} (${file}) failed ${where}: ${parts.join("; ")}`,
    {
      hint: `${dbHint !== undefined ? `${oneLine(dbHint)}; ` : ""}${outcomeText(step.revision, outcome)}`,
      cause: error,
      details: {
        revision: step.revision,
        file,
        statement: statement === undefined ? null : shortStatement(statement),
        databaseMessage: message,
        databaseCode: text(fields.code) ?? null,
        position: position ?? null,
        detail: detail ?? null,
        ...(lockRetriesMade === undefined ? {} : { lockRetries: lockRetriesMade }),
        ...(outcome.kind === "ddl committed" ? { committedStatements: outcome.committed.map(shortStatement) } : {}),
      },
    },
  );
};

/** What an interrupted migration left, for the INTERRUPTED error's hint. */
const interruptedState = (revision: string, outcome: FailureOutcome): string => {
  switch (outcome.kind) {
    case "offline":
    case "rolled back":
      return `the migrations before ${revision} stay applied and ${revision} was rolled back: run the command again to continue`;
    case "left partly applied":
      return `the migrations before ${revision} stay applied; ${revision} runs outside a transaction, so check what it left behind before running the command again`;
    case "ddl committed":
      return outcome.committed.length === 0
        ? `the migrations before ${revision} stay applied and none of ${revision}'s statements took effect: run the command again to continue`
        : `${committedDdl(revision, outcome.committed)}: undo those statements by hand (or stamp past them) before running the command again`;
    case "partly committed":
      return `the migrations before ${revision} stay applied; ${revision} was NOT fully rolled back: it committed its statements up to and including ${shortStatement(outcome.at)}, so check what it left behind before running the command again`;
  }
};

/** A migration stopped by a signal: its statement in flight was cancelled on the server. */
export const migrationInterrupted = (step: StepDescription, signal: NodeJS.Signals, cwd: string, outcome: FailureOutcome): RetortError => {
  const file = relative(cwd, step.file) || step.file;
  const verb = step.direction === "up" ? "upgrade" : "downgrade";
  return new RetortError("INTERRUPTED", `${verb} ${step.revision} (${file}) was interrupted by ${signal}`, {
    hint: interruptedState(step.revision, outcome),
    details: {
      signal,
      revision: step.revision,
      file,
      ...(outcome.kind === "ddl committed" ? { committedStatements: outcome.committed.map(shortStatement) } : {}),
    },
  });
};
