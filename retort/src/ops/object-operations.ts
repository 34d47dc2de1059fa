// The `op` methods for extensions, sequences, row-level security and policies: each
// builds one immutable operation for the facade's queue (facade.ts hands them `submit`).
import { RetortError } from "../errors.js";
import { isSql, sqlText, type Sql } from "../schema/sql.js";
import { isTableModel, tableDefinition, type TableModel } from "../schema/table.js";
import type { Extension, Policy, PolicyCommand, Sequence } from "../schema/objects.js";
import type { Op } from "./types.js";

interface SchemaOption {
  readonly schema?: string;
}

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

export interface ObjectOperations {
  createExtension(name: string, options?: SchemaOption & { readonly version?: string; readonly ifNotExists?: boolean }): Promise<void>;
  dropExtension(name: string, options?: { readonly ifExists?: boolean }): Promise<void>;
  createSequence(name: string, options?: SequenceOptions): Promise<void>;
  /** Sets every option of the sequence to the given ones (left out means the default). */
  alterSequence(name: string, options: SequenceOptions): Promise<void>;
  dropSequence(name: string, options?: SchemaOption & { readonly ifExists?: boolean }): Promise<void>;
  createPolicy(name: string, table: string | TableModel, options?: PolicyOptions): Promise<void>;
  dropPolicy(name: string, table: string | TableModel, options?: SchemaOption & { readonly ifExists?: boolean }): Promise<void>;
  /** ENABLE/DISABLE (enabled) and FORCE/NO FORCE (forced) ROW LEVEL SECURITY. */
  setRowLevelSecurity(table: string | TableModel, options: SchemaOption & { readonly enabled?: boolean; readonly forced?: boolean }): Promise<void>;
}

const invalid = (message: string, hint: string): RetortError => new RetortError("INVALID_OPERATION", message, { hint });

const nameOf = (value: unknown, what: string): string => {
  if (typeof value !== "string" || value.length === 0) throw invalid(`${what} must be a non-empty string`, `Pass ${what} as a string.`);
  return value;
};

const schemaField = (schema: string | undefined) => (schema === undefined ? {} : { schema });

const tableOf = (table: string | TableModel, schema: string | undefined): { table: string; schema?: string } => {
  if (isTableModel(table)) {
    const t = tableDefinition(table);
    return { table: t.name, ...schemaField(schema ?? t.schema) };
  }
  return { table: nameOf(table, "the table"), ...schemaField(schema) };
};

const text = (value: string | Sql, what: string): string => {
  const result = isSql(value) ? sqlText(value, what) : value;
  if (typeof result !== "string" || result.trim().length === 0) throw invalid(`${what} is empty`, "Give the SQL expression.");
  return result;
};

export const sequenceOf = (name: string, o: SequenceOptions): Sequence => ({
  ...schemaField(o.schema),
  name: nameOf(name, "the sequence's name"),
  ...(o.type === undefined ? {} : { type: o.type }),
  ...(o.start === undefined ? {} : { start: o.start }),
  ...(o.increment === undefined ? {} : { increment: o.increment }),
  ...(o.min === undefined ? {} : { min: o.min }),
  ...(o.max === undefined ? {} : { max: o.max }),
  ...(o.cache === undefined ? {} : { cache: o.cache }),
  ...(o.cycle === true ? { cycle: true } : {}),
  ...(o.ownedBy === undefined ? {} : { ownedBy: { table: nameOf(o.ownedBy.table, "ownedBy.table"), column: nameOf(o.ownedBy.column, "ownedBy.column") } }),
});

export const policyOf = (name: string, table: string | TableModel, o: PolicyOptions): Policy => {
  const ref = tableOf(table, o.schema);
  const to = o.to === undefined ? undefined : typeof o.to === "string" ? [o.to] : [...o.to];
  return {
    name: nameOf(name, "the policy's name"),
    ...schemaField(ref.schema),
    table: ref.table,
    ...(o.for === undefined || o.for === "all" ? {} : { for: o.for }),
    ...(to === undefined ? {} : { to }),
    ...(o.using === undefined ? {} : { using: text(o.using, `the USING expression of policy "${name}"`) }),
    ...(o.withCheck === undefined ? {} : { withCheck: text(o.withCheck, `the WITH CHECK expression of policy "${name}"`) }),
    ...(o.permissive === false ? { permissive: false } : {}),
  };
};

export const objectOperations = (submit: (build: () => Op[]) => Promise<void>): ObjectOperations => ({
  createExtension: (name, o = {}) =>
    submit(() => {
      const extension: Extension = { name: nameOf(name, "the extension's name"), ...schemaField(o.schema), ...(o.version === undefined ? {} : { version: o.version }) };
      return [{ kind: "createExtension", extension, ...(o.ifNotExists === true ? { ifNotExists: true } : {}) }];
    }),
  dropExtension: (name, o = {}) =>
    submit(() => [{ kind: "dropExtension", name: nameOf(name, "the extension's name"), ...(o.ifExists === true ? { ifExists: true } : {}) }]),
  createSequence: (name, o = {}) => submit(() => [{ kind: "createSequence", sequence: sequenceOf(name, o) }]),
  alterSequence: (name, o) => submit(() => [{ kind: "alterSequence", sequence: sequenceOf(name, o) }]),
  dropSequence: (name, o = {}) =>
    submit(() => [{ kind: "dropSequence", ...schemaField(o.schema), name: nameOf(name, "the sequence's name"), ...(o.ifExists === true ? { ifExists: true } : {}) }]),
  createPolicy: (name, table, o = {}) => submit(() => [{ kind: "createPolicy", policy: policyOf(name, table, o) }]),
  dropPolicy: (name, table, o = {}) =>
    submit(() => [{ kind: "dropPolicy", ...tableOf(table, o.schema), name: nameOf(name, "the policy's name"), ...(o.ifExists === true ? { ifExists: true } : {}) }]),
  setRowLevelSecurity: (table, o) =>
    submit(() => {
      if (o.enabled === undefined && o.forced === undefined)
        throw invalid("setRowLevelSecurity changes nothing", "Pass { enabled: true } and/or { forced: true }.");
      return [{ kind: "setRowLevelSecurity", ...tableOf(table, o.schema), ...(o.enabled === undefined ? {} : { enabled: o.enabled }), ...(o.forced === undefined ? {} : { forced: o.forced }) }];
    }),
});
