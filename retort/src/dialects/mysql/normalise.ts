// Models put into the shape MySQL/MariaDB gives them, so that autogenerate compares like
// with like: jsonb is json, serial columns are AUTO_INCREMENT integers, identities are
// never ALWAYS, a named enum is the ENUM(...) type each column carries, the primary key is
// named as the introspector names it, a unique index on plain columns is a unique
// constraint, and CURRENT_TIMESTAMP defaults are spelled as the server prints them.
// Pure: no connection needed.
import { spelledText } from "../../schema/sql-text.js";
import type { Column, ColumnType, DefaultValue, Index, Schema, Table } from "../../schema/types.js";

const enumText = (values: readonly string[]): string => `enum(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(",")})`;

const typeOf = (type: ColumnType, enums: Map<string, readonly string[]>): ColumnType => {
  switch (type.kind) {
    case "jsonb":
      return { kind: "json" };
    case "smallserial":
      return { kind: "smallint" };
    case "serial":
      return { kind: "integer" };
    case "bigserial":
      return { kind: "bigint" };
    case "char":
      return type.length === 36 ? { kind: "uuid" } : type.length === 1 ? { kind: "char" } : type;
    case "numeric":
      return type.scale === 0 ? { kind: "numeric", ...(type.precision === undefined ? {} : { precision: type.precision }) } : type;
    case "time":
    case "timestamp":
      return type.precision === 6 ? { kind: type.kind, withTimezone: type.withTimezone } : type;
    case "enum": {
      const values = enums.get(type.name);
      return values === undefined ? type : { kind: "custom", sql: enumText(values) };
    }
    default:
      return type;
  }
};

const defaultOf = (value: DefaultValue, type: ColumnType): DefaultValue => {
  // MariaDB prints a DECIMAL default with the column's scale: 0.7 in DECIMAL(3,2) is 0.70.
  if (value.kind === "literal" && type.kind === "numeric" && (typeof value.value === "number" || typeof value.value === "string") && value.value !== "" && Number.isFinite(Number(value.value)))
    return { kind: "literal", value: type.scale === undefined ? String(value.value) : Number(value.value).toFixed(type.scale) };
  if (value.kind === "literal" && typeof value.value === "boolean" && type.kind !== "boolean") return { kind: "literal", value: value.value ? 1 : 0 };
  if (value.kind === "sql" && /^(now|current_timestamp|localtimestamp)\s*(\(\s*\d*\s*\))?$/i.test(spelledText(value.sql).trim()))
    return { kind: "sql", sql: "current_timestamp(6)" };
  return value;
};

const columnOf = (column: Column, enums: Map<string, readonly string[]>): Column => {
  const serial = ["smallserial", "serial", "bigserial"].includes(column.type.kind);
  const type = typeOf(column.type, enums);
  const { identity: _identity, default: def, ...rest } = column;
  return {
    ...rest,
    type,
    nullable: serial || column.identity !== undefined ? false : column.nullable,
    ...(def === undefined ? {} : { default: defaultOf(def, type) }),
    ...(serial || column.identity !== undefined ? { identity: { always: false } } : {}),
  };
};

const plainUnique = (index: Index): boolean =>
  index.unique && index.where === undefined && index.method === undefined && index.elements.every((e) => e.kind === "column" && e.order === undefined);

/**
 * A check as MariaDB prints it: the table's column names in backticks (outside strings and
 * quoted names), the rest as written.
 */
export const checkAsPrinted = (expression: string, columns: ReadonlySet<string>): string =>
  expression.replace(/'(?:[^'\\]|\\.|'')*'|`(?:[^`]|``)*`|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_$]*/g, (token) =>
    columns.has(token) ? `\`${token}\`` : token,
  );

const tableOf = (table: Table, enums: Map<string, readonly string[]>): Table => {
  const promoted = table.indexes.filter(plainUnique);
  const names = new Set(table.columns.map((c) => c.name));
  return {
    ...table,
    checks: table.checks.map((c) => ({ ...c, expression: checkAsPrinted(spelledText(c.expression), names) })),
    columns: table.columns.map((c) => columnOf(c, enums)),
    ...(table.primaryKey === undefined ? {} : { primaryKey: { ...table.primaryKey, name: `${table.name}_pkey` } }),
    uniques: [
      ...table.uniques.map(({ deferrable: _d, initiallyDeferred: _i, ...u }) => u),
      ...promoted.map((i) => ({ name: i.name, columns: i.elements.map((e) => (e.kind === "column" ? e.name : "")) })),
    ],
    indexes: table.indexes.filter((i) => !plainUnique(i)),
  };
};

export const normaliseModels = (models: Schema): Schema => {
  const enums = new Map(models.enums.map((e) => [e.name, e.values]));
  return { ...models, tables: models.tables.map((t) => tableOf(t, enums)), enums: [] };
};
