// Column types from the names a migration author may write by hand ("varchar(20)",
// "timestamptz", "text[]"): the SQL standard's and PostgreSQL's common spellings.
import { RetortError } from "../errors.js";
import type { ColumnType } from "./types.js";

const SIMPLE: Record<string, ColumnType> = {
  smallint: { kind: "smallint" },
  int2: { kind: "smallint" },
  integer: { kind: "integer" },
  int: { kind: "integer" },
  int4: { kind: "integer" },
  bigint: { kind: "bigint" },
  int8: { kind: "bigint" },
  smallserial: { kind: "smallserial" },
  serial: { kind: "serial" },
  bigserial: { kind: "bigserial" },
  real: { kind: "real" },
  float4: { kind: "real" },
  "double precision": { kind: "double" },
  float8: { kind: "double" },
  boolean: { kind: "boolean" },
  bool: { kind: "boolean" },
  text: { kind: "text" },
  uuid: { kind: "uuid" },
  date: { kind: "date" },
  interval: { kind: "interval" },
  json: { kind: "json" },
  jsonb: { kind: "jsonb" },
  bytea: { kind: "bytea" },
  timestamptz: { kind: "timestamp", withTimezone: true },
  timetz: { kind: "time", withTimezone: true },
};

const unknownType = (text: string) =>
  new RetortError("INVALID_OPERATION", `unknown column type ${JSON.stringify(text)}`, {
    hint: 'Use a type builder such as varchar(20) or integer(), or customType("...") for a type retort does not know.',
  });

/** Reads a type name as a migration author would write it; unknown names are an error. */
export const parseColumnType = (text: string): ColumnType => {
  const normalised = text.trim().toLowerCase().replace(/\s+/g, " ");
  const array = /^(.*?)((?:\s*\[\])+)$/.exec(normalised);
  if (array?.[1] !== undefined && array[2] !== undefined) {
    const dimensions = (array[2].match(/\[\]/g) ?? []).length;
    const element = parseColumnType(array[1]);
    return dimensions === 1 ? { kind: "array", element } : { kind: "array", element, dimensions };
  }
  const simple = SIMPLE[normalised];
  if (simple !== undefined) return simple;
  const sized = /^(varchar|character varying|char|character|numeric|decimal)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(normalised);
  if (sized?.[1] !== undefined) {
    const [, name, a, b] = sized;
    const n = a === undefined ? undefined : Number(a);
    if (name === "numeric" || name === "decimal") {
      if (n === undefined) return { kind: "numeric" };
      return b === undefined ? { kind: "numeric", precision: n } : { kind: "numeric", precision: n, scale: Number(b) };
    }
    if (b !== undefined) throw unknownType(text);
    const kind = name === "varchar" || name === "character varying" ? "varchar" : "char";
    return n === undefined ? { kind } : { kind, length: n };
  }
  const temporal = /^(time|timestamp)\s*(?:\(\s*(\d)\s*\))?(?:\s+(with|without) time zone)?$/.exec(normalised);
  if (temporal?.[1] !== undefined) {
    const kind = temporal[1] as "time" | "timestamp";
    const withTimezone = temporal[3] === "with";
    return temporal[2] === undefined ? { kind, withTimezone } : { kind, withTimezone, precision: Number(temporal[2]) };
  }
  throw unknownType(text);
};
