// Values on their way into PostgreSQL: normalised to the text the server receives as an
// untyped parameter, so that the online run (bound parameters) and the offline script
// (literals) hand the server exactly the same input and let it infer types the same way.
import { RetortError } from "../../errors.js";
import { quoteString } from "./quote.js";

/** A parameter value after normalisation: text, bytes or NULL. */
export type BoundValue = string | Uint8Array | null;

const hex = (bytes: Uint8Array): string => `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;

const badValue = (what: string) =>
  new RetortError("INVALID_OPERATION", `a parameter value cannot be ${what}`, {
    hint: "Pass strings, numbers, booleans, bigints, Dates, Uint8Arrays, arrays, plain objects (sent as JSON) or null.",
  });

// An element of a PostgreSQL array literal: quoted, with backslash and quote escaped.
const arrayElement = (value: unknown): string => {
  if (value === null || value === undefined) return "NULL";
  if (Array.isArray(value)) return arrayLiteral(value);
  const text = value instanceof Uint8Array ? hex(value) : scalarText(value);
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
};

const arrayLiteral = (values: readonly unknown[]): string => `{${values.map(arrayElement).join(",")}}`;

const scalarText = (value: unknown): string => {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      // NaN and the infinities are valid input for float columns, spelled this way.
      return Number.isNaN(value) ? "NaN" : value === Infinity ? "Infinity" : value === -Infinity ? "-Infinity" : String(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw badValue("an invalid Date");
        return value.toISOString();
      }
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    }
    default:
      throw badValue(`a ${typeof value}`);
  }
};

/**
 * The value a driver binds. Dates become ISO-8601 UTC text (an instant, independent of the
 * client's time zone), arrays PostgreSQL array literals, other objects JSON text.
 */
export const bindValue = (value: unknown): BoundValue => {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return arrayLiteral(value);
  const text = scalarText(value);
  if (text.includes("\0")) throw badValue("text containing a NUL character");
  return text;
};

/** A bound value written as a literal: an untyped string constant, as the parameter was. */
export const literalOf = (value: BoundValue): string => {
  if (value === null) return "NULL";
  if (value instanceof Uint8Array) return quoteString(hex(value));
  return quoteString(value);
};

/** A literal for DDL, where parameters are not allowed (defaults, comments, enum values). */
export const ddlLiteral = (value: string | number | boolean | null): string => {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw badValue("a non-finite number in DDL");
    // Negative numbers are parenthesised so that they stay one operand wherever they land.
    return value < 0 ? `(${value})` : String(value);
  }
  return quoteString(value);
};
