// The `op` object migrations receive. Each method hands its arguments to one builder in
// build/ (which validates them and returns immutable ops, so bad arguments fail at the
// call, before any SQL exists) and queues what it returns; ops run strictly in call order
// through `run`, so awaiting each call is optional.
import type { ColumnBuilder } from "../schema/column.js";
import type { EnumModel } from "../schema/enum.js";
import type { NamingConvention } from "../schema/naming.js";
import type { Sql } from "../schema/sql.js";
import { isTableModel, type ColumnBuilders, type TableModel } from "../schema/table.js";
import { isEnumModel } from "../schema/enum.js";
import type { SchemaOption, TableArg } from "./build/args.js";
import { addColumn, alterColumn, dropColumn, setColumnComment, type AlterColumnOptions } from "./build/columns.js";
import {
  createCheckConstraint,
  createForeignKey,
  createPrimaryKey,
  createUniqueConstraint,
  dropConstraint,
  type CreateCheckConstraintArgs,
  type CreateUniqueConstraintArgs,
  type ForeignKeyOptions,
} from "./build/constraints.js";
import { bulkInsert, execute } from "./build/data.js";
import { addEnumValue, createEnum, dropEnum, recreateEnum, renameEnumValue, type RecreateEnumArgs } from "./build/enums.js";
import { createIndex, dropIndex, type CreateIndexOptions, type IndexColumnArg } from "./build/indexes.js";
import { batchAlterTable, type BatchOperations } from "./build/batch.js";
import { createFunction, createTrigger, dropFunction, dropTrigger, type FunctionOptions, type TriggerOptions } from "./build/routines.js";
import { createSchema, dropSchema } from "./build/schemas.js";
import { createTable, dropTable, renameConstraint, renameTable, setTableComment, type CreateTableOptions, type Extras } from "./build/tables.js";
import { createView, dropView, type ViewOptions } from "./build/views.js";
import {
  alterSequence,
  createExtension,
  createPolicy,
  createSequence,
  dropExtension,
  dropPolicy,
  dropSequence,
  setRowLevelSecurity,
  type PolicyOptions,
  type SequenceOptions,
} from "./build/objects.js";
import { createQueue } from "./queue.js";
import type { ConstraintType, Op } from "./types.js";

export type { TableArg, AlterColumnOptions, IndexColumnArg, CreateIndexOptions, ForeignKeyOptions, FunctionOptions, TriggerOptions };

export interface OperationsOptions {
  /** Names unnamed constraints and indexes; kinds left out keep the defaults (pk_, fk_, uq_, ix_, ck_). */
  readonly namingConvention?: NamingConvention;
  /** The run's `-x key=value` arguments, offered to migrations as `op.context.args`. */
  readonly args?: Readonly<Record<string, string>>;
  /** The tenant being migrated (`upgrade --tenants`), offered as `op.context.tenant`. */
  readonly tenant?: string;
}

/** What a migration can learn about the run it is part of. */
export interface MigrationContext {
  /** `-x key=value` from the command line, e.g. `retort upgrade -x seed=demo`. */
  readonly args: Readonly<Record<string, string>>;
  /** The tenant's name from the config's `tenants` under `upgrade --tenants`; null otherwise. */
  readonly tenant: string | null;
}

export interface Operations {
  /** The run this migration is part of (not an operation). */
  readonly context: MigrationContext;
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
  /** Renames a constraint of the table, or (index: true) one of its indexes. */
  renameConstraint(table: TableArg, name: string, newName: string, options?: SchemaOption & { readonly index?: boolean }): Promise<void>;
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
    options?: CreateUniqueConstraintArgs["options"],
  ): Promise<void>;
  createCheckConstraint(name: string | null, table: TableArg, condition: string | Sql, options?: CreateCheckConstraintArgs["options"]): Promise<void>;
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
    options?: SchemaOption & { readonly before?: string; readonly after?: string; readonly ifNotExists?: boolean; readonly separateTransaction?: boolean },
  ): Promise<void>;
  /** Removes or reorders values: rename aside, create anew, convert every listed column, drop the old type. */
  recreateEnum(name: string | EnumModel, values: readonly string[], options: RecreateEnumArgs["options"]): Promise<void>;
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
  createExtension(name: string, options?: SchemaOption & { readonly version?: string; readonly ifNotExists?: boolean }): Promise<void>;
  dropExtension(name: string, options?: { readonly ifExists?: boolean }): Promise<void>;
  createSequence(name: string, options?: SequenceOptions): Promise<void>;
  /** Sets every option of the sequence to the given ones (left out means the default). */
  alterSequence(name: string, options: SequenceOptions): Promise<void>;
  dropSequence(name: string, options?: SchemaOption & { readonly ifExists?: boolean }): Promise<void>;
  createPolicy(name: string, table: TableArg, options?: PolicyOptions): Promise<void>;
  dropPolicy(name: string, table: TableArg, options?: SchemaOption & { readonly ifExists?: boolean }): Promise<void>;
  /** ENABLE/DISABLE (enabled) and FORCE/NO FORCE (forced) ROW LEVEL SECURITY. */
  setRowLevelSecurity(table: TableArg, options: SchemaOption & { readonly enabled?: boolean; readonly forced?: boolean }): Promise<void>;
  createSchema(name: string, options?: { readonly ifNotExists?: boolean }): Promise<void>;
  dropSchema(name: string, options?: { readonly ifExists?: boolean; readonly cascade?: boolean }): Promise<void>;
  /**
   * Several changes to one table at once: on SQLite one rebuild (move-and-copy) for all of
   * them; elsewhere they run one by one. `build` calls the batch's methods synchronously.
   */
  batchAlterTable(table: TableArg, build: (batch: BatchOperations) => void, options?: SchemaOption): Promise<void>;
}

export const createOperations = (
  run: (op: Op) => Promise<void>,
  options: OperationsOptions = {},
): { op: Operations; drain(): Promise<void> } => {
  const queue = createQueue(run);
  const convention = options.namingConvention ?? {};

  // Builds synchronously: a bad argument throws at the call and stops everything after it.
  const submit = <A>(build: (args: A, convention: NamingConvention) => Op[], args: A): Promise<void> => {
    let ops: Op[];
    try {
      ops = build(args, convention);
    } catch (error) {
      queue.fail(error);
      throw error;
    }
    return queue.enqueue(ops);
  };

  const op: Operations = {
    context: Object.freeze({ args: Object.freeze({ ...(options.args ?? {}) }), tenant: options.tenant ?? null }),
    // Overloads: (model, options) or (name, columns, extras?, options?).
    createTable: ((first: TableModel | string, second?: unknown, third?: unknown, fourth?: unknown) =>
      isTableModel(first)
        ? submit(createTable, { model: first, options: second as { ifNotExists?: boolean } | undefined })
        : submit(createTable, {
            name: first,
            columns: second as ColumnBuilders,
            ...(typeof third === "function" ? { extras: third as Extras<ColumnBuilders> } : {}),
            options: (typeof third === "function" ? fourth : third) as CreateTableOptions | undefined,
          })) as Operations["createTable"],
    dropTable: (table, options) => submit(dropTable, { table, options }),
    renameTable: (oldName, newName, options) => submit(renameTable, { oldName, newName, options }),
    renameConstraint: (table, name, newName, options) => submit(renameConstraint, { table, name, newName, options }),
    addColumn: (table, name, column, options) => submit(addColumn, { table, name, column, options }),
    dropColumn: (table, name, options) => submit(dropColumn, { table, name, options }),
    alterColumn: (table, column, options) => submit(alterColumn, { table, column, options }),
    createIndex: (name, table, columns, options) => submit(createIndex, { name, table, columns, options }),
    dropIndex: (name, options) => submit(dropIndex, { name, options }),
    createPrimaryKey: (name, table, columns, options) => submit(createPrimaryKey, { name, table, columns, options }),
    createForeignKey: (name, sourceTable, referentTable, localColumns, remoteColumns, options) =>
      submit(createForeignKey, { name, sourceTable, referentTable, localColumns, remoteColumns, options }),
    createUniqueConstraint: (name, table, columns, options) => submit(createUniqueConstraint, { name, table, columns, options }),
    createCheckConstraint: (name, table, condition, options) => submit(createCheckConstraint, { name, table, condition, options }),
    dropConstraint: (name, table, options) => submit(dropConstraint, { name, table, options }),
    // Overloads: (model) or (name, values, options?).
    createEnum: ((nameOrModel: string | EnumModel, values?: readonly string[], options?: SchemaOption) =>
      isEnumModel(nameOrModel)
        ? submit(createEnum, { model: nameOrModel })
        : submit(createEnum, { name: nameOrModel, values: values as readonly string[], options })) as Operations["createEnum"],
    dropEnum: (name, options) => submit(dropEnum, { name, options }),
    addEnumValue: (name, value, options) => submit(addEnumValue, { name, value, options }),
    renameEnumValue: (name, from, to, options) => submit(renameEnumValue, { name, from, to, options }),
    recreateEnum: (name, values, options) => submit(recreateEnum, { name, values, options }),
    setTableComment: (table, comment, options) => submit(setTableComment, { table, comment, options }),
    setColumnComment: (table, column, comment, options) => submit(setColumnComment, { table, column, comment, options }),
    bulkInsert: (table, rows, options) => submit(bulkInsert, { table, rows, options }),
    execute: (statement, params) => submit(execute, { statement, ...(params === undefined ? {} : { params }) }),
    createFunction: (definition) => submit(createFunction, definition),
    dropFunction: (name, options) => submit(dropFunction, { name, options }),
    createTrigger: (definition) => submit(createTrigger, definition),
    dropTrigger: (name, table, options) => submit(dropTrigger, { name, table, options }),
    createView: (name, query, options) => submit(createView, { name, query, options }),
    dropView: (name, options) => submit(dropView, { name, options }),
    createExtension: (name, options) => submit(createExtension, { name, options }),
    dropExtension: (name, options) => submit(dropExtension, { name, options }),
    createSequence: (name, options) => submit(createSequence, { name, options }),
    alterSequence: (name, options) => submit(alterSequence, { name, options }),
    dropSequence: (name, options) => submit(dropSequence, { name, options }),
    createPolicy: (name, table, options) => submit(createPolicy, { name, table, options }),
    dropPolicy: (name, table, options) => submit(dropPolicy, { name, table, options }),
    setRowLevelSecurity: (table, options) => submit(setRowLevelSecurity, { table, options }),
    createSchema: (name, options) => submit(createSchema, { name, options }),
    dropSchema: (name, options) => submit(dropSchema, { name, options }),
    batchAlterTable: (table, build, options) => submit(batchAlterTable, { table, build, options }),
  };

  return { op: Object.freeze(op), drain: queue.drain };
};
