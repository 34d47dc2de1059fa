// Builders for extensions, sequences, row-level security and policies.
import type { Sql } from "../../schema/sql.js";
import type { Extension, Policy, PolicyCommand, Sequence } from "../../schema/objects.js";
import type { Op } from "../types.js";
import { builder, flags, invalid, requireName, schemaField, target, textOf, type SchemaOption, type TableArg } from "./args.js";

export interface SequenceOptions extends SchemaOption {
  readonly type?: Sequence["type"];
  readonly start?: number;
  readonly increment?: number;
  readonly min?: number;
  readonly max?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
  readonly ownedBy?: { readonly table: string; readonly column: string };
}

export interface PolicyOptions extends SchemaOption {
  readonly for?: PolicyCommand;
  readonly to?: string | readonly string[];
  readonly using?: string | Sql;
  readonly withCheck?: string | Sql;
  /** false for AS RESTRICTIVE. */
  readonly permissive?: boolean;
}

export interface CreateExtensionArgs {
  readonly name: string;
  readonly options?: SchemaOption & { readonly version?: string; readonly ifNotExists?: boolean };
}

export const createExtension = builder(({ name, options = {} }: CreateExtensionArgs): Op[] => {
  const extension: Extension = {
    name: requireName(name, "the extension's name"),
    ...schemaField(options.schema),
    ...(options.version === undefined ? {} : { version: options.version }),
  };
  return [{ kind: "createExtension", extension, ...flags(options, "ifNotExists") }];
});

export const dropExtension = builder(({ name, options = {} }: { readonly name: string; readonly options?: { readonly ifExists?: boolean } }): Op[] => [
  { kind: "dropExtension", name: requireName(name, "the extension's name"), ...flags(options, "ifExists") },
]);

const sequenceOf = (name: string, o: SequenceOptions): Sequence => ({
  ...schemaField(o.schema),
  name: requireName(name, "the sequence's name"),
  ...(o.type === undefined ? {} : { type: o.type }),
  ...(o.start === undefined ? {} : { start: o.start }),
  ...(o.increment === undefined ? {} : { increment: o.increment }),
  ...(o.min === undefined ? {} : { min: o.min }),
  ...(o.max === undefined ? {} : { max: o.max }),
  ...(o.cache === undefined ? {} : { cache: o.cache }),
  ...flags(o, "cycle"),
  ...(o.ownedBy === undefined
    ? {}
    : { ownedBy: { table: requireName(o.ownedBy.table, "ownedBy.table"), column: requireName(o.ownedBy.column, "ownedBy.column") } }),
});

export interface SequenceArgs {
  readonly name: string;
  readonly options?: SequenceOptions;
}

export const createSequence = builder(({ name, options = {} }: SequenceArgs): Op[] => [{ kind: "createSequence", sequence: sequenceOf(name, options) }]);

/** Sets every option of the sequence to the given ones (left out means the default). */
export const alterSequence = builder(({ name, options = {} }: SequenceArgs): Op[] => [{ kind: "alterSequence", sequence: sequenceOf(name, options) }]);

export const dropSequence = builder(({ name, options = {} }: { readonly name: string; readonly options?: SchemaOption & { readonly ifExists?: boolean } }): Op[] => [
  { kind: "dropSequence", ...schemaField(options.schema), name: requireName(name, "the sequence's name"), ...flags(options, "ifExists") },
]);

export interface CreatePolicyArgs {
  readonly name: string;
  readonly table: TableArg;
  readonly options?: PolicyOptions;
}

export const createPolicy = builder(({ name, table, options = {} }: CreatePolicyArgs): Op[] => {
  const ref = target(table, options.schema);
  const to = options.to === undefined ? undefined : typeof options.to === "string" ? [options.to] : [...options.to];
  const policy: Policy = {
    name: requireName(name, "the policy's name"),
    ...schemaField(ref.schema),
    table: ref.table,
    ...(options.for === undefined || options.for === "all" ? {} : { for: options.for }),
    ...(to === undefined ? {} : { to }),
    ...(options.using === undefined ? {} : { using: textOf(options.using, `the USING expression of policy "${name}"`) }),
    ...(options.withCheck === undefined ? {} : { withCheck: textOf(options.withCheck, `the WITH CHECK expression of policy "${name}"`) }),
    ...(options.permissive === false ? { permissive: false } : {}),
  };
  return [{ kind: "createPolicy", policy }];
});

export interface DropPolicyArgs {
  readonly name: string;
  readonly table: TableArg;
  readonly options?: SchemaOption & { readonly ifExists?: boolean };
}

export const dropPolicy = builder(({ name, table, options = {} }: DropPolicyArgs): Op[] => [
  { kind: "dropPolicy", ...target(table, options.schema), name: requireName(name, "the policy's name"), ...flags(options, "ifExists") },
]);

export interface RowLevelSecurityArgs {
  readonly table: TableArg;
  readonly options: SchemaOption & { readonly enabled?: boolean; readonly forced?: boolean };
}

export const setRowLevelSecurity = builder(({ table, options }: RowLevelSecurityArgs): Op[] => {
  if (options?.enabled === undefined && options?.forced === undefined)
    throw invalid("setRowLevelSecurity changes nothing", "Pass { enabled: true } and/or { forced: true }.");
  return [
    {
      kind: "setRowLevelSecurity",
      ...target(table, options.schema),
      ...(options.enabled === undefined ? {} : { enabled: options.enabled }),
      ...(options.forced === undefined ? {} : { forced: options.forced }),
    },
  ];
});
