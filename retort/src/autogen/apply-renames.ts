// The database as it will be once the decided renames have run. PostgreSQL carries a
// renamed column or table into every constraint, index and foreign key that names it, so
// the comparison after the renames (and each op's `previous`) must use the new names too:
// the downgrade then undoes the other changes first and the renames last.
import type { ForeignKey, Index, IndexElement, SqlText, Table } from "../schema/types.js";
import { identifierAsPrinted } from "../dialects/index.js";
import { qualifiedKey } from "./equality.js";

const SIMPLE = /^[a-z_][a-z0-9_$]*$/;

/**
 * Replaces an identifier in SQL text (bare or double-quoted) outside string literals,
 * leaving longer names that merely contain it alone.
 */
export const renameIdentifier = (sql: string, from: string, to: string): string => {
  const replacement = identifierAsPrinted(to);
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (ch === "'") {
      const end = sql.indexOf("'", i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '"') {
      let end = i + 1;
      while (end < sql.length && !(sql[end] === '"' && sql[end + 1] !== '"')) end += sql[end] === '"' ? 2 : 1;
      const name = sql.slice(i + 1, end).replaceAll('""', '"');
      out += name === from ? replacement : sql.slice(i, end + 1);
      i = end + 1;
    } else if (/[A-Za-z_]/.test(ch) && !/[A-Za-z0-9_$.]/.test(sql[i - 1] ?? " ")) {
      let end = i + 1;
      while (end < sql.length && /[A-Za-z0-9_$]/.test(sql[end] as string)) end++;
      const word = sql.slice(i, end);
      out += word === from && SIMPLE.test(from) ? replacement : word;
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
};

// A fragment names its identifiers as data, so a rename replaces the part itself.
const renameAll = (sql: SqlText, renames: ReadonlyMap<string, string>): SqlText => {
  if (typeof sql !== "string")
    return { parts: sql.parts.map((p) => (p.kind === "identifier" && p.parts.length === 1 ? { ...p, parts: [renames.get(p.parts[0] as string) ?? (p.parts[0] as string)] } : p)) };
  let text = sql;
  for (const [from, to] of renames) text = renameIdentifier(text, from, to);
  return text;
};

const names = (list: readonly string[], renames: ReadonlyMap<string, string>): string[] => list.map((n) => renames.get(n) ?? n);

const element = (e: IndexElement, renames: ReadonlyMap<string, string>): IndexElement =>
  e.kind === "column" ? { ...e, name: renames.get(e.name) ?? e.name } : { ...e, sql: renameAll(e.sql, renames) };

const index = (i: Index, renames: ReadonlyMap<string, string>): Index => ({
  ...i,
  elements: i.elements.map((e) => element(e, renames)),
  ...(i.where === undefined ? {} : { where: renameAll(i.where, renames) }),
  ...(i.include === undefined ? {} : { include: names(i.include, renames) }),
});

/**
 * `tables` with the renames applied: table renames (old key -> new key) and column
 * renames (new table key -> old column -> new column).
 */
export const applyRenames = (
  tables: readonly Table[],
  tableRenames: ReadonlyMap<string, string>,
  columnRenames: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Table[] => {
  if (tableRenames.size === 0 && columnRenames.size === 0) return [...tables];
  const newKeyOf = (key: string): string => tableRenames.get(key) ?? key;
  const nameOfKey = (key: string): string => key.slice(key.indexOf(".") + 1);
  const none = new Map<string, string>();
  const foreignKey = (fk: ForeignKey): ForeignKey => {
    const targetKey = newKeyOf(qualifiedKey({ schema: fk.references.schema, name: fk.references.table }));
    const targetRenames = columnRenames.get(targetKey) ?? none;
    return { ...fk, references: { ...fk.references, table: nameOfKey(targetKey), columns: names(fk.references.columns, targetRenames) } };
  };
  return tables.map((table) => {
    const key = newKeyOf(qualifiedKey(table));
    const renames = columnRenames.get(key) ?? none;
    return {
      ...table,
      name: nameOfKey(key),
      columns: table.columns.map((c) => {
        const next = renames.get(c.name);
        if (next === undefined && c.generated === undefined) return c;
        return {
          ...c,
          name: next ?? c.name,
          ...(c.generated === undefined ? {} : { generated: { sql: renameAll(c.generated.sql, renames) } }),
        };
      }),
      ...(table.primaryKey === undefined ? {} : { primaryKey: { ...table.primaryKey, columns: names(table.primaryKey.columns, renames) } }),
      uniques: table.uniques.map((u) => ({ ...u, columns: names(u.columns, renames) })),
      checks: table.checks.map((c) => ({ ...c, expression: renameAll(c.expression, renames) })),
      foreignKeys: table.foreignKeys.map((fk) => ({ ...foreignKey(fk), columns: names(fk.columns, renames) })),
      indexes: table.indexes.map((i) => index(i, renames)),
    };
  });
};
