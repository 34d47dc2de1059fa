// view(): a view or materialized view as a model. Its columns, when declared, give it a
// row type in Database<...> (select only) and let a materialized view declare indexes
// the way a table does; the query itself is SQL text, compared in the server's spelling.
import { RetortError } from "../errors.js";
import type { ColumnBuilder, ColumnMeta } from "./column.js";
import type { TableExtra } from "./constraints.js";
import type { ViewDefinition } from "./objects.js";
import { OBJECT_MODEL, type ObjectModel } from "./object-model.js";
import { isBlankText, isSql, schemaSqlText, type Sql } from "./sql.js";
import { table, type ColumnRef } from "./table.js";
import { buildTable, type BuildOptions } from "./build.js";

type Columns = Record<string, ColumnBuilder<ColumnMeta>>;

export interface ViewModelOptions<C extends Columns> {
  readonly schema?: string;
  readonly materialized?: boolean;
  /** false: a materialized view created WITH NO DATA. */
  readonly withData?: boolean;
  readonly checkOption?: "local" | "cascaded";
  readonly securityBarrier?: boolean;
  /** The view's columns, for its row type (and its indexes when materialized). */
  readonly columns?: C;
  /** Indexes of a materialized view, over its declared columns. */
  readonly indexes?: (v: { readonly [K in keyof C]: ColumnRef<C[K]> }) => readonly TableExtra[];
}

declare const VIEW_COLUMNS: unique symbol;

export interface ViewModel<C extends Columns = Columns> extends ObjectModel {
  readonly name: string;
  readonly schema: string | undefined;
  readonly definition: ViewDefinition;
  /** Type-level only: the declared columns. */
  readonly [VIEW_COLUMNS]?: C;
}

const bad = (message: string, hint: string) => new RetortError("INVALID_SCHEMA", message, { hint });

export const view = <C extends Columns = Record<never, never>>(name: string, query: Sql | string, options: ViewModelOptions<C> = {}): ViewModel<C> => {
  if (typeof name !== "string" || name.length === 0) throw bad("a view needs a name", 'Write view("active_users", sql`select ...`).');
  const what = `view "${name}"`;
  const text = isSql(query) ? schemaSqlText(query, `the query of ${what}`) : query;
  if (isBlankText(text)) throw bad(`${what} has no query`, "Give the SELECT as sql`...`.");
  if (options.materialized !== true && (options.withData === false || options.indexes !== undefined))
    throw bad(`${what} is not materialized but has withData or indexes`, "Set materialized: true, or leave them out.");
  if (options.materialized === true && (options.checkOption !== undefined || options.securityBarrier === true))
    throw bad(`materialized ${what} cannot have checkOption or securityBarrier`, "Those apply to plain views only.");
  if (options.indexes !== undefined && options.columns === undefined)
    throw bad(`${what} has indexes but declares no columns`, "Declare columns: { ... } so that the indexes can name them.");
  const definition: ViewDefinition = Object.freeze({
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    name,
    query: text,
    ...(options.materialized === true ? { materialized: true } : {}),
    ...(options.withData === false ? { withData: false } : {}),
    ...(options.checkOption === undefined ? {} : { checkOption: options.checkOption }),
    ...(options.securityBarrier === true ? { securityBarrier: true } : {}),
  });
  const indexesOf = options.indexes;
  const columns = options.columns;
  // The indexes are built by the table machinery over a stand-in table of the view's
  // columns, so that they are checked and named exactly as a table's are.
  const indexes = (convention: BuildOptions) => {
    if (indexesOf === undefined || columns === undefined) return [];
    const standIn = table(name, columns, (v) => indexesOf(v as never) as never, options.schema === undefined ? {} : { schema: options.schema });
    return buildTable(standIn, convention).table.indexes;
  };
  return Object.freeze({ [OBJECT_MODEL]: { kind: "view" as const, definition, indexes }, name, schema: options.schema, definition }) as ViewModel<C>;
};
