// What each table-changing op does to a table's definition, as plain data: the new Table,
// and how each of its columns is filled from the old rows (`copy`: column -> expression).
// A move-and-copy of one op, and a batch of several, apply these in turn to the table the
// catalog knows, then rebuild once.
import type { Op, OpOf } from "../../ops/types.js";
import type { Column, Table } from "../../schema/types.js";
import { refuse } from "./ddl.js";
import { quoteIdent } from "./quote.js";
import { columnTypeSql } from "./types.js";

/** Column -> the expression over the old row that fills it; a column absent takes its default. */
export type CopyMap = Map<string, string>;

export const identityCopy = (table: Table): CopyMap => new Map(table.columns.map((c) => [c.name, quoteIdent(c.name)]));

const hasColumn = (table: Table, name: string): void => {
  if (!table.columns.some((c) => c.name === name)) throw refuse(`table "${table.name}" has no column "${name}"`, "Check the column's name.");
};

const withoutKey = (table: Table): Table => {
  const { primaryKey: _dropped, ...rest } = table;
  return rest;
};

const alterColumn = (op: OpOf<"alterColumn">, t: Table, copy: CopyMap): Table => {
  hasColumn(t, op.column);
  if (op.comment !== undefined) throw refuse(`alterColumn cannot run on SQLite: SQLite keeps no comments on tables or columns`, "Remove the comment from the migration.");
  const columns = t.columns.map((c): Column => {
    if (c.name !== op.column) return c;
    let next: Column = { ...c };
    if (op.type !== undefined) next = { ...next, type: op.type.to };
    if (op.nullable !== undefined) next = { ...next, nullable: op.nullable };
    if (op.default === null) {
      const { default: _dropped, ...rest } = next;
      next = rest;
    } else if (op.default !== undefined) next = { ...next, default: op.default };
    if (op.newName !== undefined) next = { ...next, name: op.newName };
    return next;
  });
  const source = copy.get(op.column);
  if (source !== undefined && op.type !== undefined) {
    copy.set(op.column, op.type.using !== undefined ? `(${op.type.using})` : `CAST(${source} AS ${columnTypeSql(op.type.to, `column "${t.name}.${op.column}"`)})`);
  }
  if (op.newName !== undefined) {
    const moved = copy.get(op.column);
    copy.delete(op.column);
    if (moved !== undefined) copy.set(op.newName, moved);
  }
  const rename = (names: readonly string[]): string[] => names.map((n) => (n === op.column && op.newName !== undefined ? op.newName : n));
  return {
    ...t,
    columns,
    ...(t.primaryKey === undefined ? {} : { primaryKey: { ...t.primaryKey, columns: rename(t.primaryKey.columns) } }),
    uniques: t.uniques.map((u) => ({ ...u, columns: rename(u.columns) })),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: rename(f.columns) })),
    indexes: t.indexes.map((i) => ({ ...i, elements: i.elements.map((e) => (e.kind === "column" && e.name === op.column && op.newName !== undefined ? { ...e, name: op.newName } : e)) })),
  };
};

/** The table after `op`; `copy` is updated in place. Refuses an op that is not about one table's shape. */
export const changeTable = (op: Op, t: Table, copy: CopyMap): Table => {
  switch (op.kind) {
    case "addColumn":
      if (t.columns.some((c) => c.name === op.column.name)) {
        if (op.ifNotExists === true) return t;
        throw refuse(`table "${t.name}" already has a column "${op.column.name}"`, "Choose another name, or drop the column first.");
      }
      return { ...t, columns: [...t.columns, op.column] };
    case "dropColumn": {
      if (!t.columns.some((c) => c.name === op.column)) {
        if (op.ifExists === true) return t;
        hasColumn(t, op.column);
      }
      copy.delete(op.column);
      const next: Table = {
        ...t,
        columns: t.columns.filter((c) => c.name !== op.column),
        uniques: t.uniques.filter((u) => !u.columns.includes(op.column)),
        foreignKeys: t.foreignKeys.filter((f) => !f.columns.includes(op.column)),
        indexes: t.indexes.filter((i) => !i.elements.some((e) => e.kind === "column" && e.name === op.column)),
      };
      return t.primaryKey?.columns.includes(op.column) === true ? withoutKey(next) : next;
    }
    case "alterColumn":
      return alterColumn(op, t, copy);
    case "createPrimaryKey":
      return { ...t, primaryKey: op.primaryKey };
    case "createForeignKey":
      return { ...t, foreignKeys: [...t.foreignKeys, op.foreignKey] };
    case "createUniqueConstraint":
      return { ...t, uniques: [...t.uniques, op.unique] };
    case "createCheckConstraint":
      return { ...t, checks: [...t.checks, op.check] };
    case "dropConstraint": {
      const known = t.primaryKey?.name === op.name || [...t.uniques, ...t.checks, ...t.foreignKeys].some((c) => c.name === op.name);
      if (!known) {
        if (op.ifExists === true) return t;
        throw refuse(`table "${t.name}" has no constraint "${op.name}"`, "Check the constraint's name (retort pull shows them).");
      }
      const next: Table = {
        ...t,
        uniques: t.uniques.filter((u) => u.name !== op.name),
        checks: t.checks.filter((c) => c.name !== op.name),
        foreignKeys: t.foreignKeys.filter((f) => f.name !== op.name),
      };
      return t.primaryKey?.name === op.name ? withoutKey(next) : next;
    }
    case "renameConstraint":
      if (op.index === true) return { ...t, indexes: t.indexes.map((i) => (i.name === op.name ? { ...i, name: op.newName } : i)) };
      return {
        ...t,
        ...(t.primaryKey?.name === op.name ? { primaryKey: { ...t.primaryKey, name: op.newName } } : {}),
        uniques: t.uniques.map((u) => (u.name === op.name ? { ...u, name: op.newName } : u)),
        checks: t.checks.map((c) => (c.name === op.name ? { ...c, name: op.newName } : c)),
        foreignKeys: t.foreignKeys.map((f) => (f.name === op.name ? { ...f, name: op.newName } : f)),
      };
    case "createIndex":
      return { ...t, indexes: [...t.indexes.filter((i) => i.name !== op.index.name), op.index] };
    case "dropIndex":
      if (!t.indexes.some((i) => i.name === op.name) && op.ifExists !== true)
        throw refuse(`table "${t.name}" has no index "${op.name}"`, "Check the index's name.");
      return { ...t, indexes: t.indexes.filter((i) => i.name !== op.name) };
    default:
      throw refuse(`${op.kind} cannot be part of a batch on table "${t.name}"`, "A batch holds column, constraint and index changes of its table; run the others as ops of their own.");
  }
};
