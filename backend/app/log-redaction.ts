// What of an error may reach a log line. Driver errors carry the statement's parameter
// values (PGlite's `params`; pg's `detail` repeats key values and whole failing rows),
// and those are passwords hashes, session ids and whatever a client sent: only fields
// that describe the failure are kept, whichever driver threw.
const KEPT = ["code", "severity", "schema", "table", "column", "constraint", "dataType", "routine", "statusCode", "query", "hint"] as const;

// PostgreSQL quotes the offending input at the end of a message: `...: "the value"`.
const scrub = (text: string): string => text.replace(/: ".*"$/m, ': "[redacted]"');

const isSqlState = (code: unknown): boolean => typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);

export interface SerializedError {
  readonly type: string;
  readonly message: string;
  readonly stack: string;
  readonly [field: string]: unknown;
}

export const serializeError = (error: unknown, depth = 0): SerializedError => {
  if (!(error instanceof Error)) return { type: typeof error, message: "a non-Error value was thrown", stack: "" };
  const fields = error as unknown as Record<string, unknown>;
  const fromDatabase = isSqlState(fields.code);
  const stack = error.stack ?? "";
  const out: Record<string, unknown> = {
    type: error.constructor?.name ?? "Error",
    message: fromDatabase ? scrub(error.message) : error.message,
    stack: fromDatabase ? scrub(stack) : stack,
  };
  for (const key of KEPT) if (fields[key] !== undefined) out[key] = fields[key];
  if (error.cause !== undefined && depth < 3) out.cause = serializeError(error.cause, depth + 1);
  return out as SerializedError;
};
