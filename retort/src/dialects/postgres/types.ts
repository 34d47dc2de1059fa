// Column types as PostgreSQL spells them in DDL.
import type { ColumnType } from "../../schema/types.js";
import { quoteQualified } from "./quote.js";

const precision = (p: number | undefined): string => (p === undefined ? "" : `(${p})`);

export const columnTypeSql = (type: ColumnType): string => {
  switch (type.kind) {
    case "smallint":
    case "integer":
    case "bigint":
    case "smallserial":
    case "serial":
    case "bigserial":
    case "real":
    case "boolean":
    case "text":
    case "uuid":
    case "date":
    case "interval":
    case "json":
    case "jsonb":
    case "bytea":
      return type.kind;
    case "double":
      return "double precision";
    case "numeric":
      return type.precision === undefined
        ? "numeric"
        : type.scale === undefined
          ? `numeric(${type.precision})`
          : `numeric(${type.precision}, ${type.scale})`;
    case "varchar":
      return type.length === undefined ? "varchar" : `varchar(${type.length})`;
    case "char":
      return type.length === undefined ? "char" : `char(${type.length})`;
    case "time":
    case "timestamp":
      return `${type.kind}${precision(type.precision)}${type.withTimezone ? " with time zone" : ""}`;
    case "array": {
      if (type.element.kind === "array") return columnTypeSql(type.element);
      const dims = "[]".repeat(Math.max(1, type.dimensions ?? 1));
      return `${columnTypeSql(type.element)}${dims}`;
    }
    case "enum":
      return quoteQualified(type.name, type.schema);
    case "custom":
      return type.sql;
  }
};
