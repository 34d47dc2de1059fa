// Builders for index operations. An index key is a column name, an sql`` expression or a
// column with ordering; an unnamed index is named by the convention from its columns.
import { isSql, type Sql } from "../../schema/sql.js";
import { isTableModel, tableDefinition } from "../../schema/table.js";
import type { IndexElement } from "../../schema/types.js";
import type { Op } from "../types.js";
import { builder, flags, invalid, nameFor, nonEmptyNames, requireName, schemaField, target, textOf, type SchemaOption, type TableArg } from "./args.js";

/** An index key: a column name, an expression, or a column with ordering. */
export type IndexColumnArg =
  string | Sql | { readonly column: string; readonly order?: "asc" | "desc"; readonly nulls?: "first" | "last"; readonly opclass?: string };

export interface CreateIndexOptions extends SchemaOption {
  readonly unique?: boolean;
  readonly where?: string | Sql;
  readonly using?: string;
  readonly include?: readonly string[];
  readonly concurrently?: boolean;
  readonly ifNotExists?: boolean;
}

export interface CreateIndexArgs {
  /** null: named by the naming convention. */
  readonly name: string | null;
  readonly table: TableArg;
  readonly columns: readonly IndexColumnArg[];
  readonly options?: CreateIndexOptions;
}

export const createIndex = builder(({ name, table, columns, options = {} }: CreateIndexArgs, convention): Op[] => {
  const ref = target(table, options.schema);
  if (!Array.isArray(columns) || columns.length === 0)
    throw invalid(
      `index ${name === null ? `on "${ref.table}"` : `"${name}"`} has an empty column list`,
      "Index at least one column or expression.",
    );
  const named: string[] = [];
  const elements = columns.map((c): IndexElement => {
    if (isSql(c)) return { kind: "expression", sql: textOf(c, "an index expression") };
    if (typeof c === "string") {
      named.push(requireName(c, "an index column"));
      return { kind: "column", name: c };
    }
    if (typeof c === "object" && c !== null && typeof c.column === "string") {
      named.push(c.column);
      return {
        kind: "column",
        name: c.column,
        ...(c.order === undefined ? {} : { order: c.order }),
        ...(c.nulls === undefined ? {} : { nulls: c.nulls }),
        ...(c.opclass === undefined ? {} : { opclass: c.opclass }),
      };
    }
    throw invalid("an index column must be a name, an sql`` expression or { column, order }", 'Pass e.g. ["email"] or [sql`lower(email)`].');
  });
  const index = {
    name: nameFor(convention, "ix", name, ref.table, named),
    elements,
    unique: options.unique === true,
    ...(options.using === undefined ? {} : { method: options.using }),
    ...(options.where === undefined ? {} : { where: textOf(options.where, "the index's WHERE clause") }),
    ...(options.include === undefined || options.include.length === 0 ? {} : { include: nonEmptyNames(options.include, "INCLUDE") }),
  };
  return [{ kind: "createIndex", ...ref, index, ...flags(options, "concurrently", "ifNotExists") }];
});

export interface DropIndexArgs {
  readonly name: string;
  readonly options?: SchemaOption & { readonly table?: TableArg; readonly concurrently?: boolean; readonly ifExists?: boolean };
}

// An index lives in its table's schema, so a model table given as `table` lends its schema.
export const dropIndex = builder(({ name, options = {} }: DropIndexArgs): Op[] => {
  const schema = options.schema ?? (options.table !== undefined && isTableModel(options.table) ? tableDefinition(options.table).schema : undefined);
  return [
    {
      kind: "dropIndex",
      name: requireName(name, "the index's name"),
      ...schemaField(schema),
      ...flags(options, "concurrently", "ifExists"),
    },
  ];
});
