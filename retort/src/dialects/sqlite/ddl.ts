// The pieces of SQLite DDL that createTable, addColumn and a rebuild share: a column's
// definition, the table constraints, CREATE TABLE and CREATE INDEX. Identifiers go through
// quote.ts; defaults are literals or parenthesised expressions (SQLite's rule for DEFAULT).
import { RetortError } from "../../errors.js";
import type { CheckConstraint, Column, DefaultValue, ForeignKey, Index, IndexElement, ReferentialAction, SqlText, Table, UniqueConstraint } from "../../schema/types.js";
import { sqlTextOf } from "./fragment.js";
import { ddlLiteral } from "./literal.js";
import { quoteIdent, quoteQualified } from "./quote.js";
import { columnTypeSql } from "./types.js";

export const refuse = (what: string, hint: string): RetortError => new RetortError("INVALID_OPERATION", what, { hint });

export const columnList = (columns: readonly string[]): string => `(${columns.map(quoteIdent).join(", ")})`;

const expression = (value: SqlText, what: string): string => {
  const text = sqlTextOf(value);
  if (text.trim().length === 0) throw refuse(`${what} is empty`, "Give the SQL expression.");
  return text;
};

export const defaultSql = (value: DefaultValue): string =>
  value.kind === "sql" ? `(${expression(value.sql, "a default expression")})` : ddlLiteral(value.value);

const AUTO_KINDS = new Set(["serial", "smallserial", "bigserial"]);

/** Counting columns (identity, serial) exist in SQLite only as the rowid: an INTEGER primary key alone. */
const isCounting = (column: Column): boolean => column.identity !== undefined || AUTO_KINDS.has(column.type.kind);

export const columnDefinition = (column: Column, table: string, primaryKey?: readonly string[]): string => {
  const where = `column "${table}.${column.name}"`;
  let type = columnTypeSql(column.type, where);
  if (isCounting(column)) {
    if (primaryKey === undefined || primaryKey.length !== 1 || primaryKey[0] !== column.name)
      throw refuse(
        `SQLite counts only an INTEGER primary key of its own (${where} is an identity or serial column that is not the table's one-column primary key)`,
        "Make the column the table's whole primary key, or use a plain integer column.",
      );
    if (column.default !== undefined) throw refuse(`${where} is an identity column and also has a default`, "Keep only one way of filling the column in.");
    // Exactly INTEGER: only then is the column the rowid, which SQLite fills in.
    type = "INTEGER";
  }
  const parts = [quoteIdent(column.name), type];
  if (column.generated !== undefined)
    parts.push(`GENERATED ALWAYS AS (${expression(column.generated.sql, `the expression of generated ${where}`)}) STORED`);
  if (column.default !== undefined) parts.push(`DEFAULT ${defaultSql(column.default)}`);
  if (!column.nullable) parts.push("NOT NULL");
  return parts.join(" ");
};

const action = (what: "DELETE" | "UPDATE", value: ReferentialAction | undefined): string => {
  if (value === undefined) return "";
  const allowed: readonly ReferentialAction[] = ["no action", "restrict", "cascade", "set null", "set default"];
  if (!allowed.includes(value)) throw refuse(`ON ${what} ${JSON.stringify(value)} is not a referential action`, `Use one of ${allowed.join(", ")}.`);
  return ` ON ${what} ${value.toUpperCase()}`;
};

export const uniqueClause = (u: UniqueConstraint): string => {
  if (u.deferrable === true) throw refuse(`SQLite has no deferrable unique constraints ("${u.name}")`, "Drop deferrable from the constraint.");
  return `CONSTRAINT ${quoteIdent(u.name)} UNIQUE ${columnList(u.columns)}`;
};

export const checkClause = (c: CheckConstraint): string =>
  `CONSTRAINT ${quoteIdent(c.name)} CHECK (${expression(c.expression, `check constraint "${c.name}"`)})`;

export const foreignKeyClause = (fk: ForeignKey): string => {
  if (fk.references.schema !== undefined && fk.references.schema !== "main")
    throw refuse(`SQLite foreign keys cannot reference another database ("${fk.name}" references ${fk.references.schema}.${fk.references.table})`, "Reference a table of the same database.");
  const deferrable = fk.deferrable === true ? (fk.initiallyDeferred === true ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE INITIALLY IMMEDIATE") : "";
  return `CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY ${columnList(fk.columns)} REFERENCES ${quoteIdent(fk.references.table)} ${columnList(fk.references.columns)}${action("DELETE", fk.onDelete)}${action("UPDATE", fk.onUpdate)}${deferrable}`;
};

/** CREATE TABLE for a whole definition (its indexes are separate statements). */
export const createTableSql = (t: Omit<Table, "indexes">, name: string = quoteQualified(t.name, t.schema), ifNotExists = false): string => {
  const lines = t.columns.map((c) => columnDefinition(c, t.name, t.primaryKey?.columns));
  if (t.primaryKey !== undefined) lines.push(`CONSTRAINT ${quoteIdent(t.primaryKey.name)} PRIMARY KEY ${columnList(t.primaryKey.columns)}`);
  lines.push(...t.uniques.map(uniqueClause), ...t.checks.map(checkClause), ...t.foreignKeys.map(foreignKeyClause));
  return `CREATE TABLE ${ifNotExists ? "IF NOT EXISTS " : ""}${name} (\n  ${lines.join(",\n  ")}\n)`;
};

const indexElement = (element: IndexElement, index: string): string => {
  if (element.kind === "expression") return `(${expression(element.sql, "an index expression")})`;
  if (element.opclass !== undefined) throw refuse(`SQLite has no operator classes (index "${index}" uses ${element.opclass})`, "Remove the operator class.");
  if (element.nulls !== undefined) throw refuse(`SQLite indexes take no NULLS FIRST/LAST (index "${index}")`, "Remove nulls from the index column; SQLite sorts NULLs first.");
  return `${quoteIdent(element.name)}${element.order === "desc" ? " DESC" : element.order === "asc" ? " ASC" : ""}`;
};

export const createIndexSql = (index: Index, table: string, schema?: string, ifNotExists = false): string => {
  if (index.method !== undefined && index.method !== "btree")
    throw refuse(`SQLite has only b-tree indexes (index "${index.name}" asks for ${index.method})`, "Remove the method, or leave this index to PostgreSQL.");
  if (index.include !== undefined && index.include.length > 0)
    throw refuse(`SQLite indexes have no INCLUDE columns (index "${index.name}")`, "Add the columns to the index itself, or drop include.");
  let sql = `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${ifNotExists ? "IF NOT EXISTS " : ""}${quoteQualified(index.name, schema)} ON ${quoteIdent(table)} (${index.elements.map((e) => indexElement(e, index.name)).join(", ")})`;
  if (index.where !== undefined) sql += ` WHERE ${expression(index.where, `the WHERE clause of index "${index.name}"`)}`;
  return sql;
};
