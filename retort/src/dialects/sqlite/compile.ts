// The one place where operations become SQLite statements, one handler per operation kind
// (OpHandlers). What SQLite's ALTER TABLE can do in place runs in place; the rest becomes a
// move-and-copy (batch.ts) built from the table as the catalog knows it. What SQLite
// cannot express at all (schemas, enum types, comments, functions, sequences, policies...)
// is refused with INVALID_OPERATION naming the operation and the dialect, before any of its
// statements exist: the migration's transaction then rolls back whatever ran before it.
import type { Op, OpHandlers, OpOf, Statement, TableRef } from "../../ops/types.js";
import { insertColumns } from "../../ops/insert-columns.js";
import { fragmentSql, sqlTextOf } from "./fragment.js";
import type { Column, Table } from "../../schema/types.js";
import { rebuildStatements } from "./batch.js";
import { applyToCatalog, type Catalog } from "./catalog.js";
import { columnDefinition, createIndexSql, createTableSql, refuse } from "./ddl.js";
import { bindValue } from "./literal.js";
import { quoteIdent, quoteQualified } from "./quote.js";
import { columnTypeSql } from "./types.js";
import { changeTable, identityCopy } from "./table-changes.js";

export interface SqliteCompileContext {
  readonly catalog: Catalog;
  readonly notice?: (message: string) => void;
}

// SQLite's default limit on bound parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER).
const MAX_PARAMS = 32766;

const plain = (sql: string, params: readonly unknown[] = []): Statement => ({ sql, params });

const tableName = (ref: TableRef): string => quoteQualified(ref.table, ref.schema);

const unsupported = (op: Op, why: string, hint: string) => refuse(`${op.kind} cannot run on SQLite: ${why}`, hint);

const noComments = (op: Op) =>
  unsupported(op, "SQLite keeps no comments on tables or columns", "Remove the comment from the migration (and from the model, for SQLite projects).");

/** The table a rebuild starts from; refused when the compiler cannot know it. */
const known = (op: Op & TableRef, ctx: SqliteCompileContext, why: string): Table => {
  if (ctx.catalog.staleSince !== undefined)
    throw unsupported(
      op,
      `it needs SQLite's move-and-copy (${why}), and an op.execute earlier in this run changed the schema in a way retort cannot follow (${JSON.stringify(ctx.catalog.staleSince)})`,
      "Put the op.execute in a migration of its own and run upgrade again from there, or write the rebuild yourself with op.execute.",
    );
  const entry = ctx.catalog.tables.get(op.table);
  if (entry === undefined)
    throw unsupported(
      op,
      `it needs SQLite's move-and-copy (${why}), and table "${op.table}" is not known here`,
      "Check the table's name; for an offline script (--sql), start it at base so that every table is created in it, or run the upgrade online.",
    );
  return entry.table;
};

/** The move-and-copy of one table through `ops` (one op, or a batch's), from what the catalog knows. */
const rebuild = (op: Op & TableRef, ctx: SqliteCompileContext, why: string, ops: readonly Op[] = [op]): Statement[] => {
  const from = known(op, ctx, why);
  const copy = identityCopy(from);
  const to = ops.reduce((table, inner) => changeTable(inner, table, copy), from);
  ctx.notice?.(`SQLite cannot ${why} in place: table "${op.table}" is rebuilt (created anew, rows copied, old table dropped)`);
  const referencedBy = [...ctx.catalog.tables.values()].filter((e) => e.table.foreignKeys.some((f) => f.references.table === op.table)).map((e) => e.table.name);
  const statements = rebuildStatements({ from, to, copy, triggers: ctx.catalog.tables.get(op.table)?.triggers ?? [], referencedBy });
  applyToCatalog(ctx.catalog, op, to);
  return statements;
};

const usesColumn = (table: Table, column: string): boolean =>
  (table.primaryKey?.columns.includes(column) ?? false) ||
  table.uniques.some((u) => u.columns.includes(column)) ||
  table.foreignKeys.some((f) => f.columns.includes(column)) ||
  table.indexes.some((i) => i.elements.some((e) => (e.kind === "column" ? e.name === column : sqlTextOf(e.sql).includes(column)))) ||
  table.checks.some((c) => sqlTextOf(c.expression).includes(column));

/** ADD COLUMN in place: SQLite refuses NOT NULL without a default, expression defaults, stored generated columns, keys. */
const addsInPlace = (column: Column): boolean =>
  column.generated === undefined &&
  column.identity === undefined &&
  (column.default === undefined ? column.nullable : column.default.kind === "literal" && (column.nullable || column.default.value !== null));

const bulkInsert = (op: OpOf<"bulkInsert">): Statement[] => {
  if (op.rows.length === 0) return [];
  const columns = insertColumns(op);
  const target = tableName(op);
  if (columns.length === 0) return op.rows.map(() => plain(`INSERT INTO ${target} DEFAULT VALUES`));
  // SQLite has no DEFAULT keyword in VALUES: rows missing a key go in their own INSERT of the keys they have.
  const groups = new Map<string, Readonly<Record<string, unknown>>[]>();
  for (const row of op.rows) {
    const present = columns.filter((c) => Object.hasOwn(row, c)).join("\0");
    groups.set(present, [...(groups.get(present) ?? []), row]);
  }
  const statements: Statement[] = [];
  for (const [key, rows] of groups) {
    const cols = key === "" ? [] : key.split("\0");
    if (cols.length === 0) {
      statements.push(...rows.map(() => plain(`INSERT INTO ${target} DEFAULT VALUES`)));
      continue;
    }
    const head = `INSERT INTO ${target} (${cols.map(quoteIdent).join(", ")}) VALUES `;
    const per = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
    for (let start = 0; start < rows.length; start += per) {
      const params: unknown[] = [];
      const tuples = rows.slice(start, start + per).map((row) => `(${cols.map((c) => (params.push(bindValue(row[c])), `$${params.length}`)).join(", ")})`);
      statements.push(plain(head + tuples.join(", "), params));
    }
  }
  return statements;
};

const refusedObject = (what: string) => (op: Op): Statement[] => {
  throw unsupported(op, `SQLite has no ${what}`, "Leave this operation out of SQLite migrations (or guard it with the project's own condition).");
};

const handlers = (ctx: SqliteCompileContext): OpHandlers<Statement[]> => ({
  createTable: (op) => {
    if (op.table.comment !== undefined || op.table.columns.some((c) => c.comment !== undefined))
      ctx.notice?.(`SQLite keeps no comments: the comments of table "${op.table.name}" are not stored`);
    return [plain(createTableSql(op.table, undefined, op.ifNotExists === true))];
  },
  dropTable: (op) => {
    if (op.cascade === true) ctx.notice?.(`SQLite has no DROP TABLE ... CASCADE: table "${op.table}" is dropped alone`);
    return [plain(`DROP TABLE ${op.ifExists === true ? "IF EXISTS " : ""}${tableName(op)}`)];
  },
  renameTable: (op) => [plain(`ALTER TABLE ${tableName(op)} RENAME TO ${quoteIdent(op.newName)}`)],
  renameConstraint: (op) => {
    if (op.index === true) {
      const table = known(op, ctx, "rename an index");
      const index = table.indexes.find((i) => i.name === op.name);
      if (index === undefined) throw refuse(`table "${op.table}" has no index "${op.name}"`, "Check the index's name.");
      return [plain(`DROP INDEX ${quoteQualified(op.name, op.schema)}`), plain(createIndexSql({ ...index, name: op.newName }, op.table, op.schema))];
    }
    return rebuild(op, ctx, "rename a constraint");
  },
  addColumn: (op) => {
    if (op.column.comment !== undefined) ctx.notice?.(`SQLite keeps no comments: the comment of column "${op.table}.${op.column.name}" is not stored`);
    if (op.ifNotExists === true) {
      const table = ctx.catalog.tables.get(op.table)?.table;
      if (table?.columns.some((c) => c.name === op.column.name) === true) return [];
    }
    if (addsInPlace(op.column)) return [plain(`ALTER TABLE ${tableName(op)} ADD COLUMN ${columnDefinition(op.column, op.table)}`)];
    return rebuild(op, ctx, "add a NOT NULL column without a constant default, or a generated column");
  },
  dropColumn: (op) => {
    const table = ctx.catalog.tables.get(op.table)?.table;
    if (op.ifExists === true && table !== undefined && !table.columns.some((c) => c.name === op.column)) return [];
    if (table === undefined || !usesColumn(table, op.column)) return [plain(`ALTER TABLE ${tableName(op)} DROP COLUMN ${quoteIdent(op.column)}`)];
    return rebuild(op, ctx, "drop a column a key, index or check uses");
  },
  alterColumn: (op) => {
    if (op.comment !== undefined) throw noComments(op);
    const statements: Statement[] = [];
    const inPlace = op.type === undefined && op.nullable === undefined && op.default === undefined;
    if (!inPlace) {
      if (op.type?.to !== undefined) columnTypeSql(op.type.to, `column "${op.table}.${op.column}"`);
      // The rename, if any, follows in place: the rebuild keeps the old name.
      const { newName: _renamed, ...change } = op;
      statements.push(...rebuild(op, ctx, "change a column's type, nullability or default", [change]));
    }
    if (op.newName !== undefined) {
      statements.push(plain(`ALTER TABLE ${tableName(op)} RENAME COLUMN ${quoteIdent(op.column)} TO ${quoteIdent(op.newName)}`));
      applyToCatalog(ctx.catalog, { ...op, type: undefined, nullable: undefined, default: undefined } as Op);
    }
    return statements;
  },
  createIndex: (op) => {
    if (op.concurrently === true) ctx.notice?.("SQLite has no CREATE INDEX CONCURRENTLY; running a plain CREATE INDEX instead");
    return [plain(createIndexSql(op.index, op.table, op.schema, op.ifNotExists === true))];
  },
  dropIndex: (op) => {
    if (op.concurrently === true) ctx.notice?.("SQLite has no DROP INDEX CONCURRENTLY; running a plain DROP INDEX instead");
    return [plain(`DROP INDEX ${op.ifExists === true ? "IF EXISTS " : ""}${quoteQualified(op.name, op.schema)}`)];
  },
  createPrimaryKey: (op) => rebuild(op, ctx, "add a primary key"),
  createForeignKey: (op) => {
    if (op.validate !== undefined) ctx.notice?.("SQLite checks a foreign key when the rebuild ends; validate is ignored");
    return rebuild(op, ctx, "add a foreign key");
  },
  createUniqueConstraint: (op) => rebuild(op, ctx, "add a unique constraint"),
  createCheckConstraint: (op) => rebuild(op, ctx, "add a check constraint"),
  dropConstraint: (op) => {
    const table = ctx.catalog.tables.get(op.table)?.table;
    const exists =
      table === undefined ||
      table.primaryKey?.name === op.name ||
      [...table.uniques, ...table.checks, ...table.foreignKeys].some((c) => c.name === op.name);
    if (!exists) {
      if (op.ifExists === true) return [];
      throw refuse(`table "${op.table}" has no constraint "${op.name}"`, "Check the constraint's name (retort pull shows them).");
    }
    return rebuild(op, ctx, "drop a constraint");
  },
  createEnum: refusedObject("enum types (use a text column with a check constraint)"),
  dropEnum: refusedObject("enum types"),
  addEnumValue: refusedObject("enum types"),
  recreateEnum: refusedObject("enum types"),
  renameEnumValue: refusedObject("enum types"),
  setTableComment: (op) => {
    throw noComments(op);
  },
  setColumnComment: (op) => {
    throw noComments(op);
  },
  bulkInsert,
  execute: (op) => [plain(typeof op.sql === "string" ? op.sql : fragmentSql(op.sql), (op.params ?? []).map(bindValue))],
  createFunction: refusedObject("stored functions or procedures"),
  dropFunction: refusedObject("stored functions or procedures"),
  createTrigger: refusedObject("triggers that call a function (write CREATE TRIGGER ... BEGIN ... END with op.execute)"),
  dropTrigger: (op) => [plain(`DROP TRIGGER ${op.ifExists === true ? "IF EXISTS " : ""}${quoteQualified(op.name, op.schema)}`)],
  createView: (op) => {
    if (op.view.materialized === true) throw unsupported(op, "SQLite has no materialized views", "Use a plain view, or a table filled by the migration.");
    const name = quoteQualified(op.view.name, op.view.schema);
    const replace = op.orReplace === true || op.dropFirst === true;
    return [...(replace ? [plain(`DROP VIEW IF EXISTS ${name}`)] : []), plain(`CREATE VIEW ${name} AS\n${op.view.query}`)];
  },
  dropView: (op) => {
    if (op.materialized === true) throw unsupported(op, "SQLite has no materialized views", "Drop it as a plain view.");
    return [plain(`DROP VIEW ${op.ifExists === true ? "IF EXISTS " : ""}${quoteQualified(op.name, op.schema)}`)];
  },
  createSchema: refusedObject("schemas (a SQLite file is one schema; other files are ATTACHed)"),
  dropSchema: refusedObject("schemas"),
  createExtension: refusedObject("extensions"),
  dropExtension: refusedObject("extensions"),
  createSequence: refusedObject("sequences (an INTEGER PRIMARY KEY counts by itself)"),
  alterSequence: refusedObject("sequences"),
  dropSequence: refusedObject("sequences"),
  createPolicy: refusedObject("row-level security policies"),
  dropPolicy: refusedObject("row-level security policies"),
  setRowLevelSecurity: refusedObject("row-level security"),
  // One move-and-copy for every change of the batch; a batch of changes that all run in
  // place (nullable columns added, unused ones dropped, renames) runs them in place.
  batchAlterTable: (op) => {
    if (op.ops.some((inner) => (inner as Partial<TableRef>).table !== undefined && (inner as TableRef).table !== op.table))
      throw refuse(`batchAlterTable on "${op.table}" holds a change to another table`, "Keep one table's changes in its batch.");
    if (op.ops.every((inner) => runsInPlace(inner, ctx))) return op.ops.flatMap((inner) => compileSqliteOp(inner, ctx));
    return rebuild(op, ctx, `make the batch's ${op.ops.length} change(s)`, op.ops);
  },
});

/** Whether `op` alone would run without a rebuild. */
const runsInPlace = (op: Op, ctx: SqliteCompileContext): boolean => {
  switch (op.kind) {
    case "addColumn":
      return addsInPlace(op.column);
    case "dropColumn": {
      const table = ctx.catalog.tables.get(op.table)?.table;
      return table === undefined || !usesColumn(table, op.column);
    }
    case "alterColumn":
      return op.type === undefined && op.nullable === undefined && op.default === undefined && op.comment === undefined;
    case "createIndex":
    case "dropIndex":
      return true;
    default:
      return false;
  }
};

/** Ops whose handler carried them into the catalog itself (a rebuild, a rename). */
const SELF_TRACKED = new Set<Op["kind"]>(["alterColumn", "batchAlterTable"]);

/** The statements that carry out one operation, in order; the catalog follows it. */
export const compileSqliteOp = (op: Op, ctx: SqliteCompileContext): Statement[] => {
  const handler = handlers(ctx)[op.kind] as ((op: Op) => Statement[]) | undefined;
  if (handler === undefined)
    throw refuse(`unknown operation kind ${JSON.stringify((op as { kind?: unknown }).kind)}`, "Build operations with the op facade or the ops/ constructors.");
  const before = ctx.catalog.tables.get((op as Partial<TableRef>).table ?? "")?.table;
  const statements = handler(op);
  const after = ctx.catalog.tables.get((op as Partial<TableRef>).table ?? "")?.table;
  // A rebuild already put the new table in the catalog; everything else is carried here.
  if (!SELF_TRACKED.has(op.kind) && before === after) applyToCatalog(ctx.catalog, op);
  return statements;
};
