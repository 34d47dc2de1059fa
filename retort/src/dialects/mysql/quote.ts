// The one door every identifier and literal goes through on its way into MySQL/MariaDB SQL:
// identifiers in backticks, strings in single quotes with the server's backslash escapes
// (the default sql_mode; NO_BACKSLASH_ESCAPES is not supported, and the README says so).
import { RetortError } from "../../errors.js";

const invalid = (message: string): RetortError =>
  new RetortError("INVALID_OPERATION", message, { hint: "Give every name as a non-empty string of at most 64 characters, without NUL characters." });

/** Quotes an identifier always, doubling embedded backticks. MySQL names hold at most 64 characters. */
export const quoteIdent = (name: string): string => {
  if (name.length === 0) throw invalid("a MySQL identifier cannot be empty");
  if (name.includes("\0")) throw invalid("a MySQL identifier cannot contain a NUL character");
  if ([...name].length > 64) throw invalid(`the MySQL identifier ${JSON.stringify(name)} is longer than 64 characters`);
  if (name.endsWith(" ")) throw invalid(`the MySQL identifier ${JSON.stringify(name)} ends with a space, which MySQL refuses`);
  return `\`${name.replaceAll("`", "``")}\``;
};

/** database.name, each part quoted; no schema means the connection's database. */
export const quoteQualified = (name: string, schema?: string): string =>
  schema === undefined ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;

const ESCAPES: Record<string, string> = { "\0": "\\0", "\\": "\\\\", "'": "''", "\n": "\\n", "\r": "\\r", "\x1a": "\\Z" };

/** A string literal: quote doubled, backslash, NUL, CR, LF and Ctrl-Z escaped. */
export const quoteString = (value: string): string => `'${value.replace(/[\0\\'\n\r\x1a]/g, (c) => ESCAPES[c] as string)}'`;
