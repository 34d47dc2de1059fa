// Comparing models with a database's schema: the models' expressions are put into the
// server's spelling first, but only for the tables where the text differs, so a schema
// that already matches costs no extra round trip however large it is.
import type { Column, Schema, Table } from "../schema/types.js";
import { compareSchemas, type CompareOptions, type Comparison } from "./compare.js";
import { qualifiedKey, same, sameIndex } from "./equality.js";

/** Puts the named model tables (keys "name" or "schema.name") in the server's spelling. */
export interface ServerNormaliser {
  normalise(models: Schema, tableKeys: readonly string[]): Promise<Schema>;
  /** Puts the models' functions, views, trigger conditions and policies in the server's spelling where they differ from `db`'s. */
  normaliseObjects?(models: Schema, db: Schema): Promise<Schema>;
}

// Fields whose text the server rewrites: types written as custom SQL, defaults, generated
// expressions, checks and index expressions or predicates.
const columnNeedsServer = (db: Column | undefined, model: Column): boolean =>
  db !== undefined &&
  (!same(db.default, model.default) || !same(db.generated, model.generated) || (model.type.kind === "custom" && !same(db.type, model.type)));

const tableNeedsServer = (db: Table, model: Table): boolean => {
  const columns = new Map(db.columns.map((c) => [c.name, c]));
  if (model.columns.some((c) => columnNeedsServer(columns.get(c.name), c))) return true;
  const checks = new Map(db.checks.map((c) => [c.name, c.expression]));
  if (model.checks.some((c) => checks.has(c.name) && checks.get(c.name) !== c.expression)) return true;
  const indexes = new Map(db.indexes.map((i) => [i.name, i]));
  return model.indexes.some((i) => {
    const old = indexes.get(i.name);
    return old !== undefined && !sameIndex(old, i);
  });
};

/**
 * Keys of the model tables whose expressions must be spelled by the server before
 * comparing, and the model tables already equal to theirs in the database (model table to
 * database table), which the comparison then need not look at again.
 */
const partition = (db: Schema, models: Schema): { keys: string[]; unchanged: Map<Table, Table> } => {
  const existing = new Map(db.tables.map((t) => [qualifiedKey(t), t]));
  const keys: string[] = [];
  const unchanged = new Map<Table, Table>();
  for (const table of models.tables) {
    const old = existing.get(qualifiedKey(table));
    if (old === undefined) continue;
    if (same(old, table)) unchanged.set(table, old);
    else if (tableNeedsServer(old, table)) keys.push(qualifiedKey(table));
  }
  return { keys, unchanged };
};

/** Keys of the model tables whose expressions must be spelled by the server before comparing. */
export const tablesToNormalise = (db: Schema, models: Schema): string[] => partition(db, models).keys;

/** compareSchemas after the server has spelled the models' expressions where they differ. */
export const compareWithDatabase = async (
  db: Schema,
  models: Schema,
  normaliser: ServerNormaliser,
  options: CompareOptions = {},
): Promise<Comparison> => {
  const { keys, unchanged } = partition(db, models);
  const tables = keys.length === 0 ? models : await normaliser.normalise(models, keys);
  const spelled = normaliser.normaliseObjects === undefined ? tables : await normaliser.normaliseObjects(tables, db);
  return compareSchemas(db, spelled, { ...options, unchanged });
};
