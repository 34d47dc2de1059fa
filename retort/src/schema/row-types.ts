// Row types for typed queries: Database<{ users: typeof users }> is usable as Kysely<DB>.
// Columns use Kysely's ColumnType shape structurally ({ __select__, __insert__, __update__ }),
// so retort needs no dependency on Kysely.
import type { ColumnBuilder, ColumnMeta } from "./column.js";
import type { TableModel } from "./table.js";
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
  T extends TableModel<infer C>
    ? { [K in keyof C]: ColumnValue<BuilderMeta<C[K]>> }
    : T extends ViewModel<infer V>
      ? { [K in keyof V]: ViewColumnValue<BuilderMeta<V[K]>> }
      : never;

/** A database interface for Kysely from model tables and views keyed as queries name them. */
export type Database<M extends Record<string, TableModel | ViewModel>> = { [K in keyof M]: RowOf<M[K]> };
