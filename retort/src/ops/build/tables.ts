// Builders for whole-table operations: create (from a model or from column builders),
// drop, rename, and the table's comment. A table's indexes are separate createIndex /
// dropIndex ops, so that each can be reversed and rendered on its own.
import type { NamingConvention } from "../../schema/naming.js";
import type { TableExtra } from "../../schema/constraints.js";
import { buildTable } from "../../schema/build.js";
import { isTableModel, table as modelTable, type ColumnBuilders, type ColumnRef, type TableModel } from "../../schema/table.js";
import type { Op } from "../types.js";
import { builder, flags, invalid, requireName, schemaField, target, type SchemaOption, type TableArg } from "./args.js";

export type Extras<C extends ColumnBuilders> = (t: { readonly [K in keyof C]: ColumnRef<C[K]> }) => readonly TableExtra[];

export type CreateTableOptions = SchemaOption & { readonly comment?: string; readonly ifNotExists?: boolean };

export type CreateTableArgs =
  | { readonly model: TableModel; readonly options?: { readonly ifNotExists?: boolean } }
  | {
      readonly name: string;
      readonly columns: ColumnBuilders;
      readonly extras?: Extras<ColumnBuilders>;
      readonly options?: CreateTableOptions;
    };

// A model table becomes a createTable op plus one createIndex per index.
const tableOps = (model: TableModel, ifNotExists: boolean | undefined, convention: NamingConvention): Op[] => {
  const { indexes, ...definition } = buildTable(model, { namingConvention: convention }).table;
  const ref = { table: definition.name, ...schemaField(definition.schema) };
  return [
    { kind: "createTable", table: definition, ...flags({ ifNotExists }, "ifNotExists") },
    ...indexes.map((index): Op => ({ kind: "createIndex", ...ref, index })),
  ];
};

export const createTable = builder((args: CreateTableArgs, convention): Op[] => {
  if ("model" in args) return tableOps(args.model, args.options?.ifNotExists, convention);
  const name = requireName(args.name, "the table's name");
  if (typeof args.columns !== "object" || args.columns === null)
    throw invalid(`createTable("${name}") needs its columns`, "Pass an object of column builders, e.g. { id: uuid().primaryKey() }.");
  const options = args.options ?? {};
  const model = modelTable(name, args.columns, args.extras, {
    ...schemaField(options.schema),
    ...(options.comment === undefined ? {} : { comment: options.comment }),
  });
  return tableOps(model, options.ifNotExists, convention);
});

export interface DropTableArgs {
  readonly table: TableArg;
  readonly options?: SchemaOption & { readonly ifExists?: boolean; readonly cascade?: boolean };
}

// A model table's indexes are dropped first, each carrying its definition, so that the
// reversed sequence re-creates the table and then its indexes exactly.
export const dropTable = builder(({ table, options = {} }: DropTableArgs, convention): Op[] => {
  const ref = target(table, options.schema);
  const tableFlags = flags(options, "ifExists", "cascade");
  if (!isTableModel(table)) return [{ kind: "dropTable", ...ref, ...tableFlags }];
  const { indexes, ...definition } = buildTable(table, { namingConvention: convention }).table;
  return [
    ...indexes.map((index): Op => ({
      kind: "dropIndex",
      ...schemaField(ref.schema),
      name: index.name,
      ...flags(options, "ifExists"),
      previous: { table: ref.table, index },
    })),
    { kind: "dropTable", ...ref, ...tableFlags, previous: definition },
  ];
});

export interface RenameTableArgs {
  readonly oldName: string;
  readonly newName: string;
  readonly options?: SchemaOption;
}

export const renameTable = builder(({ oldName, newName, options = {} }: RenameTableArgs): Op[] => [
  { kind: "renameTable", ...target(oldName, options.schema), newName: requireName(newName, "the new table name") },
]);

export interface RenameConstraintArgs {
  readonly table: TableArg;
  readonly name: string;
  readonly newName: string;
  /** The name is an index's (not a constraint's). */
  readonly options?: SchemaOption & { readonly index?: boolean };
}

export const renameConstraint = builder(({ table, name, newName, options = {} }: RenameConstraintArgs): Op[] => [
  {
    kind: "renameConstraint",
    ...target(table, options.schema),
    name: requireName(name, "the constraint's name"),
    newName: requireName(newName, "the new name"),
    ...(options.index === true ? { index: true } : {}),
  },
]);

export interface SetTableCommentArgs {
  readonly table: TableArg;
  readonly comment: string | null;
  readonly options?: SchemaOption & { readonly existing?: string | null };
}

export const setTableComment = builder(({ table, comment, options = {} }: SetTableCommentArgs): Op[] => [
  {
    kind: "setTableComment",
    ...target(table, options.schema),
    comment,
    ...(options.existing === undefined ? {} : { previous: options.existing }),
  },
]);
