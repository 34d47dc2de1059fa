// The `op` object migrations receive. Each method builds immutable operations at once
// (so bad arguments fail at the call, before any SQL exists) and queues them; they run
// strictly in call order through `run`, so awaiting each call is optional.
import { RetortError } from "../errors.js";
import { ColumnBuilder, isColumnBuilder, toDefault } from "../schema/column.js";
import type { TableExtra } from "../schema/constraints.js";
import { buildTable } from "../schema/build.js";
import { enumDefinition, isEnumModel, type EnumModel } from "../schema/enum.js";
import { constraintName, type ConstraintKind, type NamingConvention } from "../schema/naming.js";
import { isSql, sqlText, sqlWithParams, type Sql } from "../schema/sql.js";
import {
  isTableModel,
  table as modelTable,
  tableDefinition,
  type ColumnBuilders,
  type ColumnRef,
  type TableModel,
} from "../schema/table.js";
import { parseColumnType } from "../schema/type-names.js";
import type { ColumnType, DefaultValue, IndexElement, ReferentialAction } from "../schema/types.js";
import { createQueue } from "./queue.js";
import type { AlterColumn, ConstraintType, FunctionArgument, Op, TriggerEvent } from "./types.js";
import { objectOperations, type ObjectOperations } from "./object-operations.js";

export interface OperationsOptions {
  /** Names unnamed constraints and indexes; kinds left out keep the defaults (pk_, fk_, uq_, ix_, ck_). */
  readonly namingConvention?: NamingConvention;
}

/** A table by name, or a model table (its name and schema are used). */
export type TableArg = string | TableModel;

interface SchemaOption {
  readonly schema?: string;
}

type Extras<C extends ColumnBuilders> = (t: { readonly [K in keyof C]: ColumnRef<C[K]> }) => readonly TableExtra[];

export interface AlterColumnOptions extends SchemaOption {
  readonly nullable?: boolean;
  /** The new type: a builder such as varchar(200), or a type name such as "varchar(200)". */
  readonly type?: ColumnBuilder | string;
  /** USING expression for a type change. */
  readonly using?: string | Sql;
  /** New server default; null drops it. */
  readonly default?: string | number | boolean | Sql | null;
  /** New comment; null drops it. */
  readonly comment?: string | null;
  readonly newName?: string;
  // What the column was, so that the change can be reversed.
  readonly existingType?: ColumnBuilder | string;
  readonly existingNullable?: boolean;
  readonly existingDefault?: string | number | boolean | Sql | null;
  readonly existingComment?: string | null;
}

/** An index key: a column name, an expression, or a column with ordering. */
export type IndexColumnArg =
  string | Sql | { readonly column: string; readonly order?: "asc" | "desc"; readonly nulls?: "first" | "last"; readonly opclass?: string };

export interface CreateIndexOptions extends SchemaOption {
  readonly unique?: boolean;
  readonly where?: string | Sql;
  readonly using?: string;
  readonly include?: readonly string[];
  readonly concurrently?: boolean;
  readonly ifNotExists?: boolean;
}

export interface ForeignKeyOptions extends SchemaOption {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  readonly referentSchema?: string;
}

export interface FunctionOptions {
  readonly name: string;
  readonly schema?: string;
  /** Argument types ("integer"), or full arguments ({ name, type, mode, default }). */
  readonly args?: readonly (string | FunctionArgument)[];
  readonly returns?: string;
  readonly language: string;
  readonly body: string;
  readonly orReplace?: boolean;
  readonly volatility?: "immutable" | "stable" | "volatile";
  readonly security?: "invoker" | "definer";
  readonly strict?: boolean;
  readonly parallel?: "safe" | "restricted" | "unsafe";
  /** CREATE PROCEDURE; `returns` is then ignored. */
  readonly procedure?: boolean;
}

export interface TriggerOptions {
  readonly name: string;
  readonly table: TableArg;
  readonly schema?: string;
  readonly timing: "before" | "after" | "instead of";
  readonly events: TriggerEvent | readonly TriggerEvent[];
  readonly updateOf?: readonly string[];
  readonly forEach?: "row" | "statement";
  /** The trigger function: a name, or { schema, name }. */
  readonly function: string | { readonly schema?: string; readonly name: string };
  readonly args?: readonly string[];
  readonly when?: string | Sql;
  readonly orReplace?: boolean;
}

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

export interface Operations extends ObjectOperations {
  /** Creates a model table and its indexes. */
  createTable(model: TableModel, options?: { readonly ifNotExists?: boolean }): Promise<void>;
  /** Creates a table from column builders, with constraints and indexes from the extras callback. */
  createTable<C extends ColumnBuilders>(
    name: string,
    columns: C,
    extras?: Extras<C>,
    options?: SchemaOption & { readonly comment?: string; readonly ifNotExists?: boolean },
  ): Promise<void>;
  createTable<C extends ColumnBuilders>(
    name: string,
    columns: C,
    options?: SchemaOption & { readonly comment?: string; readonly ifNotExists?: boolean },
  ): Promise<void>;
  /** Given a model table, drops its indexes first and records everything, so the drop is reversible. */
  dropTable(table: TableArg, options?: SchemaOption & { readonly ifExists?: boolean; readonly cascade?: boolean }): Promise<void>;
  renameTable(oldName: string, newName: string, options?: SchemaOption): Promise<void>;
  /** Adds a column; its .unique(), .references() and .primaryKey() become constraints. */
  addColumn(
    table: TableArg,
    name: string,
    column: ColumnBuilder,
    options?: SchemaOption & { readonly ifNotExists?: boolean },
  ): Promise<void>;
  /** `existing` describes the column being dropped, which makes the drop reversible. */
  dropColumn(
    table: TableArg,
    name: string,
    options?: SchemaOption & { readonly ifExists?: boolean; readonly existing?: ColumnBuilder },
  ): Promise<void>;
  alterColumn(table: TableArg, column: string, options: AlterColumnOptions): Promise<void>;
  /** name null: named by the naming convention. */
  createIndex(name: string | null, table: TableArg, columns: readonly IndexColumnArg[], options?: CreateIndexOptions): Promise<void>;
  dropIndex(
    name: string,
    options?: SchemaOption & { readonly table?: TableArg; readonly concurrently?: boolean; readonly ifExists?: boolean },
  ): Promise<void>;
  createPrimaryKey(name: string | null, table: TableArg, columns: readonly string[], options?: SchemaOption): Promise<void>;
  createForeignKey(
    name: string | null,
    sourceTable: TableArg,
    referentTable: TableArg,
    localColumns: readonly string[],
    remoteColumns: readonly string[],
    options?: ForeignKeyOptions,
  ): Promise<void>;
  createUniqueConstraint(
    name: string | null,
    table: TableArg,
    columns: readonly string[],
    options?: SchemaOption & { readonly deferrable?: boolean; readonly initiallyDeferred?: boolean },
  ): Promise<void>;
  createCheckConstraint(name: string | null, table: TableArg, condition: string | Sql, options?: SchemaOption): Promise<void>;
  dropConstraint(
    name: string,
    table: TableArg,
    options?: SchemaOption & { readonly type?: ConstraintType; readonly ifExists?: boolean },
  ): Promise<void>;
  createEnum(model: EnumModel): Promise<void>;
  createEnum(name: string, values: readonly string[], options?: SchemaOption): Promise<void>;
  dropEnum(name: string | EnumModel, options?: SchemaOption & { readonly ifExists?: boolean }): Promise<void>;
  /** Runs outside the migration's transaction (see the compiler). */
  addEnumValue(
    name: string | EnumModel,
    value: string,
    options?: SchemaOption & { readonly before?: string; readonly after?: string; readonly ifNotExists?: boolean },
  ): Promise<void>;
  renameEnumValue(name: string | EnumModel, from: string, to: string, options?: SchemaOption): Promise<void>;
  setTableComment(table: TableArg, comment: string | null, options?: SchemaOption & { readonly existing?: string | null }): Promise<void>;
  setColumnComment(
    table: TableArg,
    column: string,
    comment: string | null,
    options?: SchemaOption & { readonly existing?: string | null },
  ): Promise<void>;
  /** Rows bound as parameters online, written as escaped literals offline. */
  bulkInsert(
    table: TableArg,
    rows: readonly Readonly<Record<string, unknown>>[],
    options?: SchemaOption & { readonly columns?: readonly string[] },
  ): Promise<void>;
  /** Raw SQL with $1-style parameters, or an sql`` fragment whose embedded values are bound. */
  execute(statement: string | Sql, params?: readonly unknown[]): Promise<void>;
  createFunction(definition: FunctionOptions): Promise<void>;
  dropFunction(
    name: string,
    options?: SchemaOption & { readonly argTypes?: readonly string[]; readonly procedure?: boolean; readonly ifExists?: boolean; readonly cascade?: boolean },
  ): Promise<void>;
  createTrigger(definition: TriggerOptions): Promise<void>;
  dropTrigger(name: string, table: TableArg, options?: SchemaOption & { readonly ifExists?: boolean }): Promise<void>;
  createView(
    name: string,
    query: string | Sql,
    options?: SchemaOption & ViewOptions,
  ): Promise<void>;
  dropView(
    name: string,
    options?: SchemaOption & { readonly materialized?: boolean; readonly ifExists?: boolean; readonly cascade?: boolean },
  ): Promise<void>;
  createSchema(name: string, options?: { readonly ifNotExists?: boolean }): Promise<void>;
  dropSchema(name: string, options?: { readonly ifExists?: boolean; readonly cascade?: boolean }): Promise<void>;
}

const invalid = (message: string, hint: string): RetortError => new RetortError("INVALID_OPERATION", message, { hint });

const requireName = (value: unknown, what: string): string => {
  if (typeof value !== "string" || value.length === 0) throw invalid(`${what} must be a non-empty string`, `Pass ${what} as a string.`);
  return value;
};

const nonEmptyNames = (value: readonly string[] | undefined, what: string): readonly string[] => {
  if (!Array.isArray(value) || value.length === 0) throw invalid(`${what} has an empty column list`, "Name at least one column.");
  value.forEach((v, i) => requireName(v, `column ${i + 1} of ${what}`));
  return Object.freeze([...value]);
};

const target = (table: TableArg, schema: string | undefined, what = "the table"): { table: string; schema?: string } => {
  if (isTableModel(table)) {
    const t = tableDefinition(table);
    const s = schema ?? t.schema;
    return s === undefined ? { table: t.name } : { table: t.name, schema: s };
  }
  const name = requireName(table, what);
  return schema === undefined ? { table: name } : { table: name, schema };
};

const schemaField = (schema: string | undefined) => (schema === undefined ? {} : { schema });

const textOf = (value: string | Sql, what: string): string => {
  const text = isSql(value) ? sqlText(value, what) : value;
  if (typeof text !== "string" || text.trim().length === 0) throw invalid(`${what} is empty`, "Give the SQL text.");
  return text;
};

const typeOf = (value: ColumnBuilder | string, what: string): ColumnType => {
  if (isColumnBuilder(value)) return value.spec.type;
  if (typeof value === "string") return parseColumnType(value);
  throw invalid(`${what} must be a column type builder or a type name`, 'Pass e.g. varchar(200) or "varchar(200)".');
};

const defaultOf = (value: string | number | boolean | Sql | null, what: string): DefaultValue | null =>
  value === null ? null : toDefault(value, what);

const enumName = (value: string | EnumModel, schema: string | undefined): { name: string; schema?: string } => {
  if (isEnumModel(value)) {
    const s = schema ?? value.schema;
    return s === undefined ? { name: value.name } : { name: value.name, schema: s };
  }
  return { name: requireName(value, "the enum type's name"), ...schemaField(schema) };
};

const freezeAll = (ops: Op[]): Op[] => ops.map((op) => deepFreeze(op));

// Ops are frozen through; the values of rows and parameters are the caller's data and are
// only held, not frozen.
const deepFreeze = <T>(value: T): T => {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return value;
  Object.freeze(value);
  for (const [key, v] of Object.entries(value)) {
    if (key === "rows" && Array.isArray(v)) v.forEach((row: unknown) => Object.freeze(row));
    if (key === "rows" || key === "params") Object.freeze(v);
    else deepFreeze(v);
  }
  return value;
};

export const createOperations = (
  run: (op: Op) => Promise<void>,
  options: OperationsOptions = {},
): { op: Operations; drain(): Promise<void> } => {
  const queue = createQueue(run);
  const convention = options.namingConvention ?? {};

  // Builds synchronously: a bad argument throws at the call and stops everything after it.
  const submit = (build: () => Op[]): Promise<void> => {
    let ops: Op[];
    try {
      ops = freezeAll(build());
    } catch (error) {
      const reported = asOperationError(error);
      queue.fail(reported);
      throw reported;
    }
    return queue.enqueue(ops);
  };

  const nameFor = (
    kind: ConstraintKind,
    given: string | null,
    table: string,
    columns: readonly string[],
    referred?: { table: string; columns: readonly string[] },
  ): string => {
    if (given !== null && given !== undefined) return requireName(given, "the constraint's name");
    return constraintName(convention, {
      kind,
      table,
      columns,
      ...(referred === undefined ? {} : { referredTable: referred.table, referredColumns: referred.columns }),
    });
  };

  // Model tables (and builder-made ones) become a createTable op plus one createIndex per index.
  const tableOps = (model: TableModel, ifNotExists: boolean | undefined): Op[] => {
    const { table } = buildTable(model, { namingConvention: convention });
    const { indexes, ...definition } = table;
    const ref = { table: table.name, ...schemaField(table.schema) };
    return [
      { kind: "createTable", table: definition, ...(ifNotExists === true ? { ifNotExists: true } : {}) },
      ...indexes.map((index): Op => ({ kind: "createIndex", ...ref, index })),
    ];
  };

  const op: Operations = {
    ...objectOperations(submit),
    createTable: ((first: TableModel | string, second?: unknown, third?: unknown, fourth?: unknown) =>
      submit(() => {
        if (isTableModel(first)) return tableOps(first, (second as { ifNotExists?: boolean } | undefined)?.ifNotExists);
        const name = requireName(first, "the table's name");
        if (typeof second !== "object" || second === null)
          throw invalid(`createTable("${name}") needs its columns`, "Pass an object of column builders, e.g. { id: uuid().primaryKey() }.");
        const extras = typeof third === "function" ? (third as Extras<ColumnBuilders>) : undefined;
        const opts = ((typeof third === "function" ? fourth : third) ?? {}) as SchemaOption & { comment?: string; ifNotExists?: boolean };
        const model = modelTable(name, second as ColumnBuilders, extras, {
          ...schemaField(opts.schema),
          ...(opts.comment === undefined ? {} : { comment: opts.comment }),
        });
        return tableOps(model, opts.ifNotExists);
      })) as Operations["createTable"],

    // A model table's indexes are dropped first, each carrying its definition, so that the
    // reversed sequence re-creates the table and then its indexes exactly.
    dropTable: (table, opts = {}) =>
      submit(() => {
        const ref = target(table, opts.schema);
        const flags = { ...(opts.ifExists === true ? { ifExists: true } : {}), ...(opts.cascade === true ? { cascade: true } : {}) };
        if (!isTableModel(table)) return [{ kind: "dropTable", ...ref, ...flags }];
        const { indexes, ...definition } = buildTable(table, { namingConvention: convention }).table;
        return [
          ...indexes.map((index): Op => ({
            kind: "dropIndex",
            ...schemaField(ref.schema),
            name: index.name,
            ...(opts.ifExists === true ? { ifExists: true } : {}),
            previous: { table: ref.table, index },
          })),
          { kind: "dropTable", ...ref, ...flags, previous: definition },
        ];
      }),

    renameTable: (oldName, newName, opts = {}) =>
      submit(() => [{ kind: "renameTable", ...target(oldName, opts.schema), newName: requireName(newName, "the new table name") }]),

    addColumn: (table, name, column, opts = {}) =>
      submit(() => {
        const ref = target(table, opts.schema);
        requireName(name, "the column's name");
        if (!isColumnBuilder(column)) throw invalid(`column "${name}" must be a column type builder`, "Pass e.g. text().notNull().");
        // A one-column model of the table gives the column its constraints' conventional names.
        const built = buildTable(modelTable(ref.table, { [name]: column }, { ...schemaField(ref.schema) }), {
          namingConvention: convention,
        }).table;
        const [definition] = built.columns;
        if (definition === undefined) throw new Error("internal error: a one-column table has no column");
        const ops: Op[] = [{ kind: "addColumn", ...ref, column: definition, ...(opts.ifNotExists === true ? { ifNotExists: true } : {}) }];
        if (built.primaryKey !== undefined) ops.push({ kind: "createPrimaryKey", ...ref, primaryKey: built.primaryKey });
        for (const unique of built.uniques) ops.push({ kind: "createUniqueConstraint", ...ref, unique });
        for (const foreignKey of built.foreignKeys) ops.push({ kind: "createForeignKey", ...ref, foreignKey });
        return ops;
      }),

    dropColumn: (table, name, opts = {}) =>
      submit(() => {
        const ref = target(table, opts.schema);
        requireName(name, "the column's name");
        let previous = {};
        if (opts.existing !== undefined) {
          const [column] = buildTable(modelTable(ref.table, { [name]: opts.existing }), { namingConvention: convention }).table.columns;
          previous = { previous: column };
        }
        return [{ kind: "dropColumn", ...ref, column: name, ...(opts.ifExists === true ? { ifExists: true } : {}), ...previous }];
      }),

    alterColumn: (table, column, opts) =>
      submit(() => {
        const ref = target(table, opts.schema);
        requireName(column, "the column's name");
        if (opts.using !== undefined && opts.type === undefined)
          throw invalid(`alterColumn "${column}" has a USING expression but no new type`, "USING only applies to a type change; add type.");
        const previous: { -readonly [K in keyof NonNullable<AlterColumn["previous"]>]: NonNullable<AlterColumn["previous"]>[K] } = {};
        if (opts.existingType !== undefined) previous.type = typeOf(opts.existingType, "existingType");
        if (opts.existingNullable !== undefined) previous.nullable = opts.existingNullable;
        if (opts.existingDefault !== undefined) previous.default = defaultOf(opts.existingDefault, "existingDefault");
        if (opts.existingComment !== undefined) previous.comment = opts.existingComment;
        const result: AlterColumn = {
          kind: "alterColumn",
          ...ref,
          column,
          ...(opts.nullable === undefined ? {} : { nullable: opts.nullable }),
          ...(opts.type === undefined
            ? {}
            : {
                type: {
                  to: typeOf(opts.type, "type"),
                  ...(opts.using === undefined ? {} : { using: textOf(opts.using, "the USING expression") }),
                },
              }),
          ...(opts.default === undefined ? {} : { default: defaultOf(opts.default, "the new default") }),
          ...(opts.comment === undefined ? {} : { comment: opts.comment }),
          ...(opts.newName === undefined ? {} : { newName: requireName(opts.newName, "newName") }),
          ...(Object.keys(previous).length === 0 ? {} : { previous }),
        };
        if (
          result.nullable === undefined &&
          result.type === undefined &&
          result.default === undefined &&
          result.comment === undefined &&
          result.newName === undefined
        ) {
          throw invalid(
            `alterColumn on "${ref.table}"."${column}" changes nothing`,
            "Set at least one of nullable, type, default, comment or newName.",
          );
        }
        return [result];
      }),

    createIndex: (name, table, columns, opts = {}) =>
      submit(() => {
        const ref = target(table, opts.schema);
        if (!Array.isArray(columns) || columns.length === 0)
          throw invalid(
            `index ${name === null ? `on "${ref.table}"` : `"${name}"`} has an empty column list`,
            "Index at least one column or expression.",
          );
        const named: string[] = [];
        const elements = columns.map((c): IndexElement => {
          if (isSql(c)) return { kind: "expression", sql: textOf(c, "an index expression") };
          if (typeof c === "string") {
            named.push(requireName(c, "an index column"));
            return { kind: "column", name: c };
          }
          if (typeof c === "object" && c !== null && typeof c.column === "string") {
            named.push(c.column);
            return {
              kind: "column",
              name: c.column,
              ...(c.order === undefined ? {} : { order: c.order }),
              ...(c.nulls === undefined ? {} : { nulls: c.nulls }),
              ...(c.opclass === undefined ? {} : { opclass: c.opclass }),
            };
          }
          throw invalid(
            "an index column must be a name, an sql`` expression or { column, order }",
            'Pass e.g. ["email"] or [sql`lower(email)`].',
          );
        });
        const index = {
          name: nameFor("ix", name, ref.table, named),
          elements,
          unique: opts.unique === true,
          ...(opts.using === undefined ? {} : { method: opts.using }),
          ...(opts.where === undefined ? {} : { where: textOf(opts.where, "the index's WHERE clause") }),
          ...(opts.include === undefined || opts.include.length === 0 ? {} : { include: nonEmptyNames(opts.include, "INCLUDE") }),
        };
        return [
          {
            kind: "createIndex",
            ...ref,
            index,
            ...(opts.concurrently === true ? { concurrently: true } : {}),
            ...(opts.ifNotExists === true ? { ifNotExists: true } : {}),
          },
        ];
      }),

    dropIndex: (name, opts = {}) =>
      submit(() => {
        const schema =
          opts.schema ?? (opts.table !== undefined && isTableModel(opts.table) ? tableDefinition(opts.table).schema : undefined);
        return [
          {
            kind: "dropIndex",
            name: requireName(name, "the index's name"),
            ...schemaField(schema),
            ...(opts.concurrently === true ? { concurrently: true } : {}),
            ...(opts.ifExists === true ? { ifExists: true } : {}),
          },
        ];
      }),

    createPrimaryKey: (name, table, columns, opts = {}) =>
      submit(() => {
        const ref = target(table, opts.schema);
        const cols = nonEmptyNames(columns, "the primary key");
        return [{ kind: "createPrimaryKey", ...ref, primaryKey: { name: nameFor("pk", name, ref.table, cols), columns: cols } }];
      }),

    createForeignKey: (name, sourceTable, referentTable, localColumns, remoteColumns, opts = {}) =>
      submit(() => {
        const ref = target(sourceTable, opts.schema, "the source table");
        const referent = target(referentTable, opts.referentSchema, "the referent table");
        const local = nonEmptyNames(localColumns, "the foreign key");
        const remote = nonEmptyNames(remoteColumns, "the foreign key's referenced side");
        if (local.length !== remote.length)
          throw invalid(
            `the foreign key from "${ref.table}" has ${local.length} column(s) referencing ${remote.length}`,
            "List as many referenced columns as local ones, in matching order.",
          );
        const foreignKey = {
          name: nameFor("fk", name, ref.table, local, { table: referent.table, columns: remote }),
          columns: local,
          references: { ...schemaField(referent.schema), table: referent.table, columns: remote },
          ...(opts.onDelete === undefined ? {} : { onDelete: opts.onDelete }),
          ...(opts.onUpdate === undefined ? {} : { onUpdate: opts.onUpdate }),
          ...(opts.deferrable === true ? { deferrable: true, initiallyDeferred: opts.initiallyDeferred === true } : {}),
        };
        return [{ kind: "createForeignKey", ...ref, foreignKey }];
      }),

    createUniqueConstraint: (name, table, columns, opts = {}) =>
      submit(() => {
        const ref = target(table, opts.schema);
        const cols = nonEmptyNames(columns, "the unique constraint");
        const unique = {
          name: nameFor("uq", name, ref.table, cols),
          columns: cols,
          ...(opts.deferrable === true ? { deferrable: true, initiallyDeferred: opts.initiallyDeferred === true } : {}),
        };
        return [{ kind: "createUniqueConstraint", ...ref, unique }];
      }),

    createCheckConstraint: (name, table, condition, opts = {}) =>
      submit(() => {
        const ref = target(table, opts.schema);
        return [
          {
            kind: "createCheckConstraint",
            ...ref,
            check: { name: nameFor("ck", name, ref.table, []), expression: textOf(condition, "the check condition") },
          },
        ];
      }),

    dropConstraint: (name, table, opts = {}) =>
      submit(() => {
        const types: readonly ConstraintType[] = ["primaryKey", "foreignKey", "unique", "check"];
        if (opts.type !== undefined && !types.includes(opts.type))
          throw invalid(`constraint type ${JSON.stringify(opts.type)} is not known`, `Use one of ${types.join(", ")}.`);
        return [
          {
            kind: "dropConstraint",
            ...target(table, opts.schema),
            name: requireName(name, "the constraint's name"),
            ...(opts.type === undefined ? {} : { type: opts.type }),
            ...(opts.ifExists === true ? { ifExists: true } : {}),
          },
        ];
      }),

    createEnum: ((nameOrModel: string | EnumModel, values?: readonly string[], opts: SchemaOption = {}) =>
      submit(() => {
        if (isEnumModel(nameOrModel)) return [{ kind: "createEnum", enum: enumDefinition(nameOrModel) }];
        const name = requireName(nameOrModel, "the enum type's name");
        if (!Array.isArray(values) || values.length === 0) throw invalid(`enum type "${name}" has no values`, "List at least one value.");
        if (new Set(values).size !== values.length)
          throw invalid(`enum type "${name}" lists a value twice`, "Each enum value must be unique.");
        values.forEach((v) => requireName(v, `a value of enum type "${name}"`));
        return [{ kind: "createEnum", enum: { ...schemaField(opts.schema), name, values: [...values] } }];
      })) as Operations["createEnum"],

    dropEnum: (nameOrModel, opts = {}) =>
      submit(() => [
        {
          kind: "dropEnum",
          ...enumName(nameOrModel, opts.schema),
          ...(opts.ifExists === true ? { ifExists: true } : {}),
          ...(isEnumModel(nameOrModel) ? { previous: enumDefinition(nameOrModel) } : {}),
        },
      ]),

    addEnumValue: (nameOrModel, value, opts = {}) =>
      submit(() => {
        if (opts.before !== undefined && opts.after !== undefined)
          throw invalid(`addEnumValue "${value}" has both before and after`, "Give at most one of before and after.");
        return [
          {
            kind: "addEnumValue",
            ...enumName(nameOrModel, opts.schema),
            value: requireName(value, "the new enum value"),
            ...(opts.before === undefined ? {} : { before: opts.before }),
            ...(opts.after === undefined ? {} : { after: opts.after }),
            ...(opts.ifNotExists === true ? { ifNotExists: true } : {}),
          },
        ];
      }),

    renameEnumValue: (nameOrModel, from, to, opts = {}) =>
      submit(() => [
        {
          kind: "renameEnumValue",
          ...enumName(nameOrModel, opts.schema),
          from: requireName(from, "the value to rename"),
          to: requireName(to, "the new value"),
        },
      ]),

    setTableComment: (table, comment, opts = {}) =>
      submit(() => [
        {
          kind: "setTableComment",
          ...target(table, opts.schema),
          comment,
          ...(opts.existing === undefined ? {} : { previous: opts.existing }),
        },
      ]),

    setColumnComment: (table, column, comment, opts = {}) =>
      submit(() => [
        {
          kind: "setColumnComment",
          ...target(table, opts.schema),
          column: requireName(column, "the column's name"),
          comment,
          ...(opts.existing === undefined ? {} : { previous: opts.existing }),
        },
      ]),

    bulkInsert: (table, rows, opts = {}) =>
      submit(() => {
        if (!Array.isArray(rows))
          throw invalid("bulkInsert needs an array of rows", "Pass rows as an array of objects keyed by column name.");
        rows.forEach((row, i) => {
          if (typeof row !== "object" || row === null || Array.isArray(row))
            throw invalid(`row ${i + 1} of bulkInsert is not an object`, "Pass each row as an object keyed by column name.");
        });
        return [
          {
            kind: "bulkInsert",
            ...target(table, opts.schema),
            rows: rows.map((r) => ({ ...r })),
            ...(opts.columns === undefined ? {} : { columns: nonEmptyNames(opts.columns, "bulkInsert") }),
          },
        ];
      }),

    execute: (statement, params) =>
      submit(() => {
        const given = params === undefined ? [] : [...params];
        if (isSql(statement)) {
          const { text, params: embedded } = sqlWithParams(statement, given.length);
          const all = [...given, ...embedded];
          return [{ kind: "execute", sql: text, ...(all.length === 0 ? {} : { params: all }) }];
        }
        if (typeof statement !== "string" || statement.trim().length === 0)
          throw invalid("op.execute() needs SQL text", 'Pass a statement, e.g. op.execute("update users set active = true").');
        return [{ kind: "execute", sql: statement, ...(given.length === 0 ? {} : { params: given }) }];
      }),

    createFunction: (def) =>
      submit(() => {
        const args = (def.args ?? []).map((a): FunctionArgument => (typeof a === "string" ? { type: a } : { ...a }));
        const fn = {
          ...schemaField(def.schema),
          name: requireName(def.name, "the function's name"),
          args,
          returns: def.procedure === true ? "void" : requireName(def.returns, "returns"),
          language: requireName(def.language, "language"),
          body:
            typeof def.body === "string"
              ? def.body
              : (() => {
                  throw invalid(`function "${def.name}" has no body`, "Pass the body as text.");
                })(),
          ...(def.volatility === undefined ? {} : { volatility: def.volatility }),
          ...(def.security === undefined ? {} : { security: def.security }),
          ...(def.strict === true ? { strict: true } : {}),
          ...(def.parallel === undefined ? {} : { parallel: def.parallel }),
          ...(def.procedure === true ? { procedure: true } : {}),
        };
        return [{ kind: "createFunction", function: fn, ...(def.orReplace === true ? { orReplace: true } : {}) }];
      }),

    dropFunction: (name, opts = {}) =>
      submit(() => [
        {
          kind: "dropFunction",
          ...schemaField(opts.schema),
          name: requireName(name, "the function's name"),
          ...(opts.argTypes === undefined ? {} : { argTypes: [...opts.argTypes] }),
          ...(opts.procedure === true ? { procedure: true } : {}),
          ...(opts.ifExists === true ? { ifExists: true } : {}),
          ...(opts.cascade === true ? { cascade: true } : {}),
        },
      ]),

    createTrigger: (def) =>
      submit(() => {
        const ref = target(def.table, def.schema);
        const events = (typeof def.events === "string" ? [def.events] : [...def.events]) as TriggerEvent[];
        if (events.length === 0)
          throw invalid(`trigger "${def.name}" has no events`, "List at least one of insert, update, delete, truncate.");
        const fn =
          typeof def.function === "string"
            ? { name: requireName(def.function, "the trigger function") }
            : { ...schemaField(def.function.schema), name: requireName(def.function.name, "the trigger function") };
        const trigger = {
          name: requireName(def.name, "the trigger's name"),
          ...schemaField(ref.schema),
          table: ref.table,
          timing: def.timing,
          events,
          ...(def.updateOf === undefined ? {} : { updateOf: [...def.updateOf] }),
          forEach: def.forEach ?? "statement",
          ...(def.when === undefined ? {} : { when: textOf(def.when, "the trigger's WHEN condition") }),
          function: fn,
          ...(def.args === undefined ? {} : { args: [...def.args] }),
        };
        return [{ kind: "createTrigger", trigger, ...(def.orReplace === true ? { orReplace: true } : {}) }];
      }),

    dropTrigger: (name, table, opts = {}) =>
      submit(() => [
        {
          kind: "dropTrigger",
          ...target(table, opts.schema),
          name: requireName(name, "the trigger's name"),
          ...(opts.ifExists === true ? { ifExists: true } : {}),
        },
      ]),

    createView: (name, query, opts = {}) =>
      submit(() => {
        if (opts.orReplace === true && opts.materialized === true)
          throw invalid(`materialized view "${name}" cannot be created with orReplace`, "Drop the materialized view and create it again.");
        const view = {
          ...schemaField(opts.schema),
          name: requireName(name, "the view's name"),
          query: textOf(query, "the view's query"),
          ...(opts.materialized === true ? { materialized: true } : {}),
          ...(opts.withData === false ? { withData: false } : {}),
          ...(opts.checkOption === undefined ? {} : { checkOption: opts.checkOption }),
          ...(opts.securityBarrier === true ? { securityBarrier: true } : {}),
        };
        return [{ kind: "createView", view, ...(opts.orReplace === true ? { orReplace: true } : {}), ...(opts.dropFirst === true ? { dropFirst: true } : {}) }];
      }),

    dropView: (name, opts = {}) =>
      submit(() => [
        {
          kind: "dropView",
          ...schemaField(opts.schema),
          name: requireName(name, "the view's name"),
          ...(opts.materialized === true ? { materialized: true } : {}),
          ...(opts.ifExists === true ? { ifExists: true } : {}),
          ...(opts.cascade === true ? { cascade: true } : {}),
        },
      ]),

    createSchema: (name, opts = {}) =>
      submit(() => [
        { kind: "createSchema", name: requireName(name, "the schema's name"), ...(opts.ifNotExists === true ? { ifNotExists: true } : {}) },
      ]),

    dropSchema: (name, opts = {}) =>
      submit(() => [
        {
          kind: "dropSchema",
          name: requireName(name, "the schema's name"),
          ...(opts.ifExists === true ? { ifExists: true } : {}),
          ...(opts.cascade === true ? { cascade: true } : {}),
        },
      ]),
  };

  return { op: Object.freeze(op), drain: queue.drain };
};

// Inside an operation, a model-building mistake is an operation argument mistake.
const asOperationError = (error: unknown): unknown =>
  error instanceof RetortError && error.code === "INVALID_SCHEMA"
    ? new RetortError("INVALID_OPERATION", error.message, { ...(error.hint === undefined ? {} : { hint: error.hint }), cause: error })
    : error;
