// extension(), sequence() and policy(): the smaller schema objects as models.
import { RetortError } from "../errors.js";
import type { Extension, Policy, PolicyCommand, Sequence } from "./objects.js";
import type { SqlText } from "./types.js";
import { OBJECT_MODEL, type ObjectModel } from "./object-model.js";
import { isBlankText, isSql, schemaSqlText, type Sql } from "./sql.js";
import { columnOwner, isTableModel, tableDefinition, type TableModel } from "./table.js";

const bad = (message: string, hint: string) => new RetortError("INVALID_SCHEMA", message, { hint });

const named = (name: unknown, what: string, example: string): string => {
  if (typeof name !== "string" || name.length === 0) throw bad(`${what} needs a name`, `Write ${example}.`);
  return name;
};

export interface ExtensionModel extends ObjectModel {
  readonly name: string;
  readonly definition: Extension;
}

/** CREATE EXTENSION; on PGlite the extension must also be loaded when the instance is created. */
export const extension = (name: string, options: { readonly schema?: string; readonly version?: string } = {}): ExtensionModel => {
  named(name, "an extension", 'extension("pgcrypto")');
  const definition: Extension = Object.freeze({
    name,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.version === undefined ? {} : { version: options.version }),
  });
  return Object.freeze({ [OBJECT_MODEL]: { kind: "extension" as const, definition }, name, definition });
};

export interface SequenceModelOptions {
  readonly schema?: string;
  readonly type?: "smallint" | "integer" | "bigint";
  readonly start?: number;
  readonly increment?: number;
  readonly min?: number;
  readonly max?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
  /** A model column (orders.number) or { table, column } by name. */
  readonly ownedBy?: { readonly table: string; readonly column: string } | { readonly name: string; readonly builder: unknown };
}

export interface SequenceModel extends ObjectModel {
  readonly name: string;
  readonly definition: Sequence;
}

const integerOption = (value: number | undefined, what: string): number | undefined => {
  if (value !== undefined && !Number.isSafeInteger(value)) throw bad(`${what} must be an integer`, "Sequence options take integers.");
  return value;
};

export const sequence = (name: string, options: SequenceModelOptions = {}): SequenceModel => {
  named(name, "a sequence", 'sequence("order_numbers", { start: 1000 })');
  const what = `sequence "${name}"`;
  let ownedBy: Sequence["ownedBy"];
  if (options.ownedBy !== undefined) {
    const o = options.ownedBy as Record<string | symbol, unknown>;
    if (typeof o.table === "string" && typeof o.column === "string") ownedBy = { table: o.table, column: o.column };
    else {
      const owner = ownerOf(options.ownedBy);
      if (owner === undefined) throw bad(`${what} has an ownedBy that is not a column`, "Pass a model column (orders.number) or { table, column }.");
      ownedBy = owner;
    }
  }
  const fields: [keyof Sequence, number | undefined][] = [
    ["start", integerOption(options.start, `start of ${what}`)],
    ["increment", integerOption(options.increment, `increment of ${what}`)],
    ["min", integerOption(options.min, `min of ${what}`)],
    ["max", integerOption(options.max, `max of ${what}`)],
    ["cache", integerOption(options.cache, `cache of ${what}`)],
  ];
  const definition: Sequence = Object.freeze({
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    name,
    ...(options.type === undefined || options.type === "bigint" ? {} : { type: options.type }),
    ...Object.fromEntries(fields.filter(([, v]) => v !== undefined)),
    ...(options.cycle === true ? { cycle: true } : {}),
    ...(ownedBy === undefined ? {} : { ownedBy }),
  });
  return Object.freeze({ [OBJECT_MODEL]: { kind: "sequence" as const, definition }, name, definition });
};

const ownerOf = (column: unknown): { table: string; column: string } | undefined => {
  const owner = columnOwner(column);
  const name = (column as { name?: unknown } | null)?.name;
  return owner === undefined || typeof name !== "string" ? undefined : { table: owner.name, column: name };
};

export interface PolicyModelOptions {
  readonly table: TableModel | string;
  readonly schema?: string;
  readonly for?: PolicyCommand;
  /** Roles; default PUBLIC. */
  readonly to?: string | readonly string[];
  readonly using?: Sql | string;
  readonly withCheck?: Sql | string;
  /** false for AS RESTRICTIVE. */
  readonly permissive?: boolean;
}

export interface PolicyModel extends ObjectModel {
  readonly name: string;
  readonly definition: Policy;
}

const condition = (value: Sql | string | undefined, what: string): SqlText | undefined => {
  if (value === undefined) return undefined;
  const text = isSql(value) ? schemaSqlText(value, what) : value;
  if (isBlankText(text)) throw bad(`${what} is empty`, "Give the condition as sql`...`.");
  return text;
};

export const policy = (name: string, options: PolicyModelOptions): PolicyModel => {
  named(name, "a policy", 'policy("own_rows", { table: notes, using: sql`owner = current_user` })');
  const what = `policy "${name}"`;
  const table = isTableModel(options.table)
    ? { name: tableDefinition(options.table).name, schema: options.schema ?? tableDefinition(options.table).schema }
    : { name: options.table, schema: options.schema };
  if (typeof table.name !== "string" || table.name.length === 0) throw bad(`${what} names no table`, "Pass table: notes (a model) or its name.");
  const to = options.to === undefined ? undefined : typeof options.to === "string" ? [options.to] : [...options.to];
  const using = condition(options.using, `the USING expression of ${what}`);
  const withCheck = condition(options.withCheck, `the WITH CHECK expression of ${what}`);
  const definition: Policy = Object.freeze({
    name,
    ...(table.schema === undefined ? {} : { schema: table.schema }),
    table: table.name,
    ...(options.for === undefined || options.for === "all" ? {} : { for: options.for }),
    ...(to === undefined || (to.length === 1 && to[0]?.toLowerCase() === "public") ? {} : { to }),
    ...(using === undefined ? {} : { using }),
    ...(withCheck === undefined ? {} : { withCheck }),
    ...(options.permissive === false ? { permissive: false } : {}),
  });
  return Object.freeze({ [OBJECT_MODEL]: { kind: "policy" as const, definition }, name, definition });
};
