// SQL fragments written by users as tagged templates: sql`now()`, sql`lower(${t.email})`.
// A fragment keeps its pieces apart: a schema expression becomes SqlText (text and
// identifier parts), op.execute a SqlFragment that also numbers its bound values. Neither
// is ever joined into text here: only a dialect knows how it quotes a name or writes a
// placeholder (dialects/<name>/fragment.ts).
import { RetortError } from "../errors.js";
import type { SqlFragment, SqlPart, SqlText } from "./types.js";

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

const checkIdentifier = (name: string): void => {
  if (name.length === 0 || name.includes("\0")) {
    throw new RetortError("INVALID_SCHEMA", `invalid identifier ${JSON.stringify(name)} in an SQL expression`, {
      hint: "Identifiers must be non-empty and free of NUL characters.",
    });
  }
};

/** Whether an expression holds no SQL at all (a fragment always names an identifier). */
export const isBlankText = (text: unknown): boolean => typeof text !== "object" && (typeof text !== "string" || text.trim() === "");

const describe = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : typeof value);

// The one walk over a fragment: nested fragments flattened, adjacent text joined, columns
// and identifiers as identifier parts; `value` decides what any other embedded value is.
const partsOf = (fragmentValue: Sql, value: (v: unknown) => SqlPart): SqlPart[] => {
  const parts: SqlPart[] = [];
  const text = (t: string | undefined): void => {
    if (t === undefined || t.length === 0) return;
    const last = parts.at(-1);
    if (last?.kind === "text") parts[parts.length - 1] = { kind: "text", text: last.text + t };
    else parts.push({ kind: "text", text: t });
  };
  const walk = (f: Sql): void => {
    text(f.strings[0]);
    f.values.forEach((v, i) => {
      if (isSql(v)) walk(v);
      else if (isNamedColumn(v)) parts.push({ kind: "identifier", parts: [identifierName(v[COLUMN_NAME])] });
      else if (isIdentifier(v)) parts.push({ kind: "identifier", parts: v.parts.map(identifierName) });
      else parts.push(value(v));
      text(f.strings[i + 1]);
    });
  };
  walk(fragmentValue);
  return parts;
};

/**
 * A schema expression (a default, check, index expression or predicate, generated column,
 * view query, routine body, trigger condition, policy) as data: identifier parts for the
 * dialect to spell. Text with no identifier in it is the same in every dialect, so it
 * stays the plain string written. Embedded values are refused: a schema expression is
 * compared and rendered, never bound.
 */
export const schemaSqlText = (fragmentValue: Sql, context = "an SQL expression"): SqlText => {
  const parts = partsOf(fragmentValue, (v) => {
    throw new RetortError("INVALID_SCHEMA", `${context} embeds a value (${describe(v)}); a schema expression can only embed columns and sql fragments`, {
      hint: "Write constants into the SQL text itself, e.g. sql`status <> 'failed'`.",
    });
  });
  if (parts.every((p) => p.kind === "text")) return parts.map((p) => (p.kind === "text" ? p.text : "")).join("");
  return Object.freeze({ parts: Object.freeze(parts) });
};

/**
 * A fragment for op.execute as data: like a schema expression, but every other value is
 * appended to `params` and referred to by its index.
 */
export const sqlFragment = (fragmentValue: Sql, params: unknown[]): SqlFragment => ({
  parts: partsOf(fragmentValue, (v) => ({ kind: "parameter", index: params.push(v) - 1 })),
});

const identifierName = (name: string): string => {
  checkIdentifier(name);
  return name;
};
