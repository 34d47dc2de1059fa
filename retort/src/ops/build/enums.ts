// Builders for enum type operations: create (from a model or a list), drop, and the two
// value changes. A model given to dropEnum is recorded, so that the drop is reversible.
import { enumDefinition, isEnumModel, type EnumModel } from "../../schema/enum.js";
import type { Op } from "../types.js";
import type { Sql } from "../../schema/sql.js";
import type { EnumColumnUse } from "../types.js";
import { builder, defaultOf, flags, invalid, requireName, schemaField, type SchemaOption } from "./args.js";

const enumName = (value: string | EnumModel, schema: string | undefined): { readonly name: string; readonly schema?: string } =>
  isEnumModel(value)
    ? { name: value.name, ...schemaField(schema ?? value.schema) }
    : { name: requireName(value, "the enum type's name"), ...schemaField(schema) };

export type CreateEnumArgs =
  | { readonly model: EnumModel }
  | { readonly name: string; readonly values: readonly string[]; readonly options?: SchemaOption };

export const createEnum = builder((args: CreateEnumArgs): Op[] => {
  if ("model" in args) return [{ kind: "createEnum", enum: enumDefinition(args.model) }];
  const name = requireName(args.name, "the enum type's name");
  const { values } = args;
  if (!Array.isArray(values) || values.length === 0) throw invalid(`enum type "${name}" has no values`, "List at least one value.");
  if (new Set(values).size !== values.length) throw invalid(`enum type "${name}" lists a value twice`, "Each enum value must be unique.");
  values.forEach((v) => requireName(v, `a value of enum type "${name}"`));
  return [{ kind: "createEnum", enum: { ...schemaField(args.options?.schema), name, values: [...values] } }];
});

export interface DropEnumArgs {
  readonly name: string | EnumModel;
  readonly options?: SchemaOption & { readonly ifExists?: boolean };
}

export const dropEnum = builder(({ name, options = {} }: DropEnumArgs): Op[] => [
  {
    kind: "dropEnum",
    ...enumName(name, options.schema),
    ...flags(options, "ifExists"),
    ...(isEnumModel(name) ? { previous: enumDefinition(name) } : {}),
  },
]);

export interface AddEnumValueArgs {
  readonly name: string | EnumModel;
  readonly value: string;
  readonly options?: SchemaOption & {
    readonly before?: string;
    readonly after?: string;
    readonly ifNotExists?: boolean;
    /** The migration uses the new value: commit it before the rest runs. */
    readonly separateTransaction?: boolean;
  };
}

export const addEnumValue = builder(({ name, value, options = {} }: AddEnumValueArgs): Op[] => {
  if (options.before !== undefined && options.after !== undefined)
    throw invalid(`addEnumValue "${value}" has both before and after`, "Give at most one of before and after.");
  return [
    {
      kind: "addEnumValue",
      ...enumName(name, options.schema),
      value: requireName(value, "the new enum value"),
      ...(options.before === undefined ? {} : { before: options.before }),
      ...(options.after === undefined ? {} : { after: options.after }),
      ...flags(options, "ifNotExists", "separateTransaction"),
    },
  ];
});

export interface RenameEnumValueArgs {
  readonly name: string | EnumModel;
  readonly from: string;
  readonly to: string;
  readonly options?: SchemaOption;
}

export const renameEnumValue = builder(({ name, from, to, options = {} }: RenameEnumValueArgs): Op[] => [
  {
    kind: "renameEnumValue",
    ...enumName(name, options.schema),
    from: requireName(from, "the value to rename"),
    to: requireName(to, "the new value"),
  },
]);

export interface EnumColumnArg {
  readonly table: string;
  readonly column: string;
  readonly schema?: string;
  /** The column is an array of the enum type. */
  readonly array?: boolean;
  readonly default?: string | number | boolean | Sql;
}

export interface RecreateEnumArgs {
  readonly name: string | EnumModel;
  readonly values: readonly string[];
  readonly options: SchemaOption & {
    /** Every column whose type is the enum type: each is converted to the new type. */
    readonly columns: readonly EnumColumnArg[];
    /** The values before, which makes the recreation reversible. */
    readonly existingValues?: readonly string[];
  };
}

const checkValues = (name: string, values: readonly string[], what: string): string[] => {
  if (!Array.isArray(values) || values.length === 0) throw invalid(`recreateEnum "${name}" has no ${what}`, "List at least one value.");
  if (new Set(values).size !== values.length) throw invalid(`recreateEnum "${name}" lists a value twice in ${what}`, "Each enum value must be unique.");
  return values.map((v) => requireName(v, `a value of enum type "${name}"`));
};

export const recreateEnum = builder(({ name, values, options }: RecreateEnumArgs): Op[] => {
  const target = enumName(name, options?.schema);
  if (!Array.isArray(options?.columns))
    throw invalid(`recreateEnum "${target.name}" has no columns list`, "List every column using the type (columns: [] when none does).");
  const columns = options.columns.map((c): EnumColumnUse => {
    const defaultValue = c.default === undefined ? null : defaultOf(c.default, `the default of column "${c.column}"`);
    return {
      table: requireName(c.table, "a column's table"),
      ...schemaField(c.schema),
      column: requireName(c.column, "a column's name"),
      ...(c.array === true ? { array: true } : {}),
      ...(defaultValue === null ? {} : { default: defaultValue }),
    };
  });
  return [
    {
      kind: "recreateEnum",
      ...target,
      values: checkValues(target.name, values, "values"),
      columns,
      ...(options.existingValues === undefined ? {} : { previous: checkValues(target.name, options.existingValues, "existingValues") }),
    },
  ];
});
