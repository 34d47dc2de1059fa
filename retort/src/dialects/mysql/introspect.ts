// Reads a live MySQL/MariaDB database (the connection's own, or the databases config
// `schemas` names: tables outside the connection's own carry that database as their schema)
// into a Schema with five information_schema queries, whatever the table count, and maps its types back to the
// model's kinds (LONGTEXT is text, CHAR(36) is uuid, TINYINT(1) is boolean, TIMESTAMP is
// timestamptz, a LONGTEXT with MariaDB's json_valid check is json, an ENUM column keeps
// its ENUM(...) text). Unique keys read as unique constraints (MySQL does not tell a
// UNIQUE constraint from a unique index), and the index MySQL adds for a foreign key is
// not reported. The version table is never part of the result.
import type { Connection } from "../../drivers/types.js";
import type { Column, ColumnType, DefaultValue, ForeignKey, Index, QualifiedName, ReferentialAction, Schema, Table, UniqueConstraint } from "../../schema/types.js";
import type { IntrospectOptions } from "../types.js";
import { excludePredicate } from "../postgres/introspect-exclude.js";
import { checksSql, columnsSql, foreignKeysSql, indexesSql, schemataSql, tablesSql } from "./introspect-queries.js";
import type { Statement } from "../../ops/types.js";

interface TableRow { readonly db: string | null; readonly s: string; readonly name: string; readonly comment: string | null }
interface ColumnRow {
  readonly s: string;
  readonly t: string; readonly name: string; readonly data_type: string; readonly column_type: string; readonly nullable: string;
  readonly def: string | null; readonly extra: string; readonly comment: string | null; readonly gen: string | null;
  readonly dtp: number | string | null;
}
interface IndexRow { readonly s: string; readonly t: string; readonly name: string; readonly non_unique: number | string; readonly col: string | null; readonly coll: string | null; readonly type: string }
interface ForeignKeyRow { readonly s: string; readonly t: string; readonly name: string; readonly col: string; readonly rs: string; readonly rt: string; readonly rc: string; readonly upd: string; readonly del: string }
interface CheckRow { readonly s: string; readonly t: string; readonly name: string; readonly clause: string }

/** A table's key across databases. */
const tableKey = (schema: string, table: string): string => `${schema}\u0000${table}`;

const groupBy = <R extends { readonly s: string; readonly t: string }>(rows: readonly R[]): Map<string, R[]> => {
  const out = new Map<string, R[]>();
  for (const row of rows) {
    const key = tableKey(row.s, row.t);
    const list = out.get(key);
    if (list === undefined) out.set(key, [row]);
    else list.push(row);
  }
  return out;
};

/** Fractional-second precision: 6 is the model's default (unset). */
const precisionOf = (value: number | string | null): number | undefined => {
  const n = value === null ? 6 : Number(value);
  return n === 6 ? undefined : n;
};

const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));

/** The model's type for a column as information_schema spells it. */
export const typeFromColumn = (row: Pick<ColumnRow, "data_type" | "column_type" | "dtp">, json: boolean): ColumnType => {
  const full = row.column_type.toLowerCase();
  const args = /\(([^)]*)\)/.exec(full)?.[1]?.split(",").map((s) => s.trim());
  if (full.includes("unsigned") || full.includes("zerofill")) return { kind: "custom", sql: row.column_type };
  switch (row.data_type.toLowerCase()) {
    case "tinyint":
      return full === "tinyint(1)" ? { kind: "boolean" } : { kind: "custom", sql: row.column_type };
    case "smallint":
      return { kind: "smallint" };
    case "int":
      return { kind: "integer" };
    case "bigint":
      return { kind: "bigint" };
    case "float":
      return { kind: "real" };
    case "double":
      return { kind: "double" };
    case "decimal": {
      const precision = number(args?.[0]);
      const scale = number(args?.[1]);
      if (precision === 65 && scale === 30) return { kind: "numeric" };
      return { kind: "numeric", ...(precision === undefined ? {} : { precision }), ...(scale === undefined || scale === 0 ? {} : { scale }) };
    }
    case "longtext":
      return json ? { kind: "json" } : { kind: "text" };
    case "json":
      return { kind: "json" };
    case "varchar":
      return { kind: "varchar", length: Number(args?.[0]) };
    case "char": {
      const length = Number(args?.[0] ?? 1);
      return length === 36 ? { kind: "uuid" } : { kind: "char", ...(length === 1 ? {} : { length }) };
    }
    case "date":
      return { kind: "date" };
    case "time":
      return { kind: "time", withTimezone: false, ...optionalPrecision(row.dtp) };
    case "datetime":
      return { kind: "timestamp", withTimezone: false, ...optionalPrecision(row.dtp) };
    case "timestamp":
      return { kind: "timestamp", withTimezone: true, ...optionalPrecision(row.dtp) };
    case "longblob":
      return { kind: "bytea" };
    default:
      return { kind: "custom", sql: row.column_type };
  }
};

const optionalPrecision = (dtp: number | string | null): { precision?: number } => {
  const p = precisionOf(dtp);
  return p === undefined ? {} : { precision: p };
};

/** A string literal as MariaDB prints it in COLUMN_DEFAULT ('it''s'), unescaped. */
const unquote = (text: string): string =>
  text.slice(1, -1).replace(/''|\\(.)/g, (match, escaped: string | undefined) => {
    if (escaped === undefined) return "'";
    return ({ "0": "\0", n: "\n", r: "\r", Z: "\x1a", t: "\t" } as Record<string, string>)[escaped] ?? escaped;
  });

/** COLUMN_DEFAULT as a model default: NULL is none, quoted text and numbers are literals. */
export const defaultFromColumn = (text: string | null, type: ColumnType): DefaultValue | undefined => {
  if (text === null || text === "NULL") return undefined;
  if (/^'.*'$/s.test(text)) return { kind: "literal", value: unquote(text) };
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    if (type.kind === "boolean") return { kind: "literal", value: text !== "0" };
    // A DECIMAL keeps its digits as written (0.70), as the model's string does.
    if (type.kind === "numeric") return { kind: "literal", value: text };
    return { kind: "literal", value: Number(text) };
  }
  return { kind: "sql", sql: text };
};

const RULES: Record<string, ReferentialAction> = {
  "NO ACTION": "no action",
  RESTRICT: "restrict",
  CASCADE: "cascade",
  "SET NULL": "set null",
  "SET DEFAULT": "set default",
};

// InnoDB reports both as the server's default; the model leaves them out.
const ruleOf = (rule: string): ReferentialAction | undefined => {
  const value = RULES[rule.toUpperCase()];
  return value === "restrict" || value === "no action" ? undefined : value;
};

const isJsonCheck = (check: CheckRow, column: string): boolean =>
  check.name === column && check.clause.replace(/\s+/g, "").toLowerCase() === `json_valid(\`${column.replaceAll("`", "``")}\`)`.toLowerCase();

export const introspectMysql = async (connection: Connection, options: IntrospectOptions): Promise<Schema> => {
  const schemas = options.schemas !== undefined && options.schemas.length > 0 ? options.schemas : undefined;
  const ask = <R>(statement: Statement) => connection.query<R>(statement.sql, statement.params);
  const [present, tables, columns, indexes, foreignKeys, checks] = await Promise.all([
    schemas === undefined ? Promise.resolve(undefined) : ask<{ name: string }>(schemataSql(schemas)),
    ask<TableRow>(tablesSql(schemas)),
    ask<ColumnRow>(columnsSql(schemas)),
    ask<IndexRow>(indexesSql(schemas)),
    ask<ForeignKeyRow>(foreignKeysSql(schemas)),
    ask<CheckRow>(checksSql(schemas)),
  ]);
  // The connection's own database is the default schema: its tables carry no schema. (Read
  // with the tables: without any there is nothing it could name.)
  const own = tables.rows[0]?.db ?? "";
  const refOf = (schema: string, name: string): QualifiedName => (schema === own ? { name } : { schema, name });
  const excluded = excludePredicate(options.exclude, own);
  const version = options.versionTable;
  const versionSchema = version.schema ?? own;
  const columnsBy = groupBy(columns.rows);
  const indexesBy = groupBy(indexes.rows);
  const foreignKeysBy = groupBy(foreignKeys.rows);
  const checksBy = groupBy(checks.rows);
  const out: Table[] = [];
  for (const row of tables.rows) {
    const ref = refOf(row.s, row.name);
    const key = tableKey(row.s, row.name);
    // retort's own tables (the version table, the applied-migration log) are never part of it.
    if (row.s === versionSchema && (row.name === version.name || (options.logTable !== undefined && row.name === options.logTable))) continue;
    if (excluded(ref)) continue;
    const tableChecks = checksBy.get(key) ?? [];
    const jsonColumns = new Set<string>();
    const tableColumns: Column[] = (columnsBy.get(key) ?? []).map((c) => {
      const json = tableChecks.some((check) => isJsonCheck(check, c.name));
      if (json) jsonColumns.add(c.name);
      const type = typeFromColumn(c, json);
      const autoIncrement = /auto_increment/i.test(c.extra);
      const generated = c.gen !== null && c.gen !== "" && /generated|persistent|stored|virtual/i.test(c.extra);
      const def = generated || autoIncrement ? undefined : defaultFromColumn(c.def, type);
      return {
        name: c.name,
        type,
        nullable: c.nullable === "YES",
        ...(def === undefined ? {} : { default: def }),
        ...(autoIncrement ? { identity: { always: false } } : {}),
        ...(generated ? { generated: { sql: c.gen as string } } : {}),
        ...(c.comment === null || c.comment === "" ? {} : { comment: c.comment }),
      };
    });
    const fks: ForeignKey[] = [];
    for (const [name, parts] of groupRows(foreignKeysBy.get(key) ?? [])) {
      const first = parts[0] as ForeignKeyRow;
      const onDelete = ruleOf(first.del);
      const onUpdate = ruleOf(first.upd);
      fks.push({
        name,
        columns: parts.map((p) => p.col),
        references: { ...(first.rs === own ? {} : { schema: first.rs }), table: first.rt, columns: parts.map((p) => p.rc) },
        ...(onDelete === undefined ? {} : { onDelete }),
        ...(onUpdate === undefined ? {} : { onUpdate }),
      });
    }
    const fkNames = new Set(fks.map((fk) => fk.name));
    let primaryKey: Table["primaryKey"];
    const uniques: UniqueConstraint[] = [];
    const tableIndexes: Index[] = [];
    for (const [name, parts] of groupRows(indexesBy.get(key) ?? [])) {
      const cols = parts.map((p) => p.col ?? "");
      const unique = Number(parts[0]?.non_unique) === 0;
      if (name === "PRIMARY") {
        primaryKey = { name: `${row.name}_pkey`, columns: cols };
        continue;
      }
      // The key MySQL adds for a foreign key carries its name.
      if (!unique && fkNames.has(name)) continue;
      const plain = parts.every((p) => p.coll !== "D");
      if (unique && plain && parts[0]?.type === "BTREE") {
        uniques.push({ name, columns: cols });
        continue;
      }
      const method = parts[0]?.type === "HASH" ? { method: "hash" } : {};
      tableIndexes.push({
        name,
        unique,
        elements: parts.map((p) => ({ kind: "column" as const, name: p.col ?? "", ...(p.coll === "D" ? { order: "desc" as const } : {}) })),
        ...method,
      });
    }
    out.push({
      ...ref,
      columns: tableColumns,
      ...(primaryKey === undefined ? {} : { primaryKey }),
      uniques,
      checks: tableChecks.filter((c) => !jsonColumns.has(c.name)).map((c) => ({ name: c.name, expression: c.clause })),
      foreignKeys: fks,
      indexes: tableIndexes,
      ...(row.comment === null || row.comment === "" ? {} : { comment: row.comment }),
    });
  }
  // As on PostgreSQL: with `schemas` configured, the ones that exist (a missing one is created first).
  return { tables: out, enums: [], ...(present === undefined ? {} : { schemas: present.rows.map((r) => r.name) }) };
};

/** Rows of one table grouped by constraint or index name, in the query's order. */
const groupRows = <R extends { readonly name: string }>(rows: readonly R[]): Map<string, R[]> => {
  const out = new Map<string, R[]>();
  for (const row of rows) {
    const list = out.get(row.name);
    if (list === undefined) out.set(row.name, [row]);
    else list.push(row);
  }
  return out;
};
