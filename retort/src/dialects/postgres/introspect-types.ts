// Reading a column's type and default back from the catalog into Schema terms. The rules
// here decide what "the same schema" means after a round trip, so they are kept apart
// and shared by introspection and by the server-side normalisation of model schemas.
import type { ColumnType, DefaultValue } from "../../schema/types.js";

export interface TypeRow {
  readonly type_name: string;
  readonly type_type: string;
  readonly type_schema: string;
  /** format_type's text; null for the built-ins the query leaves to BUILTIN_NAMES. */
  readonly formatted: string | null;
  readonly typmod: number;
  readonly dims: number;
  readonly elem_name: string | null;
  readonly elem_type: string | null;
  readonly elem_schema: string | null;
  readonly elem_formatted: string | null;
}

/** format_type's spelling of the built-ins the column query does not format, without modifiers. */
const BUILTIN_NAMES: Readonly<Record<string, string>> = {
  int2: "smallint",
  int4: "integer",
  int8: "bigint",
  numeric: "numeric",
  float4: "real",
  float8: "double precision",
  bool: "boolean",
  text: "text",
  varchar: "character varying",
  bpchar: "character",
  uuid: "uuid",
  date: "date",
  time: "time without time zone",
  timetz: "time with time zone",
  timestamp: "timestamp without time zone",
  timestamptz: "timestamp with time zone",
  json: "json",
  jsonb: "jsonb",
  bytea: "bytea",
};

/** The column's type as format_type spells it, type modifiers left out. */
export const typeSpelling = (row: TypeRow): string => {
  if (row.formatted !== null) return row.formatted;
  if (row.elem_name !== null) return `${row.elem_formatted ?? BUILTIN_NAMES[row.elem_name] ?? row.elem_name}[]`;
  return BUILTIN_NAMES[row.type_name] ?? row.type_name;
};

const withPrecision = (typmod: number): { precision?: number } => (typmod >= 0 ? { precision: typmod } : {});

/** A base (non-array) type from its catalog name, its type modifier and format_type text. */
const baseType = (name: string, typtype: string, schema: string, typmod: number, formatted: string | null, defaultSchema: string): ColumnType => {
  if (typtype === "e") return schema === defaultSchema ? { kind: "enum", name } : { kind: "enum", name, schema };
  if (schema !== "pg_catalog") return { kind: "custom", sql: formatted ?? name };
  switch (name) {
    case "int2":
      return { kind: "smallint" };
    case "int4":
      return { kind: "integer" };
    case "int8":
      return { kind: "bigint" };
    case "numeric": {
      if (typmod < 4) return { kind: "numeric" };
      const precision = ((typmod - 4) >> 16) & 0xffff;
      // The scale is an 11-bit signed field since PostgreSQL 15 (negative scales).
      let scale = (typmod - 4) & 0x7ff;
      if (scale > 1023) scale -= 2048;
      return { kind: "numeric", precision, scale };
    }
    case "float4":
      return { kind: "real" };
    case "float8":
      return { kind: "double" };
    case "bool":
      return { kind: "boolean" };
    case "text":
      return { kind: "text" };
    case "varchar":
      return typmod >= 4 ? { kind: "varchar", length: typmod - 4 } : { kind: "varchar" };
    case "bpchar":
      return typmod >= 4 ? { kind: "char", length: typmod - 4 } : { kind: "char" };
    case "uuid":
      return { kind: "uuid" };
    case "date":
      return { kind: "date" };
    case "time":
      return { kind: "time", withTimezone: false, ...withPrecision(typmod) };
    case "timetz":
      return { kind: "time", withTimezone: true, ...withPrecision(typmod) };
    case "timestamp":
      return { kind: "timestamp", withTimezone: false, ...withPrecision(typmod) };
    case "timestamptz":
      return { kind: "timestamp", withTimezone: true, ...withPrecision(typmod) };
    case "interval":
      // Interval fields and precision have no place in ColumnType: keep them verbatim.
      return typmod < 0 ? { kind: "interval" } : { kind: "custom", sql: formatted ?? name };
    case "json":
      return { kind: "json" };
    case "jsonb":
      return { kind: "jsonb" };
    case "bytea":
      return { kind: "bytea" };
    default:
      return { kind: "custom", sql: formatted ?? name };
  }
};

export const columnType = (row: TypeRow, defaultSchema: string): ColumnType => {
  if (row.elem_name !== null && row.elem_type !== null && row.elem_schema !== null) {
    const element = baseType(row.elem_name, row.elem_type, row.elem_schema, row.typmod, row.elem_formatted, defaultSchema);
    // attndims is only what the declaration said; PostgreSQL does not enforce it.
    return row.dims > 1 ? { kind: "array", element, dimensions: row.dims } : { kind: "array", element };
  }
  return baseType(row.type_name, row.type_type, row.type_schema, row.typmod, row.formatted, defaultSchema);
};

/** A serial type for an integer column whose default draws from the sequence it owns. */
export const serialType = (type: ColumnType, defaultSql: string | null, ownedSequence: string | null): ColumnType | undefined => {
  if (defaultSql === null || ownedSequence === null) return undefined;
  const match = /^nextval\('(.+)'::regclass\)$/.exec(defaultSql);
  if (match === null || match[1]?.replaceAll("''", "'") !== ownedSequence) return undefined;
  if (type.kind === "smallint") return { kind: "smallserial" };
  if (type.kind === "integer") return { kind: "serial" };
  if (type.kind === "bigint") return { kind: "bigserial" };
  return undefined;
};

const NUMERIC_KINDS = new Set(["smallint", "integer", "bigint", "numeric", "real", "double"]);

const numberLiteral = (text: string): number | undefined => {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && String(value) === text ? value : undefined;
};

// A string cast to any of these is the same string to a column of any of them: after a
// varchar -> text change the catalog keeps printing the old default as ::character varying.
const STRING_CASTS = new Set(["text", "character varying", "character", "bpchar"]);
const STRING_KINDS = new Set(["text", "varchar", "char"]);

/** The type name PostgreSQL writes in a cast, without type modifiers. */
const castName = (formatted: string): string => formatted.replace(/\([^)]*\)/g, "").replace(/\s+/g, " ").trim();

/**
 * A default as the server prints it, read back as a literal when it is one: a quoted
 * string cast to the column's own type, a number, or a boolean. Anything else (function
 * calls, casts to other types, arithmetic) stays SQL text.
 */
export const parseDefault = (text: string, type: ColumnType, formatted: string): DefaultValue => {
  if (text === "true" || text === "false") return { kind: "literal", value: text === "true" };
  const bare = numberLiteral(text);
  if (bare !== undefined && NUMERIC_KINDS.has(type.kind)) return { kind: "literal", value: bare };
  const quoted = /^'((?:[^']|'')*)'::(.+)$/s.exec(text);
  const sameCast = (cast: string): boolean =>
    castName(cast) === castName(formatted) || (STRING_KINDS.has(type.kind) && STRING_CASTS.has(castName(cast)));
  if (quoted !== null && quoted[1] !== undefined && quoted[2] !== undefined && sameCast(quoted[2])) {
    const value = quoted[1].replaceAll("''", "'");
    if (NUMERIC_KINDS.has(type.kind)) {
      const number = numberLiteral(value);
      return number === undefined ? { kind: "sql", sql: text } : { kind: "literal", value: number };
    }
    if (type.kind === "boolean") return { kind: "sql", sql: text };
    return { kind: "literal", value };
  }
  return { kind: "sql", sql: text };
};

/** Strips one pair of parentheses that encloses the whole expression, as the server adds. */
export const unwrapParens = (text: string): string => {
  let current = text.trim();
  for (;;) {
    if (!current.startsWith("(") || !current.endsWith(")")) return current;
    let depth = 0;
    let quote: string | undefined;
    for (let i = 0; i < current.length; i++) {
      const ch = current[i];
      if (quote !== undefined) {
        if (ch === quote) quote = undefined;
        continue;
      }
      if (ch === "'" || ch === '"') quote = ch;
      else if (ch === "(") depth++;
      else if (ch === ")") {
        depth--;
        if (depth === 0 && i < current.length - 1) return current;
      }
    }
    current = current.slice(1, -1).trim();
  }
};

/** A CHECK constraint's definition without CHECK ( ) and NOT VALID / NO INHERIT markers. */
export const checkExpression = (definition: string): string => {
  const body = definition.replace(/\s+NOT VALID$/, "").replace(/\s+NO INHERIT$/, "");
  const inner = /^CHECK\s*(\(.*\))$/s.exec(body);
  return unwrapParens(inner?.[1] ?? body);
};
