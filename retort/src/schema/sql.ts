// SQL fragments written by users as tagged templates: sql`now()`, sql`lower(${t.email})`.
// A fragment keeps its pieces apart until something turns it into text: a schema model
// renders column references as identifiers, while op.execute keeps the fragment as data
// (SqlFragment: text, identifiers, parameter indexes) for the dialect to join and number.
import { RetortError } from "../errors.js";
import type { SqlFragment, SqlPart } from "./types.js";

const SQL = Symbol.for("retort.sql");
const IDENT = Symbol.for("retort.sql.ident");
/** Marks an object that renders as one column name inside a fragment (a model column). */
export const COLUMN_NAME = Symbol.for("retort.columnName");

export interface Sql {
  readonly [SQL]: true;
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

interface Identifier {
  readonly [IDENT]: true;
  readonly parts: readonly string[];
}

export interface NamedColumn {
  readonly [COLUMN_NAME]: string;
}

const fragment = (strings: readonly string[], values: readonly unknown[]): Sql =>
  Object.freeze({ [SQL]: true as const, strings: Object.freeze([...strings]), values: Object.freeze([...values]) });

interface SqlTag {
  (strings: TemplateStringsArray, ...values: unknown[]): Sql;
  /** Text taken as it is: no interpolation at all. */
  raw(text: string): Sql;
  /** An identifier (optionally qualified: sql.ident("public", "users")), always quoted. */
  ident(...parts: string[]): Identifier;
}

export const sql: SqlTag = Object.assign((strings: TemplateStringsArray, ...values: unknown[]) => fragment(strings, values), {
  raw: (text: string): Sql => fragment([text], []),
  ident: (...parts: string[]): Identifier => {
    if (parts.length === 0)
      throw new RetortError("INVALID_OPERATION", "sql.ident() needs at least one name", {
        hint: 'Pass the identifier\'s parts, e.g. sql.ident("public", "users").',
      });
    return Object.freeze({ [IDENT]: true as const, parts: Object.freeze([...parts]) });
  },
});

export const isSql = (value: unknown): value is Sql => typeof value === "object" && value !== null && SQL in value;

const isIdentifier = (value: unknown): value is Identifier => typeof value === "object" && value !== null && IDENT in value;

export const isNamedColumn = (value: unknown): value is NamedColumn =>
  (typeof value === "object" || typeof value === "function") && value !== null && COLUMN_NAME in value;

// PostgreSQL's reserved and type/function-name key words: a bare name among them would
// parse as the key word, so it is quoted like any name that is not plain lower case.
const KEYWORDS = new Set(
  (
    "all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation " +
    "column concurrently constraint create cross current_catalog current_date current_role current_schema current_time " +
    "current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze " +
    "from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit " +
    "localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references " +
    "returning right select session_user similar some symmetric system_user table tablesample then to trailing true union " +
    "unique user using variadic verbose when where window with"
  ).split(" "),
);

const checkIdentifier = (name: string): void => {
  if (name.length === 0 || name.includes("\0")) {
    throw new RetortError("INVALID_SCHEMA", `invalid identifier ${JSON.stringify(name)} in an SQL expression`, {
      hint: "Identifiers must be non-empty and free of NUL characters.",
    });
  }
};

/**
 * An identifier as PostgreSQL's own quote_ident would print it: bare when that reads back
 * as the same name, quoted otherwise. Model expressions use this form so that they match
 * what the catalog returns for the same expression.
 */
export const identifierText = (name: string): string => {
  checkIdentifier(name);
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !KEYWORDS.has(name) ? name : `"${name.replaceAll('"', '""')}"`;
};

const pieceText = (value: unknown, context: string): string => {
  if (isSql(value)) return sqlText(value, context);
  if (isNamedColumn(value)) return identifierText(value[COLUMN_NAME]);
  if (isIdentifier(value)) return value.parts.map(identifierText).join(".");
  throw new RetortError(
    "INVALID_SCHEMA",
    `${context} embeds a value (${describe(value)}); a schema expression can only embed columns and sql fragments`,
    {
      hint: "Write constants into the SQL text itself, e.g. sql`status <> 'failed'`.",
    },
  );
};

const describe = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : typeof value);

/** Text of a fragment that may embed columns, identifiers and fragments only (schema expressions). */
export const sqlText = (fragmentValue: Sql, context = "an SQL expression"): string => {
  let text = fragmentValue.strings[0] ?? "";
  fragmentValue.values.forEach((value, i) => {
    text += pieceText(value, context) + (fragmentValue.strings[i + 1] ?? "");
  });
  return text;
};

/**
 * A fragment for op.execute as data: nested fragments flattened, columns and identifiers as
 * identifier parts, every other value appended to `params` and referred to by its index.
 */
export const sqlFragment = (fragmentValue: Sql, params: unknown[]): SqlFragment => {
  const parts: SqlPart[] = [];
  const text = (t: string | undefined): void => {
    if (t === undefined || t.length === 0) return;
    const last = parts.at(-1);
    if (last?.kind === "text") parts[parts.length - 1] = { kind: "text", text: last.text + t };
    else parts.push({ kind: "text", text: t });
  };
  const walk = (f: Sql): void => {
    text(f.strings[0]);
    f.values.forEach((value, i) => {
      if (isSql(value)) walk(value);
      else if (isNamedColumn(value)) parts.push({ kind: "identifier", parts: [identifierName(value[COLUMN_NAME])] });
      else if (isIdentifier(value)) parts.push({ kind: "identifier", parts: value.parts.map(identifierName) });
      else parts.push({ kind: "parameter", index: params.push(value) - 1 });
      text(f.strings[i + 1]);
    });
  };
  walk(fragmentValue);
  return { parts };
};

const identifierName = (name: string): string => {
  checkIdentifier(name);
  return name;
};
