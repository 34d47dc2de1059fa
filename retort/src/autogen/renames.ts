// Possible renames. A table or column that disappears while a compatible one appears
// might be a rename; writing it as drop + add would lose its data, so autogenerate never
// guesses: each such pair is an ambiguity until a decision (a --rename or --no-rename
// flag, or an answer on a terminal) settles it.
import type { Column, Table } from "../schema/types.js";
import { qualifiedKey, sameType } from "./equality.js";

export interface RenameAmbiguity {
  readonly kind: "table" | "column";
  /** The table (new name) the column belongs to; for tables, the new table. */
  readonly table: string;
  readonly from: string;
  readonly to: string;
  /** The "old:new" text that --rename and --no-rename take to decide this pair. */
  readonly flag: string;
}

export interface RenameDecisions {
  /** "old:new" pairs to treat as renames: tables as "users:people" (or "s.users:s.people"), columns as "users.email:users.mail". */
  readonly rename: readonly string[];
  /** "old:new" pairs that are a drop and an add. */
  readonly noRename: readonly string[];
}

export interface RenamePlan {
  /** Old table key to new table key. */
  readonly tableRenames: ReadonlyMap<string, string>;
  /** New table key to (old column name to new column name). */
  readonly columnRenames: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly ambiguities: readonly RenameAmbiguity[];
}

const typed = (columns: readonly Column[]): Map<string, Column> => new Map(columns.map((c) => [c.name, c]));

/** At least half of the new table's columns exist in the old one with a compatible type. */
const tablesCompatible = (old: Table, next: Table): boolean => {
  const oldColumns = typed(old.columns);
  const shared = next.columns.filter((c) => {
    const o = oldColumns.get(c.name);
    return o !== undefined && sameType(o.type, c.type);
  }).length;
  return next.columns.length > 0 && shared * 2 >= next.columns.length;
};

/** Same type family: a rename may come with a new length or precision. */
const columnsCompatible = (old: Column, next: Column): boolean => old.type.kind === next.type.kind;

/**
 * Pairs up disappearing and appearing items. A pair named by `rename` is taken; a pair
 * named by `noRename` is not; any other compatible pair is reported as an ambiguity. An
 * item takes part in at most one rename.
 */
const decide = <T>(
  removed: readonly T[],
  added: readonly T[],
  compatible: (a: T, b: T) => boolean,
  flagOf: (a: T, b: T) => string,
  decisions: RenameDecisions,
): { pairs: [T, T][]; open: [T, T][] } => {
  const pairs: [T, T][] = [];
  const used = new Set<T>();
  // Flags are built per pair only when some rename was asked for.
  for (const a of decisions.rename.length === 0 ? [] : removed) {
    for (const b of added) {
      if (!used.has(a) && !used.has(b) && decisions.rename.includes(flagOf(a, b))) {
        pairs.push([a, b]);
        used.add(a);
        used.add(b);
      }
    }
  }
  const open: [T, T][] = [];
  for (const a of removed) {
    for (const b of added) {
      if (used.has(a) || used.has(b) || !compatible(a, b)) continue;
      if (!decisions.noRename.includes(flagOf(a, b))) open.push([a, b]);
    }
  }
  return { pairs, open };
};

export const findRenames = (from: readonly Table[], to: readonly Table[], decisions: RenameDecisions): RenamePlan => {
  const fromKeys = new Set(from.map((t) => qualifiedKey(t)));
  const toKeys = new Set(to.map((t) => qualifiedKey(t)));
  const removed = from.filter((t) => !toKeys.has(qualifiedKey(t)));
  const added = to.filter((t) => !fromKeys.has(qualifiedKey(t)));
  const tableFlag = (a: Table, b: Table): string => `${qualifiedKey(a)}:${qualifiedKey(b)}`;
  const tables = decide(removed, added, (a, b) => (a.schema ?? "") === (b.schema ?? "") && tablesCompatible(a, b), tableFlag, decisions);
  const ambiguities: RenameAmbiguity[] = tables.open.map(([a, b]) => ({ kind: "table", table: qualifiedKey(b), from: qualifiedKey(a), to: qualifiedKey(b), flag: tableFlag(a, b) }));
  const tableRenames = new Map(tables.pairs.map(([a, b]) => [qualifiedKey(a), qualifiedKey(b)]));

  const columnRenames = new Map<string, Map<string, string>>();
  const fromByKey = new Map(from.map((t) => [qualifiedKey(t), t]));
  const oldKeyOf = new Map([...tableRenames].map(([oldKey, newKey]) => [newKey, oldKey]));
  for (const table of to) {
    const key = qualifiedKey(table);
    const oldKey = oldKeyOf.get(key) ?? key;
    const old = oldKey === key && tableRenames.has(key) ? undefined : fromByKey.get(oldKey);
    if (old === undefined) continue;
    const oldNames = new Set(old.columns.map((c) => c.name));
    const newNames = new Set(table.columns.map((c) => c.name));
    const gone = old.columns.filter((c) => !newNames.has(c.name));
    const fresh = table.columns.filter((c) => !oldNames.has(c.name));
    if (gone.length === 0 || fresh.length === 0) continue;
    const columnFlag = (a: Column, b: Column): string => `${key}.${a.name}:${key}.${b.name}`;
    const columns = decide(gone, fresh, columnsCompatible, columnFlag, decisions);
    if (columns.pairs.length > 0) columnRenames.set(key, new Map(columns.pairs.map(([a, b]) => [a.name, b.name])));
    for (const [a, b] of columns.open) ambiguities.push({ kind: "column", table: key, from: a.name, to: b.name, flag: columnFlag(a, b) });
  }
  return { tableRenames, columnRenames, ambiguities };
};
