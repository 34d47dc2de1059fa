// Builders for database schemas (namespaces), created and dropped.
import type { Op } from "../types.js";
import { builder, flags, requireName } from "./args.js";

export interface CreateSchemaArgs {
  readonly name: string;
  readonly options?: { readonly ifNotExists?: boolean };
}

export const createSchema = builder(({ name, options = {} }: CreateSchemaArgs): Op[] => [
  { kind: "createSchema", name: requireName(name, "the schema's name"), ...flags(options, "ifNotExists") },
]);

export interface DropSchemaArgs {
  readonly name: string;
  readonly options?: { readonly ifExists?: boolean; readonly cascade?: boolean };
}

export const dropSchema = builder(({ name, options = {} }: DropSchemaArgs): Op[] => [
  { kind: "dropSchema", name: requireName(name, "the schema's name"), ...flags(options, "ifExists", "cascade") },
]);
