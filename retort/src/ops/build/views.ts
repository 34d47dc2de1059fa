// Builders for views and materialized views.
import type { Sql } from "../../schema/sql.js";
import type { Op } from "../types.js";
import { builder, flags, invalid, requireName, schemaField, textOf, type SchemaOption } from "./args.js";

export interface CreateViewArgs {
  readonly name: string;
  readonly query: string | Sql;
  readonly options?: SchemaOption & { readonly orReplace?: boolean; readonly materialized?: boolean };
}

export const createView = builder(({ name, query, options = {} }: CreateViewArgs): Op[] => {
  // PostgreSQL has no CREATE OR REPLACE MATERIALIZED VIEW.
  if (options.orReplace === true && options.materialized === true)
    throw invalid(`materialized view "${name}" cannot be created with orReplace`, "Drop the materialized view and create it again.");
  const view = {
    ...schemaField(options.schema),
    name: requireName(name, "the view's name"),
    query: textOf(query, "the view's query"),
    ...flags(options, "materialized"),
  };
  return [{ kind: "createView", view, ...flags(options, "orReplace") }];
});

export interface DropViewArgs {
  readonly name: string;
  readonly options?: SchemaOption & { readonly materialized?: boolean; readonly ifExists?: boolean; readonly cascade?: boolean };
}

export const dropView = builder(({ name, options = {} }: DropViewArgs): Op[] => [
  {
    kind: "dropView",
    ...schemaField(options.schema),
    name: requireName(name, "the view's name"),
    ...flags(options, "materialized", "ifExists", "cascade"),
  },
]);
