// A live SQLite database as a Schema, in four queries whatever the table count:
// sqlite_schema for the objects and their CREATE text, and one join each against the
// table-valued pragmas pragma_table_xinfo, pragma_index_list/pragma_index_xinfo and
// pragma_foreign_key_list. Names of constraints, check and generated expressions and
// index expressions come from the CREATE text (parse-ddl.ts).
import type { Connection } from "../../drivers/types.js";
import type { CheckConstraint, Column, DefaultValue, ForeignKey, Index, ReferentialAction, Schema, Table, UniqueConstraint } from "../../schema/types.js";
import { excludePredicate } from "../postgres/introspect-exclude.js";
import type { IntrospectOptions } from "../types.js";
import { batchTempName } from "./batch.js";
import { generatedExpression, parseCreateIndex, parseCreateTable, type ParsedConstraint } from "./parse-ddl.js";
import { parseDeclaredType } from "./types.js";

const OBJECTS_SQL =
  "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name";
const TABLES = "FROM sqlite_schema m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
const COLUMNS_SQL = `SELECT m.name AS tbl, c.cid, c.name, c.type, c."notnull" AS not_null, c.dflt_value, c.pk, c.hidden ${TABLES.replace("FROM sqlite_schema m", "FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) c")} ORDER BY m.name, c.cid`;
const INDEXES_SQL = `SELECT m.name AS tbl, il.name AS index_name, il."unique" AS is_unique, il.origin, ii.seqno, ii.name AS col ${TABLES.replace(
  "FROM sqlite_schema m",
  "FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii",
)} ORDER BY m.name, il.name, ii.seqno`;
const FOREIGN_KEYS_SQL = `SELECT m.name AS tbl, f.id, f.seq, f."table" AS ref, f."from" AS col, f."to" AS ref_col, f.on_update, f.on_delete ${TABLES.replace(
  "FROM sqlite_schema m",
  "FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f",
)} ORDER BY m.name, f.id, f.seq`;

interface ObjectRow { type: string; name: string; tbl_name: string; sql: string | null }
interface ColumnRow { tbl: string; cid: number; name: string; type: string; not_null: number; dflt_value: string | null; pk: number; hidden: number }
interface IndexRow { tbl: string; index_name: string; is_unique: number; origin: string; seqno: number; col: string | null }
interface ForeignKeyRow { tbl: string; id: number; seq: number; ref: string; col: string; ref_col: string | null; on_update: string; on_delete: string }

/** A default as pragma_table_xinfo prints it: a literal, or an expression (outer parentheses dropped). */
export const parseDefault = (text: string): DefaultValue => {
  const t = text.trim();
  if (/^'(?:[^']|'')*'$/.test(t)) return { kind: "literal", value: t.slice(1, -1).replaceAll("''", "'") };
  if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t)) return { kind: "literal", value: Number(t) };
  const negative = /^\((-\d+(\.\d+)?)\)$/.exec(t);
  if (negative?.[1] !== undefined) return { kind: "literal", value: Number(negative[1]) };
  if (/^null$/i.test(t)) return { kind: "literal", value: null };
  if (t.startsWith("(") && t.endsWith(")")) return { kind: "sql", sql: t.slice(1, -1).trim() };
  return { kind: "sql", sql: t };
};

const ACTIONS: Record<string, ReferentialAction | undefined> = {
  CASCADE: "cascade",
  "SET NULL": "set null",
  "SET DEFAULT": "set default",
  RESTRICT: "restrict",
  "NO ACTION": undefined,
};

const sameColumns = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

const group = <T extends { tbl: string }>(rows: readonly T[]): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const row of rows) out.set(row.tbl, [...(out.get(row.tbl) ?? []), row]);
  return out;
};

export interface SqliteCatalogRead {
  readonly schema: Schema;
  /** CREATE TRIGGER texts by table. */
  readonly triggers: Map<string, string[]>;
}

export const readCatalog = async (connection: Connection, options: IntrospectOptions): Promise<SqliteCatalogRead> => {
  const objects = (await connection.query<ObjectRow>(OBJECTS_SQL)).rows;
  const columns = group((await connection.query<ColumnRow>(COLUMNS_SQL)).rows);
  const indexes = group((await connection.query<IndexRow>(INDEXES_SQL)).rows);
  const foreignKeys = group((await connection.query<ForeignKeyRow>(FOREIGN_KEYS_SQL)).rows);
  const excluded = excludePredicate(options.exclude, "main");
  const indexSql = new Map(objects.filter((o) => o.type === "index" && o.sql !== null).map((o) => [o.name, o.sql as string]));
  const triggers = new Map<string, string[]>();
  for (const o of objects) if (o.type === "trigger" && o.sql !== null) triggers.set(o.tbl_name, [...(triggers.get(o.tbl_name) ?? []), o.sql]);
  const tables: Table[] = [];
  for (const object of objects) {
    if (object.type !== "table" || object.name === options.versionTable.name || object.name === options.logTable || object.name.startsWith(batchTempName(""))) continue;
    if (excluded({ name: object.name })) continue;
    const parsed = parseCreateTable(object.sql ?? "");
    const named = (kind: ParsedConstraint["kind"], cols: readonly string[], references?: string): ParsedConstraint | undefined =>
      parsed.constraints.find((c) => c.kind === kind && sameColumns(c.columns, cols) && (references === undefined || c.references === references));
    const rows = columns.get(object.name) ?? [];
    // An INTEGER primary key alone is the rowid, which is never NULL whatever the pragma says.
    const keyRows = rows.filter((r) => r.pk > 0);
    const rowid = keyRows.length === 1 && keyRows[0]?.type.toUpperCase() === "INTEGER" ? keyRows[0].name : undefined;
    const tableColumns: Column[] = rows
      .filter((r) => r.hidden !== 1)
      .map((r) => {
        const type = parseDeclaredType(r.type);
        const parsedDefault = r.dflt_value === null ? undefined : parseDefault(r.dflt_value);
        // SQLite stores booleans as 1 and 0: a BOOLEAN column's default reads back as the boolean.
        const dflt =
          type.kind === "boolean" && parsedDefault?.kind === "literal" && (parsedDefault.value === 1 || parsedDefault.value === 0)
            ? { kind: "literal" as const, value: parsedDefault.value === 1 }
            : parsedDefault;
        const generated = r.hidden === 2 || r.hidden === 3 ? generatedExpression(parsed.columns.get(r.name) ?? "") : undefined;
        return {
          name: r.name,
          type,
          nullable: r.not_null === 0 && r.name !== rowid,
          ...(dflt === undefined ? {} : { default: dflt }),
          ...(generated === undefined ? {} : { generated: { sql: generated } }),
        };
      });
    const pkColumns = rows.filter((r) => r.pk > 0).sort((a, b) => a.pk - b.pk).map((r) => r.name);
    const primaryKey =
      pkColumns.length === 0 ? undefined : { name: named("primaryKey", pkColumns)?.name ?? `${object.name}_pkey`, columns: pkColumns };
    const uniques: UniqueConstraint[] = [];
    const tableIndexes: Index[] = [];
    const byIndex = group((indexes.get(object.name) ?? []).map((r) => ({ ...r, tbl: r.index_name })));
    for (const [name, parts] of byIndex) {
      const first = parts[0] as IndexRow;
      const cols = parts.map((p) => p.col ?? "");
      if (first.origin === "pk") continue;
      if (first.origin === "u") {
        uniques.push({ name: named("unique", cols)?.name ?? `${object.name}_${cols.join("_")}_key`, columns: cols });
        continue;
      }
      const read = parseCreateIndex(indexSql.get(name) ?? "");
      tableIndexes.push({ name, unique: first.is_unique === 1, elements: read.elements, ...(read.where === undefined ? {} : { where: read.where }) });
    }
    const fks: ForeignKey[] = [...group((foreignKeys.get(object.name) ?? []).map((r) => ({ ...r, tbl: String(r.id) }))).values()].map((parts) => {
      const first = parts[0] as ForeignKeyRow;
      const cols = parts.map((p) => p.col);
      const onDelete = ACTIONS[first.on_delete];
      const onUpdate = ACTIONS[first.on_update];
      return {
        name: named("foreignKey", cols, first.ref)?.name ?? `${object.name}_${cols.join("_")}_fkey`,
        columns: cols,
        references: { table: first.ref, columns: parts.map((p) => p.ref_col ?? "") },
        ...(onDelete === undefined ? {} : { onDelete }),
        ...(onUpdate === undefined ? {} : { onUpdate }),
      };
    });
    // pragma_foreign_key_list lists them last to first.
    fks.reverse();
    const checks: CheckConstraint[] = parsed.constraints
      .filter((c) => c.kind === "check")
      .map((c, i) => ({ name: c.name ?? `${object.name}_check${i === 0 ? "" : i}`, expression: c.expression ?? "" }));
    tables.push({
      name: object.name,
      columns: tableColumns,
      ...(primaryKey === undefined ? {} : { primaryKey }),
      uniques,
      checks,
      foreignKeys: fks,
      indexes: tableIndexes.sort((a, b) => a.name.localeCompare(b.name)),
    });
  }
  return { schema: { tables, enums: [] }, triggers };
};

export const introspect = async (connection: Connection, options: IntrospectOptions): Promise<Schema> =>
  (await readCatalog(connection, options)).schema;
