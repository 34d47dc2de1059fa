// Builders for operations on data rather than on structure: bulk inserts and raw
// statements. Rows and parameters are the caller's values, held as they are.
import { isSql, sqlFragment, type Sql } from "../../schema/sql.js";
import type { Op } from "../types.js";
import { builder, invalid, nonEmptyNames, target, type SchemaOption, type TableArg } from "./args.js";

export interface BulkInsertArgs {
  readonly table: TableArg;
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  readonly options?: SchemaOption & { readonly columns?: readonly string[] };
}

export const bulkInsert = builder(({ table, rows, options = {} }: BulkInsertArgs): Op[] => {
  if (!Array.isArray(rows)) throw invalid("bulkInsert needs an array of rows", "Pass rows as an array of objects keyed by column name.");
  rows.forEach((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row))
      throw invalid(`row ${i + 1} of bulkInsert is not an object`, "Pass each row as an object keyed by column name.");
  });
  return [
    {
      kind: "bulkInsert",
      ...target(table, options.schema),
      rows: rows.map((r) => ({ ...r })),
      ...(options.columns === undefined ? {} : { columns: nonEmptyNames(options.columns, "bulkInsert") }),
    },
  ];
});

export interface ExecuteArgs {
  readonly statement: string | Sql;
  readonly params?: readonly unknown[];
}

export const execute = builder(({ statement, params }: ExecuteArgs): Op[] => {
  const given = params === undefined ? [] : [...params];
  if (isSql(statement)) {
    const fragment = sqlFragment(statement, given);
    return [{ kind: "execute", sql: fragment, ...(given.length === 0 ? {} : { params: given }) }];
  }
  if (typeof statement !== "string" || statement.trim().length === 0)
    throw invalid("op.execute() needs SQL text", 'Pass a statement, e.g. op.execute("update users set active = true").');
  return [{ kind: "execute", sql: statement, ...(given.length === 0 ? {} : { params: given }) }];
});
