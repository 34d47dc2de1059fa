// Values on their way into MySQL: normalised once, so that a bound parameter (online) and
// the literal an offline script holds carry the same text to the server.
import { RetortError } from "../../errors.js";
import { quoteString } from "./quote.js";

export type BoundValue = string | number | Uint8Array | null;

const badValue = (what: string): RetortError =>
  new RetortError("INVALID_OPERATION", `a parameter value cannot be ${what}`, {
    hint: "Pass strings, numbers, booleans, bigints, Dates, Uint8Arrays, plain objects or arrays (sent as JSON) or null.",
  });

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** A Date as DATETIME(6) text in UTC (the session's time zone, set by the driver). */
const dateText = (d: Date): string => {
  if (Number.isNaN(d.getTime())) throw badValue("an invalid Date");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
};

/** The value the driver binds: booleans as 1/0, Dates as UTC text, objects and arrays as JSON. */
export const bindValue = (value: unknown): BoundValue => {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw badValue("a non-finite number (MySQL has no NaN or Infinity)");
      return value;
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? 1 : 0;
    case "object":
      if (value instanceof Date) return dateText(value);
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    default:
      throw badValue(`a ${typeof value}`);
  }
};

/** A bound value written as a literal, for scripts. */
export const literalOf = (value: BoundValue): string => {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  if (value instanceof Uint8Array) return `X'${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}'`;
  return quoteString(value);
};

/** A literal for DDL (defaults, comments, enum values), where parameters are not allowed. */
export const ddlLiteral = (value: string | number | boolean | null): string => {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw badValue("a non-finite number in DDL");
    return String(value);
  }
  return quoteString(value);
};
