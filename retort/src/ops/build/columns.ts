// Builders for column operations: add, drop, alter, and a column's comment. A column
// added with .unique(), .references() or .primaryKey() brings those constraints as ops of
// their own, named by the convention exactly as in a model table.
import { isColumnBuilder, type ColumnBuilder } from "../../schema/column.js";
import { buildTable } from "../../schema/build.js";
import type { Sql } from "../../schema/sql.js";
import { table as modelTable } from "../../schema/table.js";
import type { AlterColumn, Op } from "../types.js";
import { builder, defaultOf, flags, invalid, requireName, schemaField, target, textOf, typeOf, type SchemaOption, type TableArg } from "./args.js";

export interface AddColumnArgs {
  readonly table: TableArg;
  readonly name: string;
  readonly column: ColumnBuilder;
  readonly options?: SchemaOption & { readonly ifNotExists?: boolean };
}

export const addColumn = builder(({ table, name, column, options = {} }: AddColumnArgs, convention): Op[] => {
  const ref = target(table, options.schema);
  requireName(name, "the column's name");
  if (!isColumnBuilder(column)) throw invalid(`column "${name}" must be a column type builder`, "Pass e.g. text().notNull().");
  // A one-column model of the table gives the column its constraints' conventional names.
  const built = buildTable(modelTable(ref.table, { [name]: column }, { ...schemaField(ref.schema) }), {
    namingConvention: convention,
  }).table;
  const [definition] = built.columns;
  if (definition === undefined) throw new Error("internal error: a one-column table has no column");
  const ops: Op[] = [{ kind: "addColumn", ...ref, column: definition, ...flags(options, "ifNotExists") }];
  if (built.primaryKey !== undefined) ops.push({ kind: "createPrimaryKey", ...ref, primaryKey: built.primaryKey });
  for (const unique of built.uniques) ops.push({ kind: "createUniqueConstraint", ...ref, unique });
  for (const foreignKey of built.foreignKeys) ops.push({ kind: "createForeignKey", ...ref, foreignKey });
  return ops;
});

export interface DropColumnArgs {
  readonly table: TableArg;
  readonly name: string;
  /** `existing` describes the column being dropped, which makes the drop reversible. */
  readonly options?: SchemaOption & { readonly ifExists?: boolean; readonly existing?: ColumnBuilder };
}

export const dropColumn = builder(({ table, name, options = {} }: DropColumnArgs, convention): Op[] => {
  const ref = target(table, options.schema);
  requireName(name, "the column's name");
  let previous = {};
  if (options.existing !== undefined) {
    const [column] = buildTable(modelTable(ref.table, { [name]: options.existing }), { namingConvention: convention }).table.columns;
    previous = { previous: column };
  }
  return [{ kind: "dropColumn", ...ref, column: name, ...flags(options, "ifExists"), ...previous }];
});

export interface AlterColumnOptions extends SchemaOption {
  readonly nullable?: boolean;
  /** The new type: a builder such as varchar(200), or a type name such as "varchar(200)". */
  readonly type?: ColumnBuilder | string;
  /** USING expression for a type change. */
  readonly using?: string | Sql;
  /** Convert with USING column::new_type (for a change PostgreSQL does not cast implicitly). */
  readonly explicitCast?: boolean;
  /** New server default; null drops it. */
  readonly default?: string | number | boolean | Sql | null;
  /** New comment; null drops it. */
  readonly comment?: string | null;
  readonly newName?: string;
  /** With nullable: false, prove it with a CHECK validated on its own first (see AlterColumn). */
  readonly viaCheck?: boolean;
  // What the column was, so that the change can be reversed.
  readonly existingType?: ColumnBuilder | string;
  readonly existingNullable?: boolean;
  readonly existingDefault?: string | number | boolean | Sql | null;
  readonly existingComment?: string | null;
}

export interface AlterColumnArgs {
  readonly table: TableArg;
  readonly column: string;
  readonly options: AlterColumnOptions;
}

type Previous = { -readonly [K in keyof NonNullable<AlterColumn["previous"]>]: NonNullable<AlterColumn["previous"]>[K] };

export const alterColumn = builder(({ table, column, options }: AlterColumnArgs): Op[] => {
  const ref = target(table, options.schema);
  requireName(column, "the column's name");
  if (options.using !== undefined && options.type === undefined)
    throw invalid(`alterColumn "${column}" has a USING expression but no new type`, "USING only applies to a type change; add type.");
  const previous: Previous = {};
  if (options.existingType !== undefined) previous.type = typeOf(options.existingType, "existingType");
  if (options.existingNullable !== undefined) previous.nullable = options.existingNullable;
  if (options.existingDefault !== undefined) previous.default = defaultOf(options.existingDefault, "existingDefault");
  if (options.existingComment !== undefined) previous.comment = options.existingComment;
  const result: AlterColumn = {
    kind: "alterColumn",
    ...ref,
    column,
    ...(options.nullable === undefined ? {} : { nullable: options.nullable }),
    ...(options.type === undefined
      ? {}
      : {
          type: {
            to: typeOf(options.type, "type"),
            ...(options.using === undefined ? {} : { using: textOf(options.using, "the USING expression") }),
            ...(options.explicitCast === true && options.using === undefined ? { explicitCast: true } : {}),
          },
        }),
    ...(options.default === undefined ? {} : { default: defaultOf(options.default, "the new default") }),
    ...(options.comment === undefined ? {} : { comment: options.comment }),
    ...(options.newName === undefined ? {} : { newName: requireName(options.newName, "newName") }),
    ...(options.viaCheck === true ? { viaCheck: true } : {}),
    ...(Object.keys(previous).length === 0 ? {} : { previous }),
  };
  if (result.viaCheck === true && result.nullable !== false)
    throw invalid(`alterColumn "${column}" has viaCheck without nullable: false`, "viaCheck only applies to setting NOT NULL; add nullable: false.");
  if (
    result.nullable === undefined &&
    result.type === undefined &&
    result.default === undefined &&
    result.comment === undefined &&
    result.newName === undefined
  ) {
    throw invalid(`alterColumn on "${ref.table}"."${column}" changes nothing`, "Set at least one of nullable, type, default, comment or newName.");
  }
  return [result];
});

export interface SetColumnCommentArgs {
  readonly table: TableArg;
  readonly column: string;
  readonly comment: string | null;
  readonly options?: SchemaOption & { readonly existing?: string | null };
}

export const setColumnComment = builder(({ table, column, comment, options = {} }: SetColumnCommentArgs): Op[] => [
  {
    kind: "setColumnComment",
    ...target(table, options.schema),
    column: requireName(column, "the column's name"),
    comment,
    ...(options.existing === undefined ? {} : { previous: options.existing }),
  },
]);
