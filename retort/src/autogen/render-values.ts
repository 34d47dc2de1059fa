// TypeScript source for values and schema pieces, shared by the migration renderer and
// by pull's model files. Every value comes out as a valid TypeScript literal: strings via
// JSON.stringify, SQL text inside sql`...` with backticks, backslashes and ${ escaped.
import type { Column, ColumnType, DefaultValue, ForeignKey, Index, IndexElement, SqlText, Table } from "../schema/types.js";

export const str = (value: string): string => JSON.stringify(value);

export const literal = (value: string | number | boolean | null): string =>
  typeof value === "string" ? str(value) : value === null ? "null" : String(value);

const templateText = (text: string): string => text.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("${", "\\${");

/**
 * The body of a template literal writing `value`: a fragment's identifiers as
 * ${sql.ident(...)}, so a migration keeps them as data for whichever dialect runs it.
 */
export const templateBody = (value: SqlText): string =>
  typeof value === "string"
    ? templateText(value)
    : value.parts.map((p) => (p.kind === "text" ? templateText(p.text) : p.kind === "identifier" ? `\${sql.ident(${p.parts.map(str).join(", ")})}` : "")).join("");

export const sqlTag = (value: SqlText): string => `sql\`${templateBody(value)}\``;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `t.name`, or `t["odd name"]` when the name is not an identifier. */
export const member = (object: string, name: string): string => (IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${str(name)}]`);

/** An object key: bare when it can be. */
export const key = (name: string): string => (IDENTIFIER.test(name) ? name : str(name));

/** `{ a: 1, b: "x" }` from entries whose value is already source text; undefined entries dropped. */
export const objectText = (entries: readonly (readonly [string, string | undefined])[]): string => {
  const parts = entries.filter((e): e is readonly [string, string] => e[1] !== undefined).map(([k, v]) => `${key(k)}: ${v}`);
  return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
};

/** How an enum type is written: pull passes its model variables, migrations a type name. */
export type EnumRenderer = (type: Extract<ColumnType, { kind: "enum" }>) => string;

export const typeBuilder = (type: ColumnType, renderEnum: EnumRenderer): string => {
  switch (type.kind) {
    case "smallint":
    case "integer":
    case "bigint":
    case "smallserial":
    case "serial":
    case "bigserial":
    case "real":
    case "boolean":
    case "text":
    case "uuid":
    case "date":
    case "interval":
    case "json":
    case "jsonb":
    case "bytea":
      return `${type.kind}()`;
    case "double":
      return "doublePrecision()";
    case "numeric":
      return type.precision === undefined ? "numeric()" : type.scale === undefined ? `numeric(${type.precision})` : `numeric(${type.precision}, ${type.scale})`;
    case "varchar":
    case "char":
      return type.length === undefined ? `${type.kind}()` : `${type.kind}(${type.length})`;
    case "time":
    case "timestamp": {
      const options = objectText([
        ["withTimezone", type.withTimezone ? "true" : undefined],
        ["precision", type.precision === undefined ? undefined : String(type.precision)],
      ]);
      return options === "{}" ? `${type.kind}()` : `${type.kind}(${options})`;
    }
    case "array":
      return `${typeBuilder(type.element, renderEnum)}.array(${type.dimensions !== undefined && type.dimensions > 1 ? type.dimensions : ""})`;
    case "enum":
      return renderEnum(type);
    case "custom":
      return `customType(${str(type.sql)})`;
  }
};

export const defaultText = (value: DefaultValue): string => (value.kind === "sql" ? sqlTag(value.sql) : literal(value.value));

const SERIALS = new Set(["smallserial", "serial", "bigserial"]);

/** A column builder chain: `varchar(255).notNull().default("x").comment("...")`. */
export const columnBuilder = (column: Column, renderEnum: EnumRenderer): string => {
  let text = typeBuilder(column.type, renderEnum);
  // serial and identity builders are NOT NULL by themselves.
  if (!column.nullable && !SERIALS.has(column.type.kind) && column.identity === undefined) text += ".notNull()";
  if (column.default !== undefined) text += `.default(${defaultText(column.default)})`;
  if (column.identity !== undefined) {
    const options = objectText([
      ["start", column.identity.start === undefined ? undefined : String(column.identity.start)],
      ["increment", column.identity.increment === undefined ? undefined : String(column.identity.increment)],
    ]);
    text += `.generated${column.identity.always ? "Always" : "ByDefault"}AsIdentity(${options === "{}" ? "" : options})`;
  }
  if (column.generated !== undefined) text += `.generatedAlwaysAs(${sqlTag(column.generated.sql)})`;
  if (column.comment !== undefined) text += `.comment(${str(column.comment)})`;
  return text;
};

export const columnsObject = (columns: readonly Column[], renderEnum: EnumRenderer, indent: string): string =>
  `{\n${columns.map((c) => `${indent}  ${key(c.name)}: ${columnBuilder(c, renderEnum)},`).join("\n")}\n${indent}}`;

const indexElement = (element: IndexElement): string => {
  if (element.kind === "expression") return sqlTag(element.sql);
  let text = member("t", element.name);
  if (element.order !== undefined) text += `.${element.order}()`;
  if (element.nulls !== undefined) text += element.nulls === "first" ? ".nullsFirst()" : ".nullsLast()";
  if (element.opclass !== undefined) text += `.opclass(${str(element.opclass)})`;
  return text;
};

/** How a constraint or index name is written: a string, or conv("...") where it is final. */
export type NameRenderer = (name: string) => string;

/** A name read from a database, which the naming convention must not rewrite. */
export const finalName: NameRenderer = (name) => `conv(${str(name)})`;

const foreignKeyExtra = (fk: ForeignKey, nameOf: NameRenderer): string => {
  const target = objectText([
    ["table", str(fk.references.table)],
    ["columns", `[${fk.references.columns.map(str).join(", ")}]`],
    ["schema", fk.references.schema === undefined ? undefined : str(fk.references.schema)],
  ]);
  const options = objectText([
    ["onDelete", fk.onDelete === undefined || fk.onDelete === "no action" ? undefined : str(fk.onDelete)],
    ["onUpdate", fk.onUpdate === undefined || fk.onUpdate === "no action" ? undefined : str(fk.onUpdate)],
    ["deferrable", fk.deferrable === true ? "true" : undefined],
    ["initiallyDeferred", fk.initiallyDeferred === true ? "true" : undefined],
  ]);
  return `foreignKey(${nameOf(fk.name)}).on(${fk.columns.map((c) => member("t", c)).join(", ")}).references(${target}${options === "{}" ? "" : `, ${options}`})`;
};

const indexExtra = (index: Index, nameOf: NameRenderer): string => {
  let text = `${index.unique ? "uniqueIndex" : "index"}(${nameOf(index.name)}).on(${index.elements.map(indexElement).join(", ")})`;
  if (index.method !== undefined && index.method !== "btree") text += `.using(${str(index.method)})`;
  if (index.where !== undefined) text += `.where(${sqlTag(index.where)})`;
  if (index.include !== undefined && index.include.length > 0) text += `.include(${index.include.map((c) => member("t", c)).join(", ")})`;
  return text;
};

/** The table's extras callback body items: constraints (and indexes when given). */
export const tableExtras = (table: Omit<Table, "indexes"> & { readonly indexes?: readonly Index[] }, nameOf: NameRenderer = str): string[] => {
  const extras: string[] = [];
  if (table.primaryKey !== undefined) extras.push(`primaryKey(${nameOf(table.primaryKey.name)}).on(${table.primaryKey.columns.map((c) => member("t", c)).join(", ")})`);
  for (const u of table.uniques) {
    let text = `unique(${nameOf(u.name)}).on(${u.columns.map((c) => member("t", c)).join(", ")})`;
    if (u.deferrable === true) text += `.deferrable(${u.initiallyDeferred === true ? "{ initiallyDeferred: true }" : ""})`;
    extras.push(text);
  }
  for (const c of table.checks) extras.push(`check(${nameOf(c.name)}, ${sqlTag(c.expression)})`);
  for (const fk of table.foreignKeys) extras.push(foreignKeyExtra(fk, nameOf));
  for (const index of table.indexes ?? []) extras.push(indexExtra(index, nameOf));
  return extras;
};

/** Which DSL functions a piece of generated source calls, for its import line. */
// Compiled once per helper name: `pull` asks for every file of a large schema.
const helperCalls = new Map<string, RegExp>();
const helperCall = (name: string): RegExp => {
  let re = helperCalls.get(name);
  if (re === undefined) helperCalls.set(name, (re = new RegExp(`(^|[^.\\w$])${name.replace("$", "\\$")}\\(`)));
  return re;
};

export const usedHelpers = (source: string, candidates: readonly string[]): string[] =>
  candidates.filter((name) => helperCall(name).test(source) || (name === "sql" && source.includes("sql`")));

export const DSL_HELPERS = [
  "table",
  "conv",
  "enumType",
  "sql",
  "smallint",
  "integer",
  "bigint",
  "smallserial",
  "serial",
  "bigserial",
  "numeric",
  "real",
  "doublePrecision",
  "boolean",
  "text",
  "varchar",
  "char",
  "uuid",
  "date",
  "time",
  "timestamp",
  "interval",
  "json",
  "jsonb",
  "bytea",
  "customType",
  "enumColumn",
  "index",
  "uniqueIndex",
  "unique",
  "check",
  "primaryKey",
  "foreignKey",
] as const;
