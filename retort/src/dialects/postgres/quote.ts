// The one door every identifier and literal goes through on its way into PostgreSQL SQL.

/** Quotes an identifier always, doubling embedded quotes; NUL cannot appear in one. */
export const quoteIdent = (name: string): string => {
  if (name.length === 0) throw new TypeError("an SQL identifier cannot be empty");
  if (name.includes("\0")) throw new TypeError("an SQL identifier cannot contain a NUL character");
  return `"${name.replaceAll('"', '""')}"`;
};

/** schema.name, each part quoted; no schema means the search path decides. */
export const quoteQualified = (name: string, schema?: string): string =>
  schema === undefined ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;

/**
 * A string literal. Backslashes are doubled and the E'' form used when present, so the
 * result is the same whatever standard_conforming_strings says.
 */
export const quoteString = (value: string): string => {
  if (value.includes("\0")) throw new TypeError("a PostgreSQL string cannot contain a NUL character");
  const body = value.replaceAll("'", "''");
  return value.includes("\\") ? `E'${body.replaceAll("\\", "\\\\")}'` : `'${body}'`;
};
