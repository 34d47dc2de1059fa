// Builders for views and materialized views.
import type { Sql } from "../../schema/sql.js";
import type { Op } from "../types.js";
import { builder, flags, invalid, requireName, schemaField, textOf, type SchemaOption } from "./args.js";

export interface ViewOptions {
  readonly orReplace?: boolean;
  readonly materialized?: boolean;
  /** false: a materialized view created WITH NO DATA. */
  readonly withData?: boolean;
  readonly checkOption?: "local" | "cascaded";
  readonly securityBarrier?: boolean;
  /** Drop the view and create it again (what OR REPLACE refuses: removed columns). */
  readonly dropFirst?: boolean;
}

export interface CreateViewArgs {
  readonly name: string;
  readonly query: string | Sql;
  readonly options?: SchemaOption & ViewOptions;
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
    ...(options.withData === false ? { withData: false } : {}),
    ...(options.checkOption === undefined ? {} : { checkOption: options.checkOption }),
    ...flags(options, "securityBarrier"),
  };
  return [{ kind: "createView", view, ...flags(options, "orReplace", "dropFirst") }];
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
