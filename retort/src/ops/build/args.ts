// What every operation builder shares: the argument checks (each failure an
// INVALID_OPERATION with a hint), the small shapers that turn optional arguments into
// optional fields, and `builder`, which makes a builder's ops immutable and reports a
// model mistake inside an operation as an operation argument mistake.
import { RetortError } from "../../errors.js";
import { isColumnBuilder, toDefault, type ColumnBuilder } from "../../schema/column.js";
import { constraintName, type ConstraintKind, type NamingConvention } from "../../schema/naming.js";
import { isBlankText, isSql, schemaSqlText, type Sql } from "../../schema/sql.js";
import { isTableModel, tableDefinition, type TableModel } from "../../schema/table.js";
import { parseColumnType } from "../../schema/type-names.js";
import type { ColumnType, DefaultValue, SqlText } from "../../schema/types.js";
import type { Op, TableRef } from "../types.js";

/** A table by name, or a model table (its name and schema are used). */
export type TableArg = string | TableModel;

export interface SchemaOption {
  readonly schema?: string;
}

export const invalid = (message: string, hint: string): RetortError => new RetortError("INVALID_OPERATION", message, { hint });

export const requireName = (value: unknown, what: string): string => {
  if (typeof value !== "string" || value.length === 0) throw invalid(`${what} must be a non-empty string`, `Pass ${what} as a string.`);
  return value;
};

export const nonEmptyNames = (value: readonly string[] | undefined, what: string): readonly string[] => {
  if (!Array.isArray(value) || value.length === 0) throw invalid(`${what} has an empty column list`, "Name at least one column.");
  value.forEach((v, i) => requireName(v, `column ${i + 1} of ${what}`));
  return Object.freeze([...value]);
};

/** `{ schema }` when a schema is given, `{}` when the search path decides. */
export const schemaField = (schema: string | undefined): { readonly schema?: string } => (schema === undefined ? {} : { schema });

/** `{ key: true }` for each named option set to true; a false or missing flag leaves no field. */
export const flags = <K extends string>(options: { readonly [P in K]?: boolean }, ...keys: readonly K[]): { [P in K]?: true } => {
  const out: { [P in K]?: true } = {};
  for (const key of keys) if (options[key] === true) out[key] = true;
  return out;
};

/** The table an operation acts on; a schema given explicitly wins over a model's own. */
export const target = (table: TableArg, schema: string | undefined, what = "the table"): TableRef => {
  if (isTableModel(table)) {
    const t = tableDefinition(table);
    return { table: t.name, ...schemaField(schema ?? t.schema) };
  }
  return { table: requireName(table, what), ...schemaField(schema) };
};

export const textOf = (value: string | Sql, what: string): SqlText => {
  const text = isSql(value) ? schemaSqlText(value, what) : value;
  if (isBlankText(text)) throw invalid(`${what} is empty`, "Give the SQL text.");
  return text;
};

export const typeOf = (value: ColumnBuilder | string, what: string): ColumnType => {
  if (isColumnBuilder(value)) return value.spec.type;
  if (typeof value === "string") return parseColumnType(value);
  throw invalid(`${what} must be a column type builder or a type name`, 'Pass e.g. varchar(200) or "varchar(200)".');
};

export const defaultOf = (value: string | number | boolean | Sql | null, what: string): DefaultValue | null =>
  value === null ? null : toDefault(value, what);

/** A constraint or index name: the one given, else the naming convention's. */
export const nameFor = (
  convention: NamingConvention,
  kind: ConstraintKind,
  given: string | null | undefined,
  table: string,
  columns: readonly string[],
  referred?: { readonly table: string; readonly columns: readonly string[] },
): string => {
  if (given !== null && given !== undefined) return requireName(given, "the constraint's name");
  return constraintName(convention, {
    kind,
    table,
    columns,
    ...(referred === undefined ? {} : { referredTable: referred.table, referredColumns: referred.columns }),
  });
};

/**
 * A finished builder: its ops are frozen through, and a model-building mistake inside it
 * (INVALID_SCHEMA) is reported as the operation argument mistake it is.
 */
export const builder =
  <A>(build: (args: A, convention: NamingConvention) => Op[]) =>
  (args: A, convention: NamingConvention = {}): Op[] => {
    try {
      return build(args, convention).map(deepFreeze);
    } catch (error) {
      throw asOperationError(error);
    }
  };

const asOperationError = (error: unknown): unknown =>
  error instanceof RetortError && error.code === "INVALID_SCHEMA"
    ? new RetortError("INVALID_OPERATION", error.message, { ...(error.hint === undefined ? {} : { hint: error.hint }), cause: error })
    : error;

// Ops are frozen through; the values of rows and parameters are the caller's data and are
// only held, not frozen.
const deepFreeze = <T>(value: T): T => {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return value;
  Object.freeze(value);
  for (const [key, v] of Object.entries(value)) {
    if (key === "rows" && Array.isArray(v)) v.forEach((row: unknown) => Object.freeze(row));
    if (key === "rows" || key === "params") Object.freeze(v);
    else deepFreeze(v);
  }
  return value;
};
