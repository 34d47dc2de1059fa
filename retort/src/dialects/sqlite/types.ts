// Column types in SQLite. SQLite stores values in five classes and picks a column's
// affinity from words in its declared type, so the declared type is written to keep what
// the model meant (it is what introspection reads back) while landing on the right
// affinity: INTEGER/BIGINT integer, TEXT/VARCHAR text, REAL/DOUBLE real, BLOB bytes, and
// NUMERIC for the rest (UUID, JSON, DATE, TIMESTAMP... whose text never looks numeric).
// Types SQLite cannot hold (arrays, enum types) are refused by name.
import { RetortError } from "../../errors.js";
import type { ColumnType } from "../../schema/types.js";

const refused = (what: string, hint: string): RetortError => new RetortError("INVALID_OPERATION", what, { hint });

const sized = (name: string, n: number | undefined): string => (n === undefined ? name : `${name}(${n})`);

/** The declared type for a column; `where` names the column for a refusal. */
export const columnTypeSql = (type: ColumnType, where: string): string => {
  switch (type.kind) {
    case "smallint":
      return "SMALLINT";
    case "integer":
    case "serial":
    case "smallserial":
      return "INTEGER";
    case "bigint":
    case "bigserial":
      return "BIGINT";
    case "real":
      return "REAL";
    case "double":
      return "DOUBLE PRECISION";
    case "numeric":
      return type.precision === undefined ? "NUMERIC" : type.scale === undefined ? `NUMERIC(${type.precision})` : `NUMERIC(${type.precision}, ${type.scale})`;
    case "boolean":
      return "BOOLEAN";
    case "text":
      return "TEXT";
    case "varchar":
      return sized("VARCHAR", type.length);
    case "char":
      return sized("CHAR", type.length);
    case "uuid":
      return "UUID";
    case "date":
      return "DATE";
    case "time":
      return type.withTimezone ? "TIMETZ" : "TIME";
    case "timestamp":
      return type.withTimezone ? "TIMESTAMPTZ" : "TIMESTAMP";
    case "interval":
      return "INTERVAL";
    case "json":
      return "JSON";
    case "jsonb":
      return "JSONB";
    case "bytea":
      return "BLOB";
    case "array":
      throw refused(`SQLite has no array types (${where})`, "Store the list as JSON text in a json column, or in a table of its own.");
    case "enum":
      throw refused(
        `SQLite has no enum types (${where} uses "${type.name}")`,
        "Use a text column with a check constraint listing the values, e.g. check(sql`status in ('a', 'b')`).",
      );
    case "custom":
      if (!/^[A-Za-z_][A-Za-z0-9_ ]*(\(\s*-?\d+\s*(,\s*-?\d+\s*)?\))?$/.test(type.sql.trim()))
        throw refused(`${JSON.stringify(type.sql)} is not a SQLite type name (${where})`, "Write a type name such as TEXT, INTEGER, NUMERIC(10, 2).");
      return type.sql.trim();
  }
};

/** A declared type read back (pragma_table_xinfo's `type`) as the ColumnType it came from. */
export const parseDeclaredType = (declared: string): ColumnType => {
  const text = declared.trim().toUpperCase().replace(/\s+/g, " ");
  const args = /^([A-Z ]+?)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(text);
  const name = args?.[1] ?? text;
  const first = args?.[2] === undefined ? undefined : Number(args[2]);
  const second = args?.[3] === undefined ? undefined : Number(args[3]);
  switch (name) {
    case "SMALLINT":
      return { kind: "smallint" };
    case "INTEGER":
    case "INT":
      return { kind: "integer" };
    case "BIGINT":
      return { kind: "bigint" };
    case "REAL":
      return { kind: "real" };
    case "DOUBLE PRECISION":
    case "DOUBLE":
      return { kind: "double" };
    case "NUMERIC":
    case "DECIMAL":
      return { kind: "numeric", ...(first === undefined ? {} : { precision: first }), ...(second === undefined ? {} : { scale: second }) };
    case "BOOLEAN":
      return { kind: "boolean" };
    case "TEXT":
      return { kind: "text" };
    case "VARCHAR":
      return { kind: "varchar", ...(first === undefined ? {} : { length: first }) };
    case "CHAR":
      return { kind: "char", ...(first === undefined ? {} : { length: first }) };
    case "UUID":
      return { kind: "uuid" };
    case "DATE":
      return { kind: "date" };
    case "TIME":
      return { kind: "time", withTimezone: false };
    case "TIMETZ":
      return { kind: "time", withTimezone: true };
    case "TIMESTAMP":
      return { kind: "timestamp", withTimezone: false };
    case "TIMESTAMPTZ":
      return { kind: "timestamp", withTimezone: true };
    case "INTERVAL":
      return { kind: "interval" };
    case "JSON":
      return { kind: "json" };
    case "JSONB":
      return { kind: "jsonb" };
    case "BLOB":
      return { kind: "bytea" };
    default:
      return { kind: "custom", sql: declared.trim() === "" ? "BLOB" : declared.trim() };
  }
};
