// Row types for typed queries: Database<typeof schema> (schema = defineSchema([users, ...]))
// or Database<{ users: typeof users }> is usable as Kysely<DB>. A key must be the table's
// own name: a model of table("articles") keyed as posts is a type error.
// Columns use Kysely's ColumnType shape structurally ({ __select__, __insert__, __update__ }),
// so retort needs no dependency on Kysely.
import type { ColumnBuilder, ColumnMeta } from "./column.js";
import type { TableModel, TableNameOf } from "./table.js";
import type { ViewModel } from "./view.js";

type Nullable<M extends ColumnMeta, T> = M["notNull"] extends true ? T : T | null;

/** One column's select, insert and update types, as Kysely reads them. */
export type ColumnValue<M extends ColumnMeta> = M["generated"] extends true
  ? { readonly __select__: Nullable<M, M["select"]>; readonly __insert__: never; readonly __update__: never }
  : {
      readonly __select__: Nullable<M, M["select"]>;
      // A column the database fills in (default, serial, identity) may be left out on insert.
      readonly __insert__: Nullable<M, M["insert"]> | (M["hasDefault"] extends true ? undefined : never);
      readonly __update__: Nullable<M, M["insert"]>;
    };

type BuilderMeta<B> = B extends ColumnBuilder<infer M> ? M : never;

/** A view's column: read, never written (Kysely then refuses inserts and updates). */
export type ViewColumnValue<M extends ColumnMeta> = { readonly __select__: Nullable<M, M["select"]>; readonly __insert__: never; readonly __update__: never };

/** The row type of one model table, or of a view with declared columns. */
export type RowOf<T> =
  T extends TableModel<infer C, any>
    ? { [K in keyof C]: ColumnValue<BuilderMeta<C[K]>> }
    : T extends ViewModel<infer V>
      ? { [K in keyof V]: ViewColumnValue<BuilderMeta<V[K]>> }
      : never;

/** Model tables (each under its own name; a table declared with a non-literal name fits any key) and views. */
export type KeyedByName<M> = { readonly [K in keyof M]: TableModel<any, K & string> | ViewModel };

/** A database interface for Kysely from model tables, each keyed by its table's name, and views. */
export type Database<M extends KeyedByName<M>> = { [K in keyof M]: RowOf<M[K]> };

/** What defineSchema returns: the tables keyed by their own names. */
export type SchemaOf<T extends readonly TableModel<any, string>[]> = { [M in T[number] as TableNameOf<M>]: M };
