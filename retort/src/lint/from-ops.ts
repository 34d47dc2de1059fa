// Operations as Changes. One handler per operation kind, so a new kind fails to type-check
// until the linter has decided what it does to a busy table. op.execute is not handled
// here: its text goes through the SQL parser (from-sql.ts).
import type { Op, OpHandlers, TableRef, Validation } from "../ops/types.js";
import type { Column, ColumnType, SqlText } from "../schema/types.js";
import { notNullCheckColumnOfText, relationsReadBy, volatileCallInText } from "./expressions.js";
import type { Change, ColumnFact, Rel, TypeFact } from "./types.js";

const rel = (ref: TableRef): Rel => (ref.schema === undefined ? { name: ref.table } : { schema: ref.schema, name: ref.table });
const named = (schema: string | undefined, name: string): Rel => (schema === undefined ? { name } : { schema, name });
const name = (value: string, what: string): Change => ({ kind: "name", name: value, what });

/** A model type in PostgreSQL's own spelling, as the parser reports types in SQL. */
export const typeFact = (type: ColumnType): TypeFact => {
  switch (type.kind) {
    case "smallint":
      return { name: "int2" };
    case "integer":
      return { name: "int4" };
    case "bigint":
      return { name: "int8" };
    case "real":
      return { name: "float4" };
    case "double":
      return { name: "float8" };
    case "boolean":
      return { name: "bool" };
    case "numeric":
      return { name: "numeric", ...(type.precision === undefined ? {} : { length: type.precision }), ...(type.scale === undefined ? {} : { scale: type.scale }) };
    case "varchar":
      return { name: "varchar", ...(type.length === undefined ? {} : { length: type.length }) };
    case "char":
      return { name: "bpchar", ...(type.length === undefined ? {} : { length: type.length }) };
    case "time":
      return { name: type.withTimezone ? "timetz" : "time", ...(type.precision === undefined ? {} : { length: type.precision }) };
    case "timestamp":
      return { name: type.withTimezone ? "timestamptz" : "timestamp", ...(type.precision === undefined ? {} : { length: type.precision }) };
    case "array":
      return { name: `${typeFact(type.element).name}[]`, opaque: true };
    case "enum":
      return { name: type.name };
    case "custom":
      return { name: type.sql, opaque: true };
    default:
      return { name: type.kind };
  }
};

const columnFact = (column: Column, primaryKey: readonly string[], text: (value: SqlText) => string): ColumnFact => {
  const volatile =
    column.default === undefined ? undefined : column.default.kind === "sql" ? volatileCallInText(text(column.default.sql)) : undefined;
  return {
    name: column.name,
    type: typeFact(column.type),
    notNull: !column.nullable,
    ...(column.default === undefined
      ? {}
      : { default: { text: volatile === undefined ? "a constant" : volatile.endsWith(")") ? volatile : `${volatile}()`, volatile: volatile !== undefined } }),
    generatedStored: column.generated !== undefined,
    identity: column.identity !== undefined,
    primaryKey: primaryKey.includes(column.name),
    references: false,
    unique: false,
  };
};

const validated = (table: Rel, constraint: string, validate: Validation | undefined): Change[] =>
  validate === "separately" ? [{ kind: "validateConstraint", table, name: constraint }] : [];

// Built per expression speller (the dialect's, handed in by the command), kept per speller.
const handlers = (text: (value: SqlText) => string): OpHandlers<Change[]> => ({
  batchAlterTable: (op) => op.ops.flatMap((inner) => changesOfOp(inner, text)),
  createTable: ({ table }) => {
    const primaryKey = table.primaryKey?.columns ?? [];
    return [
      { kind: "createTable", table: named(table.schema, table.name), columns: table.columns.map((c) => columnFact(c, primaryKey, text)), primaryKey },
      name(table.name, "table"),
      ...table.columns.map((c) => name(c.name, "column")),
      ...[table.primaryKey, ...table.uniques, ...table.checks, ...table.foreignKeys].flatMap((c) => (c === undefined ? [] : [name(c.name, "constraint")])),
    ];
  },
  dropTable: (op) => [{ kind: "dropTable", table: rel(op) }],
  renameTable: (op) => [{ kind: "renameTable", table: rel(op), to: op.newName }, name(op.newName, "table")],
  addColumn: (op) => [{ kind: "addColumn", table: rel(op), column: columnFact(op.column, [], text) }, name(op.column.name, "column")],
  dropColumn: (op) => [{ kind: "dropColumn", table: rel(op), column: op.column }],
  alterColumn: (op) => {
    const table = rel(op);
    const changes: Change[] = [];
    if (op.type !== undefined) {
      changes.push({
        kind: "alterType",
        table,
        column: op.column,
        to: typeFact(op.type.to),
        ...(op.previous?.type === undefined ? {} : { from: typeFact(op.previous.type) }),
      });
    }
    if (op.nullable === false && op.viaCheck === true) {
      const check = `${op.column} IS NOT NULL (temporary check)`;
      changes.push(
        { kind: "addConstraint", table, name: check, constraint: "check", notValid: true, usingIndex: false, notNullColumn: op.column },
        { kind: "validateConstraint", table, name: check },
      );
    }
    if (op.nullable === false) changes.push({ kind: "setNotNull", table, column: op.column });
    if (op.nullable === true || op.default !== undefined) changes.push({ kind: "lockTable", table, what: "alters a column of" });
    if (op.newName !== undefined) changes.push({ kind: "renameColumn", table, column: op.column, to: op.newName }, name(op.newName, "column"));
    return changes;
  },
  createIndex: (op) => [
    { kind: "createIndex", table: rel(op), name: op.index.name, concurrent: op.concurrently === true, unique: op.index.unique },
    name(op.index.name, "index"),
  ],
  dropIndex: (op) => [{ kind: "dropIndex", name: op.name, concurrent: op.concurrently === true }],
  createPrimaryKey: (op) => [
    { kind: "addConstraint", table: rel(op), name: op.primaryKey.name, constraint: "primaryKey", notValid: false, usingIndex: false },
    name(op.primaryKey.name, "constraint"),
  ],
  createForeignKey: (op) => [
    { kind: "addConstraint", table: rel(op), name: op.foreignKey.name, constraint: "foreignKey", notValid: op.validate !== undefined, usingIndex: false },
    ...validated(rel(op), op.foreignKey.name, op.validate),
    name(op.foreignKey.name, "constraint"),
  ],
  createUniqueConstraint: (op) => [
    ...(op.concurrently === true ? [{ kind: "createIndex", table: rel(op), name: op.unique.name, concurrent: true, unique: true } as const] : []),
    { kind: "addConstraint", table: rel(op), name: op.unique.name, constraint: "unique", notValid: false, usingIndex: op.concurrently === true },
    name(op.unique.name, "constraint"),
  ],
  createCheckConstraint: (op) => {
    const notNullColumn = notNullCheckColumnOfText(text(op.check.expression));
    return [
      {
        kind: "addConstraint",
        table: rel(op),
        name: op.check.name,
        constraint: "check",
        notValid: op.validate !== undefined,
        usingIndex: false,
        ...(notNullColumn === undefined ? {} : { notNullColumn }),
      },
      ...validated(rel(op), op.check.name, op.validate),
      name(op.check.name, "constraint"),
    ];
  },
  dropConstraint: (op) => [{ kind: "lockTable", table: rel(op), what: "drops a constraint of" }],
  createEnum: (op) => [{ kind: "createEnum", name: named(op.enum.schema, op.enum.name) }, name(op.enum.name, "type")],
  dropEnum: (op) => [{ kind: "dropEnum", name: named(op.schema, op.name) }],
  addEnumValue: () => [],
  renameEnumValue: () => [],
  setTableComment: () => [],
  setColumnComment: () => [],
  bulkInsert: () => [],
  execute: () => [],
  createFunction: (op) => [
    ...(op.orReplace === true ? [{ kind: "replaceFunction", name: named(op.function.schema, op.function.name), drop: false } as const] : []),
    name(op.function.name, "function"),
  ],
  dropFunction: (op) => [{ kind: "replaceFunction", name: named(op.schema, op.name), drop: true }],
  createTrigger: (op) => [
    { kind: "lockTable", table: named(op.trigger.schema, op.trigger.table), what: "creates a trigger on" },
    {
      kind: "createTrigger",
      table: named(op.trigger.schema, op.trigger.table),
      name: op.trigger.name,
      function: named(op.trigger.function.schema, op.trigger.function.name),
    },
    name(op.trigger.name, "trigger"),
  ],
  dropTrigger: (op) => [{ kind: "lockTable", table: rel(op), what: "drops a trigger of" }, { kind: "dropTrigger", table: rel(op), name: op.name }],
  createView: (op) => [
    ...(op.dropFirst === true ? [{ kind: "dropView", name: named(op.view.schema, op.view.name) } as const] : []),
    { kind: "createView", name: named(op.view.schema, op.view.name), reads: relationsReadBy(text(op.view.query)) },
    name(op.view.name, "view"),
  ],
  dropView: (op) => [{ kind: "dropView", name: named(op.schema, op.name) }],
  createSchema: (op) => [name(op.name, "schema")],
  dropSchema: () => [],
  // Rename aside, create anew, convert every column through text (a rewrite of each
  // table), drop the old type: what the enum-reorder rule looks for in raw SQL too.
  recreateEnum: (op) => [
    { kind: "renameType", name: named(op.schema, op.name), to: `${op.name}_old` },
    { kind: "createEnum", name: named(op.schema, op.name) },
    ...op.columns.map((use): Change => ({ kind: "lockTable", table: rel(use), what: `rewrites column ${use.column} of` })),
    { kind: "dropEnum", name: named(op.schema, `${op.name}_old`) },
  ],
  renameConstraint: (op) => [name(op.newName, op.index === true ? "index" : "constraint")],
  createExtension: () => [],
  dropExtension: () => [],
  createSequence: (op) => [name(op.sequence.name, "sequence")],
  alterSequence: () => [],
  dropSequence: () => [],
  // CREATE/DROP POLICY and ALTER TABLE ... ROW LEVEL SECURITY take an ACCESS EXCLUSIVE lock.
  createPolicy: (op) => [
    { kind: "lockTable", table: named(op.policy.schema, op.policy.table), what: "creates a policy on" },
    { kind: "createPolicy", table: named(op.policy.schema, op.policy.table), name: op.policy.name },
    name(op.policy.name, "policy"),
  ],
  dropPolicy: (op) => [{ kind: "lockTable", table: rel(op), what: "drops a policy of" }],
  setRowLevelSecurity: (op) => [
    { kind: "lockTable", table: rel(op), what: "changes row-level security of" },
    ...(op.enabled === true ? [{ kind: "enableRowLevelSecurity", table: rel(op) } as const] : []),
  ],
});

const byText = new WeakMap<(value: SqlText) => string, OpHandlers<Change[]>>();

/** The changes an operation makes; `text` spells its model expressions (SqlText) as the database reads them. */
export const changesOfOp = (op: Op, text: (value: SqlText) => string): Change[] => {
  let table = byText.get(text);
  if (table === undefined) byText.set(text, (table = handlers(text)));
  return (table[op.kind] as (op: Op) => Change[])(op);
};
