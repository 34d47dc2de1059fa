// What the SQLite compiler knows of the tables while a run compiles: read from the database
// when a session opens (or empty, for an offline script that starts at base) and carried
// forward op by op. SQLite cannot alter most of a table in place, and the move-and-copy
// that replaces it (batch.ts) must write the whole new CREATE TABLE: this is where the
// compiler finds the old one without touching a connection.
import type { Op } from "../../ops/types.js";
import type { Column, ForeignKey, Index, Schema, Table } from "../../schema/types.js";

export interface CatalogTable {
  readonly table: Table;
  /** CREATE TRIGGER texts on the table, as sqlite_schema keeps them: re-run after a rebuild. */
  readonly triggers: readonly string[];
}

export interface Catalog {
  readonly tables: Map<string, CatalogTable>;
  /**
   * Set when op.execute ran DDL retort cannot follow: a later rebuild would copy an
   * outdated definition, so it is refused instead.
   */
  staleSince?: string;
}

export const catalogOf = (schema: Schema, triggers: ReadonlyMap<string, readonly string[]> = new Map()): Catalog => ({
  tables: new Map(schema.tables.map((table) => [table.name, { table, triggers: triggers.get(table.name) ?? [] }])),
});

export const emptyCatalog = (): Catalog => ({ tables: new Map() });

const replaceTable = (catalog: Catalog, name: string, update: (table: Table) => Table): void => {
  const entry = catalog.tables.get(name);
  if (entry !== undefined) catalog.tables.set(name, { ...entry, table: update(entry.table) });
};

const mapColumns = (table: Table, name: string, update: (column: Column) => Column): Table => ({
  ...table,
  columns: table.columns.map((c) => (c.name === name ? update(c) : c)),
});

const retarget = (catalog: Catalog, update: (fk: ForeignKey) => ForeignKey): void => {
  for (const [name, entry] of catalog.tables) {
    if (entry.table.foreignKeys.length > 0) catalog.tables.set(name, { ...entry, table: { ...entry.table, foreignKeys: entry.table.foreignKeys.map(update) } });
  }
};

const withoutIndex = (table: Table, name: string): Table => ({ ...table, indexes: table.indexes.filter((i) => i.name !== name) });

const DDL_WORDS = /\b(create|alter|drop)\s+(table|index|unique|trigger|view|temp|temporary|virtual)\b/i;

/** Carries `op` (already compiled) into the catalog. */
export const applyToCatalog = (catalog: Catalog, op: Op, rebuilt?: Table): void => {
  if (rebuilt !== undefined) {
    const entry = catalog.tables.get(rebuilt.name);
    catalog.tables.set(rebuilt.name, { table: rebuilt, triggers: entry?.triggers ?? [] });
    return;
  }
  switch (op.kind) {
    case "createTable":
      catalog.tables.set(op.table.name, { table: { ...op.table, indexes: [] }, triggers: [] });
      return;
    case "dropTable":
      catalog.tables.delete(op.table);
      return;
    case "renameTable": {
      const entry = catalog.tables.get(op.table);
      catalog.tables.delete(op.table);
      if (entry !== undefined) catalog.tables.set(op.newName, { ...entry, table: { ...entry.table, name: op.newName } });
      // SQLite rewrites the other tables' REFERENCES to the new name; so does the catalog.
      retarget(catalog, (fk) => (fk.references.table === op.table ? { ...fk, references: { ...fk.references, table: op.newName } } : fk));
      return;
    }
    case "addColumn":
      replaceTable(catalog, op.table, (t) => ({ ...t, columns: [...t.columns, op.column] }));
      return;
    case "dropColumn":
      replaceTable(catalog, op.table, (t) => ({ ...t, columns: t.columns.filter((c) => c.name !== op.column) }));
      return;
    case "alterColumn":
      if (op.newName !== undefined) {
        const to = op.newName;
        const renamed = (names: readonly string[]): string[] => names.map((n) => (n === op.column ? to : n));
        // SQLite renames the column in the table's keys and indexes and in other tables'
        // REFERENCES; the catalog follows.
        replaceTable(catalog, op.table, (t) => ({
          ...mapColumns(t, op.column, (c) => ({ ...c, name: to })),
          ...(t.primaryKey === undefined ? {} : { primaryKey: { ...t.primaryKey, columns: renamed(t.primaryKey.columns) } }),
          uniques: t.uniques.map((u) => ({ ...u, columns: renamed(u.columns) })),
          foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: renamed(f.columns) })),
          indexes: t.indexes.map((i) => ({ ...i, elements: i.elements.map((e) => (e.kind === "column" && e.name === op.column ? { ...e, name: to } : e)) })),
        }));
        retarget(catalog, (fk) => (fk.references.table === op.table ? { ...fk, references: { ...fk.references, columns: renamed(fk.references.columns) } } : fk));
      }
      return;
    case "createIndex":
      replaceTable(catalog, op.table, (t) => ({ ...withoutIndex(t, op.index.name), indexes: [...withoutIndex(t, op.index.name).indexes, op.index] }));
      return;
    case "dropIndex":
      for (const [name, entry] of catalog.tables) {
        if (entry.table.indexes.some((i: Index) => i.name === op.name)) replaceTable(catalog, name, (t) => withoutIndex(t, op.name));
      }
      return;
    case "renameConstraint":
      if (op.index === true) {
        replaceTable(catalog, op.table, (t) => ({ ...t, indexes: t.indexes.map((i) => (i.name === op.name ? { ...i, name: op.newName } : i)) }));
      }
      return;
    case "execute": {
      const text = typeof op.sql === "string" ? op.sql : op.sql.parts.map((p) => (p.kind === "text" ? p.text : " ")).join("");
      if (DDL_WORDS.test(text)) catalog.staleSince = text.trim().slice(0, 60);
      return;
    }
    default:
      return;
  }
};
