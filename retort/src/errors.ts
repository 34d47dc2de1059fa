// Every failure a user can cause is a RetortError: a stable code, one line saying what is
// wrong, and a hint saying what to do. Library code throws these; only cli/ turns them
// into output and an exit status.

/**
 * "input": the user gave something malformed or unknown (bad flag, bad revision, bad file,
 * bad URL); nothing was applied. The CLI exits 2.
 * "failure": the operation was attempted and failed (database unreachable, a migration's
 * statement failed, lock not obtained). The CLI exits 1.
 */
export type ErrorKind = "input" | "failure";

/** Each code with its kind; adding a code means deciding which kind it is. */
export const ERROR_CODES = {
  // usage and configuration
  USAGE: "input",
  CONFIG_NOT_FOUND: "input",
  CONFIG_INVALID: "input",
  BAD_URL: "input",
  // revision files and the graph
  MALFORMED_REVISION_FILE: "input",
  DUPLICATE_REVISION: "input",
  MISSING_DOWN_REVISION: "input",
  CYCLE: "input",
  DEPENDENCY_CYCLE: "input",
  DUPLICATE_BRANCH_LABEL: "input",
  INVALID_REVISION_ID: "input",
  REVISION_EXISTS: "input",
  VERSIONS_NOT_FOUND: "input",
  PROJECT_EXISTS: "input",
  // targets
  UNKNOWN_REVISION: "input",
  AMBIGUOUS_REVISION: "input",
  UNKNOWN_BRANCH: "input",
  MULTIPLE_HEADS: "input",
  BAD_RELATIVE_TARGET: "input",
  NOT_AN_ANCESTOR: "input",
  NOT_A_HEAD: "input",
  RANGE_REQUIRES_OFFLINE: "input",
  OFFLINE_NEEDS_START: "input",
  // schema models and operations
  INVALID_SCHEMA: "input",
  INVALID_OPERATION: "input",
  IRREVERSIBLE_OPERATION: "input",
  /** An operation the database's dialect cannot express (refused before anything runs). */
  UNSUPPORTED_OPERATION: "input",
  // autogenerate
  NOT_UP_TO_DATE: "failure",
  EDITED_MIGRATION: "input",
  LOG_DISABLED: "input",
  AMBIGUOUS_RENAME: "input",
  MODELS_LOAD_FAILED: "input",
  FILE_EXISTS: "input",
  // running against a database
  CONNECTION_FAILED: "failure",
  INTROSPECTION_FAILED: "failure",
  DATABASE_LOCKED: "failure",
  LOCK_WAIT_TIMEOUT: "failure",
  MIGRATION_FAILED: "failure",
  MIGRATION_LOAD_FAILED: "input",
  VERSION_TABLE_CONFLICT: "failure",
  /** A signal (Ctrl-C, SIGTERM) stopped the run; the CLI exits 128 + the signal's number. */
  INTERRUPTED: "failure",
  EDITOR_FAILED: "failure",
  IO_FAILED: "failure",
  POST_WRITE_FAILED: "failure",
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface RetortErrorOptions {
  /** What to do about it, one sentence. */
  hint?: string;
  /** The underlying error (driver error, syntax error), shown only with --verbose. */
  cause?: unknown;
  /** Structured context for --json output (revision, file, statement...). Never secrets. */
  details?: Readonly<Record<string, unknown>>;
}

export class RetortError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: RetortErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RetortError";
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  get kind(): ErrorKind {
    return ERROR_CODES[this.code];
  }
}

export const isRetortError = (error: unknown): error is RetortError => error instanceof RetortError;
