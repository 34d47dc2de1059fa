// The one door every identifier and literal goes through on its way into SQLite SQL.
import { RetortError } from "../../errors.js";

const bad = (message: string): RetortError =>
  new RetortError("INVALID_OPERATION", message, { hint: "Give every name as a non-empty string without NUL characters." });

/** Quotes an identifier always (standard double quotes, embedded ones doubled). */
export const quoteIdent = (name: string): string => {
  if (typeof name !== "string" || name.length === 0) throw bad("an SQL identifier cannot be empty");
  if (name.includes("\0")) throw bad("an SQL identifier cannot contain a NUL character");
  return `"${name.replaceAll('"', '""')}"`;
};

/** SQLite has one schema per attached database; "main" is the file itself. */
export const quoteQualified = (name: string, schema?: string): string =>
  schema === undefined ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;

/** A string literal: quotes doubled. SQLite strings have no backslash escapes. */
export const quoteString = (value: string): string => {
  if (value.includes("\0")) throw bad("a SQLite string literal cannot contain a NUL character");
  return `'${value.replaceAll("'", "''")}'`;
};
