// Column types as MySQL/MariaDB spell them in DDL. PostgreSQL's kinds map to the nearest
// type that keeps the same values: text to LONGTEXT, uuid to CHAR(36), timestamptz to
// TIMESTAMP (an instant, read in the session's UTC), timestamps keep microseconds
// (precision 6, PostgreSQL's default). Kinds MySQL has no type for are refused.
import { RetortError } from "../../errors.js";
import type { ColumnType } from "../../schema/types.js";
import { quoteString } from "./quote.js";

const refuse = (what: string, hint: string): RetortError =>
  new RetortError("UNSUPPORTED_OPERATION", `MySQL/MariaDB has no ${what}`, { hint });

/** Precision of fractional seconds; unset is PostgreSQL's default of microseconds. */
const fraction = (p: number | undefined): string => `(${p ?? 6})`;

/**
 * The DDL type. `enumValues` finds the values of a named enum (MySQL writes them into
 * each column's type); `where` names the column for messages.
 */
export const columnTypeSql = (type: ColumnType, enumValues: (name: string) => readonly string[] | undefined, where: string): string => {
  switch (type.kind) {
    case "smallint":
    case "smallserial":
      return "SMALLINT";
    case "integer":
    case "serial":
      return "INT";
    case "bigint":
    case "bigserial":
      return "BIGINT";
    case "real":
      return "FLOAT";
    case "double":
      return "DOUBLE";
    case "numeric":
      // DECIMAL without precision is DECIMAL(10,0) there; the widest keeps the most values.
      return type.precision === undefined ? "DECIMAL(65,30)" : `DECIMAL(${type.precision},${type.scale ?? 0})`;
    case "boolean":
      return "BOOLEAN";
    case "text":
      return "LONGTEXT";
    case "varchar":
      if (type.length === undefined)
        throw refuse(`VARCHAR without a length (${where})`, "Give the length (varchar(255)), or use text (LONGTEXT).");
      return `VARCHAR(${type.length})`;
    case "char":
      return `CHAR(${type.length ?? 1})`;
    case "uuid":
      return "CHAR(36)";
    case "date":
      return "DATE";
    case "time":
      if (type.withTimezone) throw refuse(`time with time zone (${where})`, "Use time without a zone, or timestamptz.");
      return `TIME${fraction(type.precision)}`;
    case "timestamp":
      return `${type.withTimezone ? "TIMESTAMP" : "DATETIME"}${fraction(type.precision)}`;
    case "interval":
      throw refuse(`interval type (${where})`, "Store the length as a number of seconds (bigint), or as text.");
    case "json":
    case "jsonb":
      return "JSON";
    case "bytea":
      return "LONGBLOB";
    case "array":
      throw refuse(`array types (${where})`, "Store the list as JSON (a json column), or in a table of its own.");
    case "enum": {
      const values = enumValues(type.name);
      if (values === undefined)
        throw new RetortError("UNSUPPORTED_OPERATION", `MySQL/MariaDB has no named enum types: the values of enum "${type.name}" (${where}) are not known here`, {
          hint: `Create the enum with op.createEnum earlier in the same run (MySQL writes its values into each column), or give the column the type t.custom("ENUM('a', 'b')").`,
        });
      return `ENUM(${values.map(quoteString).join(", ")})`;
    }
    case "custom":
      return type.sql;
  }
};
