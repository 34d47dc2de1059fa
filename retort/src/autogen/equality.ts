// What "the same" means when comparing a database with models. Both sides have been read
// through the same rules (introspection, or the server's normalisation of model
// expressions), so what is left here is structural: spellings that PostgreSQL stores
// identically are folded before a deep comparison.
import type { ColumnType, Index, IndexElement, QualifiedName } from "../schema/types.js";

/**
 * Deep equality of plain data where an undefined field equals a missing one. Written out
 * rather than by serialising: comparisons run per column on large schemas.
 */
export const same = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key in x) if (x[key] !== undefined && !same(x[key], y[key])) return false;
  for (const key in y) if (y[key] !== undefined && x[key] === undefined) return false;
  return true;
};

/** Folds type spellings the server stores the same way: char = char(1), numeric(p) = numeric(p,0). */
export const normaliseType = (type: ColumnType): ColumnType => {
  switch (type.kind) {
    case "char":
      return { kind: "char", length: type.length ?? 1 };
    case "numeric":
      return type.precision !== undefined && type.scale === undefined ? { ...type, scale: 0 } : type;
    case "array": {
      const element = normaliseType(type.element);
      return type.dimensions !== undefined && type.dimensions > 1 ? { kind: "array", element, dimensions: type.dimensions } : { kind: "array", element };
    }
    case "time":
    case "timestamp":
      return type.precision === undefined ? { kind: type.kind, withTimezone: type.withTimezone } : type;
    default:
      return type;
  }
};

export const sameType = (a: ColumnType, b: ColumnType): boolean => same(normaliseType(a), normaliseType(b));

const normaliseElement = (e: IndexElement): IndexElement => {
  if (e.kind === "expression") return e;
  const desc = e.order === "desc";
  // ASC NULLS LAST and DESC NULLS FIRST are the defaults and are not recorded.
  const nullsDefault = desc ? "first" : "last";
  return {
    kind: "column",
    name: e.name,
    ...(desc ? { order: "desc" as const } : {}),
    ...(e.nulls !== undefined && e.nulls !== nullsDefault ? { nulls: e.nulls } : {}),
    ...(e.opclass !== undefined ? { opclass: e.opclass } : {}),
  };
};

export const normaliseIndex = (index: Index): Index => ({
  name: index.name,
  elements: index.elements.map(normaliseElement),
  unique: index.unique,
  ...(index.method !== undefined && index.method !== "btree" ? { method: index.method } : {}),
  ...(index.where !== undefined ? { where: index.where } : {}),
  ...(index.include !== undefined && index.include.length > 0 ? { include: index.include } : {}),
});

export const sameIndex = (a: Index, b: Index): boolean => same(normaliseIndex(a), normaliseIndex(b));

/** "schema.name" or "name": the key tables and enums are matched by. */
export const qualifiedKey = (ref: QualifiedName | { readonly schema?: string; readonly table: string }): string => {
  const name = "name" in ref ? ref.name : ref.table;
  return ref.schema === undefined ? name : `${ref.schema}.${name}`;
};
