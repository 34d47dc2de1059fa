// Builders for table constraints added and dropped on their own: primary key, foreign
// key, unique and check. An unnamed constraint is named by the convention, from the same
// table and columns a model table would use.
import type { Sql } from "../../schema/sql.js";
import type { ReferentialAction } from "../../schema/types.js";
import type { ConstraintType, Op } from "../types.js";
import { builder, flags, invalid, nameFor, nonEmptyNames, requireName, schemaField, target, textOf, type SchemaOption, type TableArg } from "./args.js";

export interface CreatePrimaryKeyArgs {
  readonly name: string | null;
  readonly table: TableArg;
  readonly columns: readonly string[];
  readonly options?: SchemaOption;
}

export const createPrimaryKey = builder(({ name, table, columns, options = {} }: CreatePrimaryKeyArgs, convention): Op[] => {
  const ref = target(table, options.schema);
  const cols = nonEmptyNames(columns, "the primary key");
  return [{ kind: "createPrimaryKey", ...ref, primaryKey: { name: nameFor(convention, "pk", name, ref.table, cols), columns: cols } }];
});

export interface ForeignKeyOptions extends SchemaOption {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  readonly referentSchema?: string;
}

export interface CreateForeignKeyArgs {
  readonly name: string | null;
  readonly sourceTable: TableArg;
  readonly referentTable: TableArg;
  readonly localColumns: readonly string[];
  readonly remoteColumns: readonly string[];
  readonly options?: ForeignKeyOptions;
}

const deferral = (options: { readonly deferrable?: boolean; readonly initiallyDeferred?: boolean }) =>
  options.deferrable === true ? { deferrable: true, initiallyDeferred: options.initiallyDeferred === true } : {};

export const createForeignKey = builder((args: CreateForeignKeyArgs, convention): Op[] => {
  const options = args.options ?? {};
  const ref = target(args.sourceTable, options.schema, "the source table");
  const referent = target(args.referentTable, options.referentSchema, "the referent table");
  const local = nonEmptyNames(args.localColumns, "the foreign key");
  const remote = nonEmptyNames(args.remoteColumns, "the foreign key's referenced side");
  if (local.length !== remote.length)
    throw invalid(
      `the foreign key from "${ref.table}" has ${local.length} column(s) referencing ${remote.length}`,
      "List as many referenced columns as local ones, in matching order.",
    );
  const foreignKey = {
    name: nameFor(convention, "fk", args.name, ref.table, local, { table: referent.table, columns: remote }),
    columns: local,
    references: { ...schemaField(referent.schema), table: referent.table, columns: remote },
    ...(options.onDelete === undefined ? {} : { onDelete: options.onDelete }),
    ...(options.onUpdate === undefined ? {} : { onUpdate: options.onUpdate }),
    ...deferral(options),
  };
  return [{ kind: "createForeignKey", ...ref, foreignKey }];
});

export interface CreateUniqueConstraintArgs {
  readonly name: string | null;
  readonly table: TableArg;
  readonly columns: readonly string[];
  readonly options?: SchemaOption & { readonly deferrable?: boolean; readonly initiallyDeferred?: boolean };
}

export const createUniqueConstraint = builder(({ name, table, columns, options = {} }: CreateUniqueConstraintArgs, convention): Op[] => {
  const ref = target(table, options.schema);
  const cols = nonEmptyNames(columns, "the unique constraint");
  const unique = { name: nameFor(convention, "uq", name, ref.table, cols), columns: cols, ...deferral(options) };
  return [{ kind: "createUniqueConstraint", ...ref, unique }];
});

export interface CreateCheckConstraintArgs {
  readonly name: string | null;
  readonly table: TableArg;
  readonly condition: string | Sql;
  readonly options?: SchemaOption;
}

export const createCheckConstraint = builder(({ name, table, condition, options = {} }: CreateCheckConstraintArgs, convention): Op[] => {
  const ref = target(table, options.schema);
  return [
    {
      kind: "createCheckConstraint",
      ...ref,
      check: { name: nameFor(convention, "ck", name, ref.table, []), expression: textOf(condition, "the check condition") },
    },
  ];
});

export interface DropConstraintArgs {
  readonly name: string;
  readonly table: TableArg;
  readonly options?: SchemaOption & { readonly type?: ConstraintType; readonly ifExists?: boolean };
}

const CONSTRAINT_TYPES: readonly ConstraintType[] = ["primaryKey", "foreignKey", "unique", "check"];

export const dropConstraint = builder(({ name, table, options = {} }: DropConstraintArgs): Op[] => {
  if (options.type !== undefined && !CONSTRAINT_TYPES.includes(options.type))
    throw invalid(`constraint type ${JSON.stringify(options.type)} is not known`, `Use one of ${CONSTRAINT_TYPES.join(", ")}.`);
  return [
    {
      kind: "dropConstraint",
      ...target(table, options.schema),
      name: requireName(name, "the constraint's name"),
      ...(options.type === undefined ? {} : { type: options.type }),
      ...flags(options, "ifExists"),
    },
  ];
});
