// Reads a live PostgreSQL database (server or PGlite) into a Schema with a fixed number of
// catalog queries, whatever the table count. Names in the connection's default schema are
// left unqualified, as models write them; the version table is never part of the result.
import type { Connection } from "../../drivers/types.js";
import type {
  CheckConstraint,
  Column,
  EnumType,
  ForeignKey,
  Index,
  IndexElement,
  PrimaryKey,
  QualifiedName,
  ReferentialAction,
  Schema,
  Table,
  UniqueConstraint,
} from "../../schema/types.js";
import type { IntrospectOptions } from "../types.js";
import { excludePredicate } from "./introspect-exclude.js";
import { objectsFromCatalog, readObjectCatalog } from "./introspect-objects.js";
import {
  COLUMNS_SQL,
  COMMENTS_SQL,
  CONSTRAINTS_SQL,
  DEFAULT_SCHEMA_SQL,
  ENUMS_SQL,
  INDEXES_SQL,
  NAMESPACES_SQL,
  OPCLASSES_SQL,
  SEQUENCES_SQL,
  TABLES_SQL,
} from "./introspect-queries.js";
import { checkExpression, columnType, parseDefault, serialType, typeSpelling, unwrapParens, type TypeRow } from "./introspect-types.js";

interface TableRow {
  readonly schema: string;
  readonly name: string;
  readonly oid: string;
}

interface ColumnRow extends TypeRow {
  readonly table_oid: string;
  readonly num: number;
  readonly name: string;
  readonly not_null: boolean;
  readonly default_sql: string | null;
  readonly generated_sql: string | null;
  readonly identity: string;
}

interface CommentRow {
  readonly table_oid: string;
  readonly num: number;
  readonly text: string;
}

interface OpclassRow {
  readonly oid: string;
  readonly name: string;
}

interface SequenceRow {
  readonly table_oid: string;
  readonly num: number;
  readonly type: "a" | "i";
  readonly name: string;
  readonly start: string;
  readonly increment: string;
}

/** What introspection needs to know about a column beyond its catalog row. */
interface ColumnExtras {
  readonly ownedSequence: string | null;
  readonly identity: { readonly start: number; readonly increment: number } | null;
}

interface ConstraintRow {
  readonly table_oid: string;
  readonly name: string;
  readonly type: "p" | "u" | "c" | "f";
  readonly keys: number[];
  readonly ref_keys: number[] | null;
  /** Set only for a referenced table outside the namespaces read. */
  readonly ref_columns: string[] | null;
  readonly ref_oid: string | null;
  readonly ref_schema: string | null;
  readonly ref_table: string | null;
  readonly on_update: string;
  readonly on_delete: string;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly definition: string | null;
}

export interface IndexRow {
  readonly table_oid: string;
  readonly name: string;
  readonly is_unique: boolean;
  readonly method: string;
  readonly key_count: number;
  /** indkey as text: attnums separated by spaces, 0 for an expression. */
  readonly attnums: string;
  /** indoption as text: option bits per key column. */
  readonly options: string;
  /** indclass as text: opclass oids per key column. */
  readonly opclasses: string;
  /** pg_get_indexdef per position, only for indexes with expressions. */
  readonly defs: string[] | null;
  readonly predicate: string | null;
}

interface EnumRow {
  readonly schema: string;
  readonly name: string;
  readonly labels: string[];
}

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

/** Groups rows by their table's oid, keeping the query's order inside each group. */
const byTable = <R extends { readonly table_oid: string }>(rows: readonly R[]): Map<string, R[]> => {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.table_oid);
    if (group === undefined) groups.set(row.table_oid, [row]);
    else group.push(row);
  }
  return groups;
};

const identityOf = (row: ColumnRow, extras: ColumnExtras | undefined): Column["identity"] => {
  if (row.identity !== "a" && row.identity !== "d") return undefined;
  const start = extras?.identity?.start ?? 1;
  const increment = extras?.identity?.increment ?? 1;
  // Only options that differ from PostgreSQL's defaults are recorded, as models write them.
  return { always: row.identity === "a", ...(start !== 1 ? { start } : {}), ...(increment !== 1 ? { increment } : {}) };
};

const readColumn = (row: ColumnRow, extras: ColumnExtras | undefined, comment: string | undefined, defaultSchema: string): Column => {
  const type = columnType(row, defaultSchema);
  const serial = serialType(type, row.default_sql, extras?.ownedSequence ?? null);
  const identity = identityOf(row, extras);
  const column: Column = {
    name: row.name,
    type: serial ?? type,
    nullable: !row.not_null,
    ...(serial === undefined && row.default_sql !== null ? { default: parseDefault(row.default_sql, type, typeSpelling(row)) } : {}),
    ...(identity !== undefined ? { identity } : {}),
    ...(row.generated_sql !== null ? { generated: { sql: unwrapParens(row.generated_sql) } } : {}),
    ...(comment !== undefined ? { comment } : {}),
  };
  return column;
};

const deferrability = (row: ConstraintRow): { deferrable?: boolean; initiallyDeferred?: boolean } => ({
  ...(row.deferrable ? { deferrable: true } : {}),
  ...(row.deferred ? { initiallyDeferred: true } : {}),
});

const readForeignKey = (row: ConstraintRow, refColumns: readonly string[], defaultSchema: string): ForeignKey => {
  const onDelete = ACTIONS[row.on_delete] ?? "no action";
  const onUpdate = ACTIONS[row.on_update] ?? "no action";
  return {
    name: row.name,
    columns: [],
    references: {
      ...(row.ref_schema !== null && row.ref_schema !== defaultSchema ? { schema: row.ref_schema } : {}),
      table: row.ref_table ?? "",
      columns: [...refColumns],
    },
    ...(onDelete !== "no action" ? { onDelete } : {}),
    ...(onUpdate !== "no action" ? { onUpdate } : {}),
    ...deferrability(row),
  };
};

const numbers = (text: string): number[] => (text.trim() === "" ? [] : text.trim().split(/\s+/).map(Number));

// indoption bits: 1 = DESC, 2 = NULLS FIRST. Only what differs from the direction's
// default (ASC NULLS LAST, DESC NULLS FIRST) is recorded.
export const readIndex = (row: IndexRow, columnName: (num: number) => string, opclassName: (oid: number) => string | undefined): Index => {
  const attnums = numbers(row.attnums);
  const options = numbers(row.options);
  const opclasses = numbers(row.opclasses);
  const elements: IndexElement[] = [];
  for (let k = 0; k < row.key_count; k++) {
    const num = attnums[k] ?? 0;
    if (num === 0) {
      elements.push({ kind: "expression", sql: unwrapParens(row.defs?.[k] ?? "") });
      continue;
    }
    const option = options[k] ?? 0;
    const desc = (option & 1) !== 0;
    const nullsFirst = (option & 2) !== 0;
    const opclass = opclassName(opclasses[k] ?? 0);
    elements.push({
      kind: "column",
      name: columnName(num),
      ...(desc ? { order: "desc" as const } : {}),
      ...(nullsFirst !== desc ? { nulls: nullsFirst ? ("first" as const) : ("last" as const) } : {}),
      ...(opclass !== undefined ? { opclass } : {}),
    });
  }
  const include = attnums.slice(row.key_count).map(columnName);
  return {
    name: row.name,
    elements,
    unique: row.is_unique,
    ...(row.method !== "btree" ? { method: row.method } : {}),
    ...(row.predicate !== null ? { where: unwrapParens(row.predicate) } : {}),
    ...(include.length > 0 ? { include } : {}),
  };
};

/** The catalog rows behind one introspection, before they become a Schema. */
export interface CatalogRows {
  readonly defaultSchema: string;
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly comments: readonly CommentRow[];
  readonly sequences: readonly SequenceRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
  readonly opclasses: readonly OpclassRow[];
  readonly enums: readonly EnumRow[];
  /** The requested namespaces that exist; read only when namespaces were requested. */
  readonly namespaces?: readonly string[];
}

/** Runs the catalog queries: nine round trips (ten with namespaces requested), whatever the number of tables. */
export const readCatalog = async (conn: Connection, schemas: readonly string[] | undefined): Promise<CatalogRows> => {
  const named = schemas !== undefined && schemas.length > 0;
  // With the namespaces named, the longest query goes out first: `check` evaluates the
  // models while it waits, and until that work yields no next query can be sent, so the
  // server would otherwise sit idle behind a query of a few milliseconds.
  const early = named ? conn.query<ColumnRow>(COLUMNS_SQL, [[...schemas]]) : undefined;
  early?.catch(() => {}); // awaited below; a failure surfaces there or through the query before it
  const defaultSchema = (await conn.query<{ name: string | null }>(DEFAULT_SCHEMA_SQL)).rows[0]?.name ?? "public";
  const namespaces = named ? [...schemas] : [defaultSchema];
  // One at a time: a connection runs one query at a time anyway, and PGlite serialises.
  const columns = (await (early ?? conn.query<ColumnRow>(COLUMNS_SQL, [namespaces]))).rows;
  const tables = (await conn.query<TableRow>(TABLES_SQL, [namespaces])).rows;
  const comments = (await conn.query<CommentRow>(COMMENTS_SQL, [namespaces])).rows;
  const sequences = (await conn.query<SequenceRow>(SEQUENCES_SQL, [namespaces])).rows;
  const constraints = (await conn.query<ConstraintRow>(CONSTRAINTS_SQL, [namespaces])).rows;
  const indexes = (await conn.query<IndexRow>(INDEXES_SQL, [namespaces])).rows;
  const opclasses = (await conn.query<OpclassRow>(OPCLASSES_SQL)).rows;
  const enums = (await conn.query<EnumRow>(ENUMS_SQL, [namespaces])).rows;
  const rows = { defaultSchema, tables, columns, comments, sequences, constraints, indexes, opclasses, enums };
  if (schemas === undefined || schemas.length === 0) return rows;
  const existing = (await conn.query<{ name: string }>(NAMESPACES_SQL, [namespaces])).rows.map((r) => r.name);
  return { ...rows, namespaces: schemas.filter((name) => existing.includes(name)) };
};

/** Turns catalog rows into a Schema; `keep` decides which tables belong to it. */
export const schemaFromCatalog = (
  rows: CatalogRows,
  keep: (table: QualifiedName) => boolean,
  schemas?: readonly string[],
): Schema => {
  const { defaultSchema } = rows;
  const columns = byTable(rows.columns);
  for (const group of columns.values()) group.sort((a, b) => a.num - b.num);
  const names = new Map<string, Map<number, string>>();
  for (const [oid, group] of columns) names.set(oid, new Map(group.map((c) => [c.num, c.name])));
  const columnNames = (oid: string | null, keys: readonly number[] | null): string[] =>
    (keys ?? []).map((k) => (oid === null ? undefined : names.get(oid)?.get(k)) ?? "");
  const comments = new Map(rows.comments.map((c) => [`${c.table_oid}:${c.num}`, c.text]));
  const extras = new Map<string, { ownedSequence: string | null; identity: { start: number; increment: number } | null }>();
  for (const s of rows.sequences) {
    const key = `${s.table_oid}:${s.num}`;
    const known = extras.get(key) ?? { ownedSequence: null, identity: null };
    if (s.type === "a") known.ownedSequence = s.name;
    else known.identity = { start: Number(s.start), increment: Number(s.increment) };
    extras.set(key, known);
  }
  const opclasses = new Map(rows.opclasses.map((o) => [Number(o.oid), o.name]));
  const opclassName = (oid: number): string | undefined => opclasses.get(oid);
  const constraints = byTable(rows.constraints);
  const indexes = byTable(rows.indexes);
  const tables: Table[] = [];
  for (const row of rows.tables) {
    const ref: QualifiedName = row.schema === defaultSchema ? { name: row.name } : { schema: row.schema, name: row.name };
    if (!keep(ref)) continue;
    let primaryKey: PrimaryKey | undefined;
    const uniques: UniqueConstraint[] = [];
    const checks: CheckConstraint[] = [];
    const foreignKeys: ForeignKey[] = [];
    for (const c of constraints.get(row.oid) ?? []) {
      const keys = columnNames(row.oid, c.keys);
      if (c.type === "p") primaryKey = { name: c.name, columns: keys };
      else if (c.type === "u") uniques.push({ name: c.name, columns: keys, ...deferrability(c) });
      else if (c.type === "c") checks.push({ name: c.name, expression: checkExpression(c.definition ?? "") });
      else foreignKeys.push({ ...readForeignKey(c, c.ref_columns ?? columnNames(c.ref_oid, c.ref_keys), defaultSchema), columns: keys });
    }
    const tableColumns = names.get(row.oid);
    const columnName = (num: number): string => tableColumns?.get(num) ?? "";
    const comment = comments.get(`${row.oid}:0`);
    tables.push({
      ...ref,
      columns: (columns.get(row.oid) ?? []).map((c) => readColumn(c, extras.get(`${row.oid}:${c.num}`), comments.get(`${row.oid}:${c.num}`), defaultSchema)),
      ...(primaryKey !== undefined ? { primaryKey } : {}),
      uniques,
      checks,
      foreignKeys,
      indexes: (indexes.get(row.oid) ?? []).map((i) => readIndex(i, columnName, opclassName)),
      ...(comment !== undefined ? { comment } : {}),
    });
  }
  const enums: EnumType[] = rows.enums.map((e) =>
    e.schema === defaultSchema ? { name: e.name, values: e.labels } : { schema: e.schema, name: e.name, values: e.labels },
  );
  // With several namespaces configured, `schemas` lists those that exist, so that a
  // comparison can create the ones models use but the database lacks.
  const present = rows.namespaces ?? schemas;
  return { tables, enums, ...(present !== undefined && present.length > 0 ? { schemas: [...present] } : {}) };
};

export const introspect = async (conn: Connection, options: IntrospectOptions): Promise<Schema> => {
  const rows = await readCatalog(conn, options.schemas);
  const excluded = excludePredicate(options.exclude, rows.defaultSchema);
  const versionSchema = options.versionTable.schema ?? rows.defaultSchema;
  // retort's own tables (version table, log) are never part of the schema.
  const own = new Set([options.versionTable.name, ...(options.logTable === undefined ? [] : [options.logTable])]);
  const keep = (t: QualifiedName): boolean => !((t.schema ?? rows.defaultSchema) === versionSchema && own.has(t.name)) && !excluded(t);
  const namespaces = options.schemas === undefined || options.schemas.length === 0 ? [rows.defaultSchema] : options.schemas;
  // The first object query runs on the server while the rows become a Schema here.
  const objects = readObjectCatalog(conn, namespaces);
  objects.catch(() => {}); // awaited below, where a failure surfaces
  const schema = schemaFromCatalog(rows, keep, options.schemas);
  return { ...schema, ...objectsFromCatalog(await objects, rows.defaultSchema, keep) };
};
