// table(): a model table whose columns are its properties (users.id), so that constraints,
// references and sql`` expressions can point at them. The table's own metadata lives
// under a symbol, where no column name can collide with it.
import { RetortError } from "../errors.js";
import type { ColumnBuilder, ColumnMeta } from "./column.js";
import { indexColumn, type IndexColumn, type TableExtra } from "./constraints.js";
import { COLUMN_NAME } from "./sql.js";

const TABLE = Symbol.for("retort.tableModel");
const OWNER = Symbol.for("retort.columnOwner");

export type ColumnBuilders = Record<string, ColumnBuilder<ColumnMeta>>;

export interface TableOptions {
  readonly schema?: string;
  readonly comment?: string;
  /** ALTER TABLE ... ENABLE ROW LEVEL SECURITY (also: .enableRowLevelSecurity()). */
  readonly rowLevelSecurity?: boolean;
  /** FORCE ROW LEVEL SECURITY, for the table's owner too (also: .forceRowLevelSecurity()). */
  readonly forceRowLevelSecurity?: boolean;
  /** A BEFORE UPDATE trigger that sets a timestamp column to now() (also: .touchUpdatedAt()). */
  readonly touchUpdatedAt?: TouchUpdatedAt;
}

/** What touchUpdatedAt() declares; the defaults match `trg_<table>_updated_at` running set_updated_at(). */
export interface TouchUpdatedAt {
  /** Default "updated_at". */
  readonly column?: string;
  /** Default "trg_<table>_<column>". */
  readonly trigger?: string;
  /** Default "set_<column>", in the table's schema. */
  readonly function?: string;
}

/** What a table model holds; read it with tableDefinition(model). */
export interface TableInternals<C extends ColumnBuilders = ColumnBuilders> {
  readonly name: string;
  readonly schema?: string;
  readonly comment?: string;
  readonly columns: C;
  readonly extras: readonly TableExtra[];
  readonly rowLevelSecurity?: boolean;
  readonly forceRowLevelSecurity?: boolean;
  readonly touchUpdatedAt?: TouchUpdatedAt;
}

const REBUILD = Symbol.for("retort.tableRebuild");

/** A column of a model table, as reached through the table: users.email. */
export interface ColumnRef<B extends ColumnBuilder<ColumnMeta> = ColumnBuilder<ColumnMeta>> {
  readonly [COLUMN_NAME]: string;
  readonly name: string;
  readonly builder: B;
  asc(): IndexColumn;
  desc(): IndexColumn;
  nullsFirst(): IndexColumn;
  nullsLast(): IndexColumn;
  /** Operator class, e.g. "text_pattern_ops". */
  opclass(name: string): IndexColumn;
}

// The table's name as a type only (no value carries it): what keys Database<...> and
// defineSchema by the tables' own names.
declare const TABLE_NAME: unique symbol;

export type TableModel<C extends ColumnBuilders = ColumnBuilders, N extends string = string> = { readonly [K in keyof C]: ColumnRef<C[K]> } & {
  readonly [TABLE]: TableInternals<C>;
  readonly [TABLE_NAME]?: N;
};

/** The name a model table was declared with, as a string literal type. */
export type TableNameOf<T> = T extends { readonly [TABLE_NAME]?: infer N } ? Exclude<N, undefined> : never;
// Shared by every column reference (a large models module has 100,000 of them): methods on
// one prototype instead of five closures per column, and one constructor, so that every
// reference has the same shape and freezing it reuses one frozen shape. The methods read
// the column from `this`, so they are called as methods, t.created_at.desc(), the way the
// DSL is written.
class ModelColumn implements ColumnRef {
  declare readonly [COLUMN_NAME]: string;
  declare readonly name: string;
  declare readonly builder: ColumnBuilder<ColumnMeta>;
  declare readonly [OWNER]: unknown;

  constructor(name: string, builder: ColumnBuilder<ColumnMeta>, owner: unknown) {
    const self = this as { -readonly [K in typeof COLUMN_NAME | "name" | "builder" | typeof OWNER]: ModelColumn[K] };
    self[COLUMN_NAME] = name;
    self.name = name;
    self.builder = builder;
    self[OWNER] = owner;
    Object.freeze(this);
  }

  asc(): IndexColumn {
    return indexColumn(this, { order: "asc" });
  }
  desc(): IndexColumn {
    return indexColumn(this, { order: "desc" });
  }
  nullsFirst(): IndexColumn {
    return indexColumn(this, { nulls: "first" });
  }
  nullsLast(): IndexColumn {
    return indexColumn(this, { nulls: "last" });
  }
  opclass(opclassName: string): IndexColumn {
    return indexColumn(this, { opclass: opclassName });
  }
}

type Extras<C extends ColumnBuilders> = (t: { readonly [K in keyof C]: ColumnRef<C[K]> }) => readonly TableExtra[];

export function table<C extends ColumnBuilders, const N extends string = string>(name: N, columns: C, extras?: Extras<C>, options?: TableOptions): TableModel<C, N>;
export function table<C extends ColumnBuilders, const N extends string = string>(name: N, columns: C, options?: TableOptions): TableModel<C, N>;
export function table<C extends ColumnBuilders, const N extends string = string>(
  name: N,
  columns: C,
  extrasOrOptions?: Extras<C> | TableOptions,
  maybeOptions?: TableOptions,
): TableModel<C, N> {
  const extras = typeof extrasOrOptions === "function" ? extrasOrOptions : undefined;
  const options = (typeof extrasOrOptions === "function" || extrasOrOptions === undefined ? maybeOptions : extrasOrOptions) ?? {};
  if (typeof name !== "string" || name.length === 0)
    throw new RetortError("INVALID_SCHEMA", "a table needs a non-empty name", { hint: 'Write table("users", { ... }).' });
  const names = Object.keys(columns);
  if (names.length === 0)
    throw new RetortError("INVALID_SCHEMA", `table "${name}" has no columns`, { hint: "Declare at least one column." });
  const model: Record<string | symbol, unknown> = Object.create(null);
  const internals: { -readonly [K in keyof TableInternals<C>]: TableInternals<C>[K] } = {
    name,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.comment === undefined ? {} : { comment: options.comment }),
    columns,
    extras: [],
    ...(options.rowLevelSecurity === true ? { rowLevelSecurity: true } : {}),
    ...(options.forceRowLevelSecurity === true ? { forceRowLevelSecurity: true } : {}),
    ...(options.touchUpdatedAt === undefined ? {} : { touchUpdatedAt: Object.freeze({ ...options.touchUpdatedAt }) }),
  };
  const refs: Record<string, ColumnRef> = Object.create(null);
  for (const columnName of names) {

    const builder = columns[columnName];
    if (builder === undefined || typeof builder !== "object" || !("spec" in builder)) {
      throw new RetortError("INVALID_SCHEMA", `column "${columnName}" of table "${name}" is not a column type`, {
        hint: "Declare columns with the type functions, e.g. text(), integer(), uuid().",
      });
    }
    const ref = new ModelColumn(columnName, builder, internals);
    refs[columnName] = ref;
    // A plain store, made read-only by the freeze below: defineProperty per column is
    // several times slower on a large models module.
    model[columnName] = ref;
  }
  Object.defineProperty(model, TABLE, { value: internals });
  // The table-level helpers (touchUpdatedAt(users), ...) make a new model with one more
  // option: models are immutable.
  Object.defineProperty(model, REBUILD, { value: (extra: TableOptions) => table(name, columns, extras ?? (() => []), { ...options, ...extra }) });
  const built = extras === undefined ? [] : extras(refs as { readonly [K in keyof C]: ColumnRef<C[K]> });
  if (!Array.isArray(built))
    throw new RetortError("INVALID_SCHEMA", `the extras callback of table "${name}" must return an array`, {
      hint: "Write (t) => [index().on(t.email)].",
    });
  internals.extras = Object.freeze([...built]);
  Object.freeze(internals);
  return Object.freeze(model) as TableModel<C, N>;
}

export const isTableModel = (value: unknown): value is TableModel => typeof value === "object" && value !== null && TABLE in value;

export const tableDefinition = <C extends ColumnBuilders>(model: TableModel<C>): TableInternals<C> => model[TABLE];

/** The table a model column belongs to, when the value is one. */
export const columnOwner = (value: unknown): TableInternals | undefined =>
  typeof value === "object" && value !== null && OWNER in value ? ((value as Record<symbol, unknown>)[OWNER] as TableInternals) : undefined;

const rebuild = <C extends ColumnBuilders>(model: TableModel<C>, extra: TableOptions): TableModel<C> =>
  (model as unknown as { [REBUILD]: (extra: TableOptions) => TableModel<C> })[REBUILD](extra);

/** The table with a BEFORE UPDATE trigger setting `updated_at` (or options.column) to now(). */
export const touchUpdatedAt = <C extends ColumnBuilders, N extends string>(model: TableModel<C, N>, options: TouchUpdatedAt = {}): TableModel<C, N> =>
  rebuild(model, { touchUpdatedAt: options }) as TableModel<C, N>;

/** The table with ROW LEVEL SECURITY enabled: only rows a policy allows are visible. */
export const enableRowLevelSecurity = <C extends ColumnBuilders, N extends string>(model: TableModel<C, N>): TableModel<C, N> =>
  rebuild(model, { rowLevelSecurity: true }) as TableModel<C, N>;

/** The table with FORCE ROW LEVEL SECURITY: its owner is held to the policies too. */
export const forceRowLevelSecurity = <C extends ColumnBuilders, N extends string>(model: TableModel<C, N>): TableModel<C, N> =>
  rebuild(model, { forceRowLevelSecurity: true }) as TableModel<C, N>;
