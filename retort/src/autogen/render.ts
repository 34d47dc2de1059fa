// Operations as readable TypeScript calls on the `op` facade, for the upgrade and
// downgrade bodies of a generated revision. Rendering never compares; it only writes what
// it is given, one statement per op, with lint remarks as comments above the ops they
// concern.
import type { Op, OpHandlers, TableDefinition } from "../ops/types.js";
import type { SqlFragment } from "../schema/types.js";
import type { DowngradeItem } from "./downgrade.js";
import { objectRenderers } from "./render-objects.js";
import {
  columnBuilder,
  columnsObject,
  defaultText,
  DSL_HELPERS,
  objectText,
  sqlTag,
  str,
  tableExtras,
  typeBuilder,
  usedHelpers,
  type EnumRenderer,
} from "./render-values.js";

// Inside a migration an enum column is written by its type name: the file must not
// depend on the models module, which will have moved on by the time it runs again.
// enumColumn quotes the name as the database spells it ("Mood", "fz-e1", "fz e1").
const enumByName: EnumRenderer = (type) => `enumColumn(${str(type.name)}${type.schema === undefined ? "" : `, { schema: ${str(type.schema)} }`})`;

const schemaOption = (schema: string | undefined): [string, string | undefined] => ["schema", schema === undefined ? undefined : str(schema)];

const withOptions = (args: string[], options: string): string => (options === "{}" ? args.join(", ") : [...args, options].join(", "));

// Checks go in separate calls after the table: inside createTable they would pass
// through the naming convention, whose default (ck_%(table)s_%(constraint_name)s)
// rewrites even explicit names, while these names are already final.
const createTableCalls = (table: TableDefinition): string => {
  const extras = tableExtras({ ...table, checks: [] });
  const options = objectText([schemaOption(table.schema), ["comment", table.comment === undefined ? undefined : str(table.comment)]]);
  const args = [str(table.name), columnsObject(table.columns, enumByName, "")];
  if (extras.length > 0 || options !== "{}") args.push(extras.length === 0 ? "() => []" : `(t) => [\n${extras.map((e) => `  ${e},`).join("\n")}\n]`);
  const checks = table.checks.map(
    (c) => `;\nawait op.createCheckConstraint(${withOptions([str(c.name), str(table.name), sqlTag(c.expression)], objectText([schemaOption(table.schema)]))})`,
  );
  return `op.createTable(${withOptions(args, options)})${checks.join("")}`;
};

// An op.execute(sql`...`) written by hand: its fragment back as a template, the values it
// embedded written in place and the parameters given beside it (the first ones) after it.
const executeFragment = (fragment: SqlFragment, params: readonly unknown[]): string => {
  const body = fragment.parts
    .map((part) =>
      part.kind === "text"
        ? sqlTag(part.text).slice("sql`".length, -1)
        : part.kind === "identifier"
          ? `\${sql.ident(${part.parts.map(str).join(", ")})}`
          : `\${${JSON.stringify(params[part.index])}}`,
    )
    .join("");
  const given = params.length - fragment.parts.filter((part) => part.kind === "parameter").length;
  return `op.execute(sql\`${body}\`${given > 0 ? `, ${JSON.stringify(params.slice(0, given))}` : ""})`;
};

const renderers: OpHandlers<string> = {
  // Autogenerate never groups ops; a batch is written as its changes one by one, which
  // every dialect runs the same (SQLite then rebuilds once per change).
  batchAlterTable: (op) => op.ops.map((inner) => renderOp(inner)).join(";\n  await "),
  createTable: (op) => createTableCalls(op.table),
  dropTable: (op) => `op.dropTable(${withOptions([str(op.table)], objectText([schemaOption(op.schema)]))})`,
  renameConstraint: (op) =>
    `op.renameConstraint(${withOptions([str(op.table), str(op.name), str(op.newName)], objectText([schemaOption(op.schema), ["index", op.index === true ? "true" : undefined]]))})`,
  renameTable: (op) => `op.renameTable(${withOptions([str(op.table), str(op.newName)], objectText([schemaOption(op.schema)]))})`,
  addColumn: (op) => `op.addColumn(${withOptions([str(op.table), str(op.column.name), columnBuilder(op.column, enumByName)], objectText([schemaOption(op.schema)]))})`,
  dropColumn: (op) => `op.dropColumn(${withOptions([str(op.table), str(op.column)], objectText([schemaOption(op.schema)]))})`,
  alterColumn: (op) => {
    const options = objectText([
      ["nullable", op.nullable === undefined ? undefined : String(op.nullable)],
      ["type", op.type === undefined ? undefined : typeBuilder(op.type.to, enumByName)],
      ["using", op.type?.using === undefined ? undefined : sqlTag(op.type.using)],
      ["explicitCast", op.type?.explicitCast === true ? "true" : undefined],
      ["default", op.default === undefined ? undefined : op.default === null ? "null" : defaultText(op.default)],
      ["comment", op.comment === undefined ? undefined : op.comment === null ? "null" : str(op.comment)],
      ["newName", op.newName === undefined ? undefined : str(op.newName)],
      ["viaCheck", op.viaCheck === true ? "true" : undefined],
      schemaOption(op.schema),
      // What the column was, so that the call alone can be reversed.
      ["existingType", op.previous?.type === undefined ? undefined : typeBuilder(op.previous.type, enumByName)],
      ["existingNullable", op.previous?.nullable === undefined ? undefined : String(op.previous.nullable)],
      ["existingDefault", op.previous?.default === undefined ? undefined : op.previous.default === null ? "null" : defaultText(op.previous.default)],
      ["existingComment", op.previous?.comment === undefined ? undefined : op.previous.comment === null ? "null" : str(op.previous.comment)],
    ]);
    return `op.alterColumn(${str(op.table)}, ${str(op.column)}, ${options})`;
  },
  createIndex: (op) => {
    const columns = op.index.elements.map((e) => {
      if (e.kind === "expression") return sqlTag(e.sql);
      if (e.order === undefined && e.nulls === undefined && e.opclass === undefined) return str(e.name);
      return objectText([
        ["column", str(e.name)],
        ["order", e.order === undefined ? undefined : str(e.order)],
        ["nulls", e.nulls === undefined ? undefined : str(e.nulls)],
        ["opclass", e.opclass === undefined ? undefined : str(e.opclass)],
      ]);
    });
    const options = objectText([
      ["unique", op.index.unique ? "true" : undefined],
      ["using", op.index.method === undefined || op.index.method === "btree" ? undefined : str(op.index.method)],
      ["where", op.index.where === undefined ? undefined : sqlTag(op.index.where)],
      ["include", op.index.include === undefined || op.index.include.length === 0 ? undefined : `[${op.index.include.map(str).join(", ")}]`],
      ["concurrently", op.concurrently === true ? "true" : undefined],
      schemaOption(op.schema),
    ]);
    return `op.createIndex(${withOptions([str(op.index.name), str(op.table), `[${columns.join(", ")}]`], options)})`;
  },
  dropIndex: (op) =>
    `op.dropIndex(${withOptions([str(op.name)], objectText([["table", op.previous === undefined ? undefined : str(op.previous.table)], ["concurrently", op.concurrently === true ? "true" : undefined], schemaOption(op.schema)]))})`,
  createPrimaryKey: (op) => `op.createPrimaryKey(${withOptions([str(op.primaryKey.name), str(op.table), `[${op.primaryKey.columns.map(str).join(", ")}]`], objectText([schemaOption(op.schema)]))})`,
  createForeignKey: (op) => {
    const fk = op.foreignKey;
    const options = objectText([
      ["onDelete", fk.onDelete === undefined || fk.onDelete === "no action" ? undefined : str(fk.onDelete)],
      ["onUpdate", fk.onUpdate === undefined || fk.onUpdate === "no action" ? undefined : str(fk.onUpdate)],
      ["deferrable", fk.deferrable === true ? "true" : undefined],
      ["initiallyDeferred", fk.initiallyDeferred === true ? "true" : undefined],
      schemaOption(op.schema),
      ["referentSchema", fk.references.schema === undefined ? undefined : str(fk.references.schema)],
      ["validate", op.validate === undefined ? undefined : str(op.validate)],
    ]);
    const args = [str(fk.name), str(op.table), str(fk.references.table), `[${fk.columns.map(str).join(", ")}]`, `[${fk.references.columns.map(str).join(", ")}]`];
    return `op.createForeignKey(${withOptions(args, options)})`;
  },
  createUniqueConstraint: (op) =>
    `op.createUniqueConstraint(${withOptions([str(op.unique.name), str(op.table), `[${op.unique.columns.map(str).join(", ")}]`], objectText([["deferrable", op.unique.deferrable === true ? "true" : undefined], ["initiallyDeferred", op.unique.initiallyDeferred === true ? "true" : undefined], schemaOption(op.schema), ["concurrently", op.concurrently === true ? "true" : undefined]]))})`,
  createCheckConstraint: (op) => `op.createCheckConstraint(${withOptions([str(op.check.name), str(op.table), sqlTag(op.check.expression)], objectText([schemaOption(op.schema), ["validate", op.validate === undefined ? undefined : str(op.validate)]]))})`,
  dropConstraint: (op) => `op.dropConstraint(${str(op.name)}, ${str(op.table)}, ${objectText([["type", op.type === undefined ? undefined : str(op.type)], schemaOption(op.schema)])})`,
  createEnum: (op) => `op.createEnum(${withOptions([str(op.enum.name), `[${op.enum.values.map(str).join(", ")}]`], objectText([schemaOption(op.enum.schema)]))})`,
  dropEnum: (op) => `op.dropEnum(${withOptions([str(op.name)], objectText([schemaOption(op.schema)]))})`,
  addEnumValue: (op) =>
    `op.addEnumValue(${withOptions([str(op.name), str(op.value)], objectText([["before", op.before === undefined ? undefined : str(op.before)], ["after", op.after === undefined ? undefined : str(op.after)], schemaOption(op.schema), ["ifNotExists", op.ifNotExists === true ? "true" : undefined], ["separateTransaction", op.separateTransaction === true ? "true" : undefined]]))})`,
  recreateEnum: (op) => {
    const columns = op.columns.map((c) =>
      objectText([
        ["table", str(c.table)],
        ["column", str(c.column)],
        schemaOption(c.schema),
        ["array", c.array === true ? "true" : undefined],
        ["default", c.default === undefined ? undefined : defaultText(c.default)],
      ]),
    );
    const options = objectText([
      schemaOption(op.schema),
      ["columns", `[${columns.join(", ")}]`],
      ["existingValues", op.previous === undefined ? undefined : JSON.stringify(op.previous)],
    ]);
    return `op.recreateEnum(${str(op.name)}, ${JSON.stringify(op.values)}, ${options})`;
  },
  renameEnumValue: (op) => `op.renameEnumValue(${withOptions([str(op.name), str(op.from), str(op.to)], objectText([schemaOption(op.schema)]))})`,
  setTableComment: (op) => `op.setTableComment(${withOptions([str(op.table), op.comment === null ? "null" : str(op.comment)], objectText([schemaOption(op.schema)]))})`,
  setColumnComment: (op) =>
    `op.setColumnComment(${withOptions([str(op.table), str(op.column), op.comment === null ? "null" : str(op.comment)], objectText([schemaOption(op.schema)]))})`,
  bulkInsert: (op) => `op.bulkInsert(${str(op.table)}, ${JSON.stringify(op.rows)})`,
  execute: (op) => {
    if (typeof op.sql !== "string") return executeFragment(op.sql, op.params ?? []);
    return op.params === undefined || op.params.length === 0 ? `op.execute(${str(op.sql)})` : `op.execute(${str(op.sql)}, ${JSON.stringify(op.params)})`;
  },
  ...objectRenderers,
  createSchema: (op) => `op.createSchema(${str(op.name)})`,
  dropSchema: (op) => `op.dropSchema(${str(op.name)})`,
};

export const renderOp = (op: Op): string => (renderers[op.kind] as (op: Op) => string)(op);

export interface RenderedMigration {
  /** Statements for the body of upgrade(op), one or more lines each, not indented. */
  readonly upgrade: string;
  readonly downgrade: string;
  /** Names the bodies use from "retort-migrate" (besides `op`). */
  readonly imports: readonly string[];
}

/** A lint finding to show above the op it concerns (lint/ decides them; rendering only writes them). */
export interface LintRemark {
  /** Position of the op in the upgrade list. */
  readonly op: number;
  readonly rule: string;
  readonly message: string;
}

const body = (items: readonly DowngradeItem[], findings: readonly LintRemark[]): string => {
  if (items.length === 0) return "// nothing to do";
  let opIndex = 0;
  return items
    .map((item) => {
      if (item.kind === "note") return `// note: ${item.text.replace(/\s+/g, " ")}`;
      const i = opIndex++;
      const notes = findings.filter((f) => f.op === i).map((f) => `// lint: ${f.message} (${f.rule})\n`);
      return `${notes.join("")}await ${renderOp(item)};`;
    })
    .join("\n");
};

/** The upgrade and downgrade bodies; `downgrade` is downgradeOf(upgrade) or inverse ops already in order. */
export const renderMigration = (upgrade: readonly Op[], downgrade: readonly DowngradeItem[], lint: readonly LintRemark[] = []): RenderedMigration => {
  const up = body(upgrade, lint);
  const down = body(downgrade, []);
  return { upgrade: up, downgrade: down, imports: usedHelpers(`${up}\n${down}`, DSL_HELPERS) };
};

/** Readable one-line descriptions for `retort check`. */
export const describeOp = (op: Op): string => renderOp(op).replace(/\s*\n\s*/g, " ");

