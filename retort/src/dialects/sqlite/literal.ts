// Values on their way into SQLite: what better-sqlite3 binds (text, numbers, bigints,
// bytes, NULL) and the same value as a literal for offline scripts, so both paths store
// the same thing. SQLite has no boolean, date or array types: booleans are 1 and 0, Dates
// ISO-8601 UTC text, arrays and objects JSON text (what SQLite's json functions read).
import { RetortError } from "../../errors.js";
import { quoteString } from "./quote.js";

export type BoundValue = string | number | bigint | Uint8Array | null;

const badValue = (what: string): RetortError =>
  new RetortError("INVALID_OPERATION", `a parameter value cannot be ${what}`, {
    hint: "Pass strings, numbers, booleans, bigints, Dates, Uint8Arrays, arrays, plain objects (stored as JSON text) or null.",
  });

export const bindValue = (value: unknown): BoundValue => {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      // SQLite stores no NaN (it becomes NULL); refusing says so instead of losing it.
      if (Number.isNaN(value)) throw badValue("NaN (SQLite stores it as NULL)");
      return value;
    case "bigint":
      return value;
    case "boolean":
      return value ? 1 : 0;
    case "object":
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw badValue("an invalid Date");
        return value.toISOString();
      }
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    default:
      throw badValue(`a ${typeof value}`);
  }
};

/** A bound value written as a literal of the same storage class. */
export const literalOf = (value: BoundValue): string => {
  if (value === null) return "NULL";
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString("hex")}'`;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (value === Infinity) return "9e999";
    if (value === -Infinity) return "-9e999";
    return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : String(value).includes("e") || String(value).includes(".") ? String(value) : `${value}.0`;
  }
  return quoteString(value);
};

/** A literal for DDL (defaults): numbers bare, negative ones parenthesised, booleans 1/0. */
export const ddlLiteral = (value: string | number | boolean | null): string => {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw badValue("a non-finite number in DDL");
    return value < 0 ? `(${value})` : String(value);
  }
  return quoteString(value);
};
