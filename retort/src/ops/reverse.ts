// Each operation's inverse, as Alembic's ops know their reverse(): autogenerate writes a
// downgrade from it, and tests apply an op and its inverse and compare schemas. An op
// whose inverse needs what it removed or replaced carries that in `previous`; without
// it, or for an op that loses data for good, reversing raises IRREVERSIBLE_OPERATION.
import { RetortError } from "../errors.js";
import { schemaField } from "./build/args.js";
import type { FunctionDefinition, Op, OpHandlers, TableRef } from "./types.js";
import { objectInverses } from "./reverse-objects.js";

/** The values of a type after ALTER TYPE ... ADD VALUE with its BEFORE/AFTER. */
export const withValue = (values: readonly string[], op: { readonly value: string; readonly before?: string; readonly after?: string }): string[] => {
  if (values.includes(op.value)) return [...values];
  const at = op.before !== undefined ? values.indexOf(op.before) : op.after !== undefined ? values.indexOf(op.after) + 1 : values.length;
  const index = at < 0 ? values.length : at;
  return [...values.slice(0, index), op.value, ...values.slice(index)];
};

const irreversible = (op: Op, why: string): RetortError =>
  new RetortError("IRREVERSIBLE_OPERATION", `${op.kind} ${describe(op)} cannot be reversed: ${why}`, {
    hint: "Write the downgrade by hand, or give the operation what it replaces (existing..., or a model instead of a name).",
  });

const describe = (op: Op): string => {
  const o = op as Partial<TableRef> & { name?: string; column?: unknown };
  const table = o.table === undefined ? undefined : `${o.schema === undefined ? "" : `${o.schema}.`}${o.table}`;
  if (typeof o.name === "string") return table === undefined ? `"${o.name}"` : `"${o.name}" on "${table}"`;
  if (typeof o.column === "string") return `"${table}.${o.column}"`;
  return table === undefined ? "" : `"${table}"`;
};

const ref = (op: TableRef): TableRef => ({ ...schemaField(op.schema), table: op.table });

// The argument types that identify a function for DROP FUNCTION: OUT arguments do not count.
const signatureOf = (fn: FunctionDefinition): string[] => fn.args.filter((a) => a.mode !== "out").map((a) => a.type);

const inverses: OpHandlers<Op> = {
  batchAlterTable: (op) => ({ ...op, ops: reverseOps(op.ops) }),
  createTable: (op) => ({ kind: "dropTable", ...ref({ table: op.table.name, ...schemaField(op.table.schema) }), previous: op.table }),
  dropTable: (op) => {
    if (op.previous === undefined) throw irreversible(op, "the dropped table's definition is not recorded");
    return { kind: "createTable", table: op.previous };
  },
  renameConstraint: (op) => ({ ...op, name: op.newName, newName: op.name }),
  renameTable: (op) => ({ kind: "renameTable", ...ref({ table: op.newName, ...schemaField(op.schema) }), newName: op.table }),
  addColumn: (op) => ({ kind: "dropColumn", ...ref(op), column: op.column.name, previous: op.column }),
  dropColumn: (op) => {
    if (op.previous === undefined) throw irreversible(op, "the dropped column's definition is not recorded (pass existing)");
    return { kind: "addColumn", ...ref(op), column: op.previous };
  },
  alterColumn: (op) => {
    const previous = op.previous ?? {};
    const missing = (["nullable", "type", "default", "comment"] as const).filter(
      (field) => op[field] !== undefined && previous[field] === undefined,
    );
    if (missing.length > 0)
      throw irreversible(
        op,
        `the column's previous ${missing.join(", ")} is not recorded (pass existing${missing.map((m) => m[0]?.toUpperCase() + m.slice(1)).join("/existing")})`,
      );
    // The inverse works on the column under its new name and renames it back last.
    return {
      kind: "alterColumn",
      ...ref(op),
      column: op.newName ?? op.column,
      ...(op.nullable === undefined ? {} : { nullable: previous.nullable }),
      ...(op.type === undefined || previous.type === undefined
        ? {}
        : { type: { to: previous.type, ...(op.type.explicitCast === true ? { explicitCast: true } : {}) } }),
      ...(op.default === undefined ? {} : { default: previous.default }),
      ...(op.comment === undefined ? {} : { comment: previous.comment }),
      ...(op.newName === undefined ? {} : { newName: op.column }),
      previous: {
        ...(op.nullable === undefined ? {} : { nullable: op.nullable }),
        ...(op.type === undefined ? {} : { type: op.type.to }),
        ...(op.default === undefined ? {} : { default: op.default }),
        ...(op.comment === undefined ? {} : { comment: op.comment }),
      },
    } as Op;
  },
  createIndex: (op) => ({
    kind: "dropIndex",
    ...schemaField(op.schema),
    name: op.index.name,
    ...(op.concurrently === true ? { concurrently: true } : {}),
    previous: { table: op.table, index: op.index },
  }),
  dropIndex: (op) => {
    if (op.previous === undefined) throw irreversible(op, "the dropped index's definition is not recorded");
    return {
      kind: "createIndex",
      ...schemaField(op.schema),
      table: op.previous.table,
      index: op.previous.index,
      ...(op.concurrently === true ? { concurrently: true } : {}),
    };
  },
  createPrimaryKey: (op) => ({
    kind: "dropConstraint",
    ...ref(op),
    name: op.primaryKey.name,
    type: "primaryKey",
    previous: { type: "primaryKey", constraint: op.primaryKey },
  }),
  createForeignKey: (op) => ({
    kind: "dropConstraint",
    ...ref(op),
    name: op.foreignKey.name,
    type: "foreignKey",
    previous: { type: "foreignKey", constraint: op.foreignKey },
  }),
  createUniqueConstraint: (op) => ({
    kind: "dropConstraint",
    ...ref(op),
    name: op.unique.name,
    type: "unique",
    previous: { type: "unique", constraint: op.unique },
  }),
  createCheckConstraint: (op) => ({
    kind: "dropConstraint",
    ...ref(op),
    name: op.check.name,
    type: "check",
    previous: { type: "check", constraint: op.check },
  }),
  dropConstraint: (op) => {
    const previous = op.previous;
    if (previous === undefined) throw irreversible(op, "the dropped constraint's definition is not recorded");
    switch (previous.type) {
      case "primaryKey":
        return { kind: "createPrimaryKey", ...ref(op), primaryKey: previous.constraint };
      case "foreignKey":
        return { kind: "createForeignKey", ...ref(op), foreignKey: previous.constraint };
      case "unique":
        return { kind: "createUniqueConstraint", ...ref(op), unique: previous.constraint };
      case "check":
        return { kind: "createCheckConstraint", ...ref(op), check: previous.constraint };
    }
  },
  createEnum: (op) => ({ kind: "dropEnum", ...schemaField(op.enum.schema), name: op.enum.name, previous: op.enum }),
  dropEnum: (op) => {
    if (op.previous === undefined) throw irreversible(op, "the dropped type's values are not recorded (pass the enum model)");
    return { kind: "createEnum", enum: op.previous };
  },
  // PostgreSQL cannot remove a value in place: the inverse recreates the type as it was.
  addEnumValue: (op) => {
    if (op.previous === undefined)
      throw irreversible(op, "PostgreSQL cannot remove a value in place, and the type's values and columns before it are not recorded");
    return {
      kind: "recreateEnum",
      ...schemaField(op.schema),
      name: op.name,
      values: op.previous.values,
      columns: op.previous.columns,
      previous: withValue(op.previous.values, op),
    };
  },
  recreateEnum: (op) => {
    if (op.previous === undefined) throw irreversible(op, "the values before are not recorded (pass existingValues)");
    return { kind: "recreateEnum", ...schemaField(op.schema), name: op.name, values: op.previous, columns: op.columns, previous: op.values };
  },
  renameEnumValue: (op) => ({ kind: "renameEnumValue", ...schemaField(op.schema), name: op.name, from: op.to, to: op.from }),
  setTableComment: (op) => {
    if (op.previous === undefined) throw irreversible(op, "the previous comment is not recorded (pass existing)");
    return { kind: "setTableComment", ...ref(op), comment: op.previous, previous: op.comment };
  },
  setColumnComment: (op) => {
    if (op.previous === undefined) throw irreversible(op, "the previous comment is not recorded (pass existing)");
    return { kind: "setColumnComment", ...ref(op), column: op.column, comment: op.previous, previous: op.comment };
  },
  bulkInsert: (op) => {
    throw irreversible(op, "inserted rows are data, not schema");
  },
  execute: (op) => {
    throw irreversible(op, "raw SQL has no known inverse");
  },
  createFunction: (op) => {
    if (op.previous !== undefined) return { kind: "createFunction", function: op.previous, orReplace: true, previous: op.function };
    return {
      kind: "dropFunction",
      ...schemaField(op.function.schema),
      name: op.function.name,
      argTypes: signatureOf(op.function),
      ...(op.function.procedure === true ? { procedure: true } : {}),
      previous: op.function,
    };
  },
  dropFunction: (op) => {
    if (op.previous === undefined) throw irreversible(op, "the dropped function's definition is not recorded");
    return { kind: "createFunction", function: op.previous };
  },
  createTrigger: (op) => ({
    kind: "dropTrigger",
    ...ref({ table: op.trigger.table, ...schemaField(op.trigger.schema) }),
    name: op.trigger.name,
    previous: op.trigger,
  }),
  dropTrigger: (op) => {
    if (op.previous === undefined) throw irreversible(op, "the dropped trigger's definition is not recorded");
    return { kind: "createTrigger", trigger: op.previous };
  },
  createView: (op) => {
    // Undoing a replace that added columns removes them, which only a drop and create can do.
    if (op.previous !== undefined)
      return op.dropFirst === true || op.view.materialized === true || op.previous.materialized === true
        ? { kind: "createView", view: op.previous, ...(op.previous.materialized === true ? {} : { orReplace: true }), ...(op.dropFirst === true ? {} : { dropFirst: true }), previous: op.view }
        : { kind: "createView", view: op.previous, dropFirst: true, previous: op.view };
    return {
      kind: "dropView",
      ...schemaField(op.view.schema),
      name: op.view.name,
      ...(op.view.materialized === true ? { materialized: true } : {}),
      previous: op.view,
    };
  },
  dropView: (op) => {
    if (op.previous === undefined) throw irreversible(op, "the dropped view's query is not recorded");
    return { kind: "createView", view: op.previous };
  },
  ...objectInverses,
  createSchema: (op) => ({ kind: "dropSchema", name: op.name }),
  dropSchema: (op) => {
    if (op.cascade === true) throw irreversible(op, "CASCADE dropped the schema's contents with it");
    return { kind: "createSchema", name: op.name };
  },
};

/** The operation that undoes `op`; throws IRREVERSIBLE_OPERATION when that cannot be known. */
export const reverseOp = (op: Op): Op => {
  const handler = inverses[op.kind] as (op: Op) => Op;
  return Object.freeze(handler(op));
};

/** The inverse of a sequence: each op reversed, in reverse order. */
export const reverseOps = (ops: readonly Op[]): Op[] => ops.map(reverseOp).reverse();
