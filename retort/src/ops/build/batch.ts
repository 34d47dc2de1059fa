// op.batchAlterTable(table, (batch) => ...): several changes to one table as one op, so a
// dialect that cannot ALTER in place (SQLite) rebuilds the table once for all of them, as
// Alembic's batch_alter_table does. Plain data like every op: the inner ops are the ones
// the usual builders make, bound to the table; a dialect that alters in place runs them
// one by one.
import type { ColumnBuilder } from "../../schema/column.js";
import type { Sql } from "../../schema/sql.js";
import type { NamingConvention } from "../../schema/naming.js";
import type { Op } from "../types.js";
import { builder, invalid, schemaField, target, type SchemaOption, type TableArg } from "./args.js";
import { addColumn, alterColumn, dropColumn, type AlterColumnOptions } from "./columns.js";
import { createCheckConstraint, createForeignKey, createPrimaryKey, createUniqueConstraint, dropConstraint } from "./constraints.js";
import { createIndex, dropIndex, type CreateIndexOptions, type IndexColumnArg } from "./indexes.js";

type Options<F extends (args: never, convention?: NamingConvention) => Op[]> = NonNullable<Parameters<F>[0] extends { options?: infer O } ? O : never>;

/** The changes a batch may hold, each on the batch's table (so no table argument). */
export interface BatchOperations {
  addColumn(name: string, column: ColumnBuilder): void;
  dropColumn(name: string, options?: { readonly existing?: ColumnBuilder }): void;
  alterColumn(column: string, options: AlterColumnOptions): void;
  createIndex(name: string | null, columns: readonly IndexColumnArg[], options?: Omit<CreateIndexOptions, "concurrently">): void;
  dropIndex(name: string): void;
  createPrimaryKey(name: string | null, columns: readonly string[]): void;
  createForeignKey(name: string | null, referentTable: TableArg, localColumns: readonly string[], remoteColumns: readonly string[], options?: Options<typeof createForeignKey>): void;
  createUniqueConstraint(name: string | null, columns: readonly string[]): void;
  createCheckConstraint(name: string | null, condition: string | Sql): void;
  dropConstraint(name: string, options?: Options<typeof dropConstraint>): void;
}

export interface BatchAlterTableArgs {
  readonly table: TableArg;
  readonly build: (batch: BatchOperations) => void;
  readonly options?: SchemaOption;
}

export const batchAlterTable = builder(({ table, build, options = {} }: BatchAlterTableArgs, convention): Op[] => {
  const ref = target(table, options.schema);
  const schema = schemaField(ref.schema);
  const ops: Op[] = [];
  const add = (made: Op[]): void => void ops.push(...made);
  const batch: BatchOperations = {
    addColumn: (name, column) => add(addColumn({ table, name, column, options: schema }, convention)),
    dropColumn: (name, o) => add(dropColumn({ table, name, options: { ...schema, ...o } }, convention)),
    alterColumn: (column, o) => add(alterColumn({ table, column, options: { ...schema, ...o } }, convention)),
    createIndex: (name, columns, o) => add(createIndex({ name, table, columns, options: { ...schema, ...o } }, convention)),
    dropIndex: (name) => add(dropIndex({ name, options: { ...schema, table } }, convention)),
    createPrimaryKey: (name, columns) => add(createPrimaryKey({ name, table, columns, options: schema }, convention)),
    createForeignKey: (name, referentTable, localColumns, remoteColumns, o) =>
      add(createForeignKey({ name, sourceTable: table, referentTable, localColumns, remoteColumns, options: { ...schema, ...o } }, convention)),
    createUniqueConstraint: (name, columns) => add(createUniqueConstraint({ name, table, columns, options: schema }, convention)),
    createCheckConstraint: (name, condition) => add(createCheckConstraint({ name, table, condition, options: schema }, convention)),
    dropConstraint: (name, o) => add(dropConstraint({ name, table, options: { ...schema, ...o } }, convention)),
  };
  if (typeof build !== "function") throw invalid("batchAlterTable needs a function that makes the changes", "Write op.batchAlterTable(\"users\", (batch) => { batch.addColumn(...); }).");
  const returned: unknown = build(batch);
  if (returned instanceof Promise) throw invalid("the batchAlterTable function must not be async", "Call the batch methods without await; the batch runs when the function returns.");
  if (ops.length === 0) throw invalid(`batchAlterTable on "${ref.table}" makes no change`, "Call at least one batch method in the function.");
  return [{ kind: "batchAlterTable", ...ref, ops }];
});
