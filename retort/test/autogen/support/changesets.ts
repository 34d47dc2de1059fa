// Random small schemas with rows, and random changesets of every kind autogenerate writes,
// drawn through fast-check's `gen` so that a failure shrinks to a smaller case. Only
// changes that are valid for the rows the tables hold are drawn (a removed enum value is
// never one a row or default uses; a text column changed to integer holds digits), so a
// failure is retort's, not the generator's.
import fc from "fast-check";
import type { Column, ColumnType, EnumType, Schema, Table } from "../../../src/schema/types.js";
import { sqlTextOf } from "../../../src/dialects/postgres/fragment.js";

type Gen = fc.GeneratorValue;

export interface Case {
  readonly original: Schema;
  readonly target: Schema;
  /** "old:new" rename decisions, as --rename takes them. */
  readonly renames: readonly string[];
  readonly changes: readonly string[];
}

const ROWS = 3;

type ScalarKind = "integer" | "bigint" | "text" | "varchar" | "boolean" | "enum";

const typeOf = (kind: ScalarKind, enumName: string | undefined): ColumnType =>
  kind === "varchar" ? { kind: "varchar", length: 20 } : kind === "enum" ? { kind: "enum", name: enumName as string } : { kind };

const kindOf = (type: ColumnType): string => type.kind;

/** A default of the column's type, a value every row could hold too. */
const defaultFor = (type: ColumnType, enums: readonly EnumType[]): Column["default"] => {
  switch (type.kind) {
    case "integer":
    case "bigint":
      return { kind: "literal", value: 7 };
    case "text":
    case "varchar":
      return { kind: "literal", value: "7" };
    case "boolean":
      return { kind: "literal", value: true };
    case "enum":
      return { kind: "literal", value: enums.find((e) => e.name === type.name)?.values[0] ?? null };
    default:
      return undefined;
  }
};

/** A row's value for a column: digits for numbers and text alike, the first enum value. */
export const rowValue = (column: Column, row: number, enums: readonly EnumType[]): string | number | boolean => {
  const type = column.type;
  switch (type.kind) {
    case "boolean":
      return row % 2 === 0;
    case "enum":
      return enums.find((e) => e.name === type.name)?.values[0] as string;
    case "integer":
    case "bigint":
      return row + 1;
    default:
      return String(row + 1);
  }
};

const usedIn = (table: Table, column: string): boolean =>
  table.primaryKey?.columns.includes(column) === true ||
  table.uniques.some((u) => u.columns.includes(column)) ||
  table.checks.some((c) => sqlTextOf(c.expression).includes(column)) ||
  table.foreignKeys.some((f) => f.columns.includes(column)) ||
  table.indexes.some((i) => i.elements.some((e) => (e.kind === "column" ? e.name === column : sqlTextOf(e.sql).includes(column)) || sqlTextOf(i.where ?? "").includes(column)));

const column = (g: Gen, name: string, enums: readonly EnumType[]): Column => {
  const kinds: ScalarKind[] = ["integer", "bigint", "text", "varchar", "boolean", ...(enums.length > 0 ? (["enum"] as const) : [])];
  const kind = g(fc.constantFrom, ...kinds);
  const type = typeOf(kind, enums.length > 0 ? g(fc.constantFrom, ...enums.map((e) => e.name)) : undefined);
  const nullable = g(fc.boolean);
  const withDefault = g(fc.boolean);
  const comment = g(fc.boolean) ? `about ${name}` : undefined;
  return {
    name,
    type,
    nullable,
    ...(withDefault ? { default: defaultFor(type, enums) } : {}),
    ...(comment === undefined ? {} : { comment }),
  };
};

// Constraints and indexes on a table's columns, named explicitly as a database names them.
const extras = (g: Gen, table: Table): Table => {
  const ints = table.columns.filter((c) => c.name !== "id" && (c.type.kind === "integer" || c.type.kind === "bigint"));
  const texts = table.columns.filter((c) => c.type.kind === "text" || c.type.kind === "varchar");
  const uniques = [...table.uniques];
  const checks = [...table.checks];
  const indexes = [...table.indexes];
  const pickInt = ints.length > 0 && g(fc.boolean) ? ints[g(fc.nat, ints.length - 1)] : undefined;
  // A column this changeset added (n...) holds its default in every row: never unique.
  if (pickInt !== undefined && g(fc.boolean) && !pickInt.name.startsWith("n")) uniques.push({ name: `${table.name}_${pickInt.name}_key`, columns: [pickInt.name] });
  if (pickInt !== undefined && g(fc.boolean)) checks.push({ name: `${table.name}_${pickInt.name}_check`, expression: `${pickInt.name} >= 0` });
  const pickText = texts.length > 0 && g(fc.boolean) ? texts[g(fc.nat, texts.length - 1)] : undefined;
  if (pickText !== undefined) {
    const shape = g(fc.constantFrom, "column", "expression", "partial", "desc");
    const name = `${table.name}_${pickText.name}_${shape}_idx`;
    indexes.push(
      shape === "expression"
        ? { name, elements: [{ kind: "expression", sql: `lower(${pickText.name})` }], unique: false }
        : shape === "partial"
          ? { name, elements: [{ kind: "column", name: pickText.name }], unique: false, where: `${pickText.name} IS NOT NULL` }
          : { name, elements: [{ kind: "column", name: pickText.name, ...(shape === "desc" ? { order: "desc" as const } : {}) }], unique: false },
    );
  }
  // An enum column in a check or a partial index's predicate: a recreation of its type
  // (a removed or reordered value, an added value's downgrade) must keep them. Only the
  // first value is named, which no drawn change removes.
  const enums = table.columns.filter((c) => c.type.kind === "enum");
  const pickEnum = enums.length > 0 && g(fc.boolean) ? enums[g(fc.nat, enums.length - 1)] : undefined;
  if (pickEnum !== undefined && pickEnum.type.kind === "enum") {
    const typeName = /^[a-z_][a-z0-9_]*$/.test(pickEnum.type.name) ? pickEnum.type.name : `"${pickEnum.type.name}"`;
    if (g(fc.boolean)) checks.push({ name: `${table.name}_${pickEnum.name}_enum_check`, expression: `${pickEnum.name} >= 'a'::${typeName}` });
    else indexes.push({ name: `${table.name}_${pickEnum.name}_enum_idx`, elements: [{ kind: "column", name: "id" }], unique: false, where: `${pickEnum.name} = 'a'::${typeName}` });
  }
  return { ...table, uniques, checks, indexes };
};

const newTable = (g: Gen, name: string, enums: readonly EnumType[], parent: Table | undefined): Table => {
  const count = g(fc.integer, { min: 1, max: 3 });
  const columns: Column[] = [{ name: "id", type: { kind: "serial" }, nullable: false }];
  for (let i = 0; i < count; i++) columns.push(column(g, `c${i}`, enums));
  const foreignKeys: Table["foreignKeys"][number][] = [];
  if (parent !== undefined && g(fc.boolean)) {
    columns.push({ name: "parent_id", type: { kind: "integer" }, nullable: true });
    foreignKeys.push({ name: `${name}_parent_id_fkey`, columns: ["parent_id"], references: { table: parent.name, columns: ["id"] } });
  }
  const base: Table = {
    name,
    columns,
    primaryKey: { name: `${name}_pkey`, columns: ["id"] },
    uniques: [],
    checks: [],
    foreignKeys,
    indexes: [],
    ...(g(fc.boolean) ? { comment: `the ${name}` } : {}),
  };
  return extras(g, base);
};

export const drawSchema = (g: Gen): Schema => {
  const enums: EnumType[] = [];
  const enumCount = g(fc.integer, { min: 0, max: 2 });
  // Names that need quoting: mixed case, a hyphen, a space.
  for (let i = 0; i < enumCount; i++) enums.push({ name: [`Mood${i}`, `fz-e${i}`, `fz e${i}`, `e${i}`][g(fc.nat, 3)] as string, values: ["a", "b", "c"].slice(0, g(fc.integer, { min: 1, max: 3 })) });
  const tables: Table[] = [];
  const count = g(fc.integer, { min: 1, max: 3 });
  for (let i = 0; i < count; i++) tables.push(newTable(g, [`t${i}`, `T${i}`, `t ${i}`, `t-${i}`][g(fc.nat, 3)] as string, enums, tables[0]));
  return { tables, enums };
};

const CASTABLE: Record<string, readonly ScalarKind[]> = {
  integer: ["bigint", "text"],
  bigint: ["integer", "text"],
  text: ["integer", "varchar"],
  varchar: ["text"],
};

const replaceTable = (schema: Schema, name: string, next: Table | undefined): Schema => ({
  ...schema,
  tables: next === undefined ? schema.tables.filter((t) => t.name !== name) : schema.tables.map((t) => (t.name === name ? next : t)),
});

const referenced = (schema: Schema, name: string): boolean => schema.tables.some((t) => t.name !== name && t.foreignKeys.some((f) => f.references.table === name));

const enumUsed = (schema: Schema, name: string): boolean =>
  schema.tables.some((t) => t.columns.some((c) => c.type.kind === "enum" && c.type.name === name));

// A column the downgrade can add back to rows: nullable or with a default (as it was first).
const refillable = (c: Column | undefined): boolean => c === undefined || c.nullable || c.default !== undefined;
const originalColumn = (original: Schema, table: string, column: string): Column | undefined =>
  original.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column);

const CHANGE_KINDS = [
  "addColumn",
  "dropColumn",
  "changeType",
  "changeDefault",
  "toggleNullable",
  "addExtras",
  "dropIndexOrConstraint",
  "renameColumn",
  "renameTable",
  "createTable",
  "dropTable",
  "addEnumValue",
  "removeEnumValue",
  "reorderEnum",
  "createEnum",
  "dropEnum",
  "comment",
] as const;

/** One change to `schema`, or undefined when it does not apply to this schema. */
const change = (g: Gen, schema: Schema, kind: (typeof CHANGE_KINDS)[number], renames: string[], serial: number, original: Schema): Schema | undefined => {
  const table = schema.tables.length > 0 ? schema.tables[g(fc.nat, schema.tables.length - 1)] : undefined;
  switch (kind) {
    case "addColumn": {
      if (table === undefined) return undefined;
      const added = column(g, `n${serial}`, schema.enums);
      // Not null needs a default on a table with rows; autogenerate has no data to invent.
      const safe = added.nullable || added.default !== undefined ? added : { ...added, nullable: true };
      return replaceTable(schema, table.name, { ...table, columns: [...table.columns, safe] });
    }
    case "dropColumn": {
      // Its downgrade re-adds it; NOT NULL without a default cannot be re-added to rows
      // (the safe shape needs a backfill written by hand), so such a drop is not drawn.
      // Nor one that was unique at first: the downgrade refills every row with one default.
      const uniqueAtFirst = (c: Column): boolean => original.tables.some((t) => t.name === table?.name && t.uniques.some((u) => u.columns.includes(c.name)));
      const free =
        table?.columns.filter(
          (c) => c.name !== "id" && !c.name.startsWith("r") && !usedIn(table, c.name) && refillable(c) && refillable(originalColumn(original, table.name, c.name)) && !uniqueAtFirst(c),
        ) ?? [];
      if (table === undefined || free.length === 0) return undefined;
      const gone = free[g(fc.nat, free.length - 1)] as Column;
      return replaceTable(schema, table.name, { ...table, columns: table.columns.filter((c) => c !== gone) });
    }
    case "changeType": {
      const candidates = table?.columns.filter((c) => c.name !== "id" && CASTABLE[kindOf(c.type)] !== undefined && !usedIn(table, c.name)) ?? [];
      if (table === undefined || candidates.length === 0) return undefined;
      const col = candidates[g(fc.nat, candidates.length - 1)] as Column;
      const to = typeOf(g(fc.constantFrom, ...(CASTABLE[kindOf(col.type)] as ScalarKind[])), undefined);
      const next: Column = { ...col, type: to, ...(col.default === undefined ? {} : { default: defaultFor(to, schema.enums) }) };
      return replaceTable(schema, table.name, { ...table, columns: table.columns.map((c) => (c === col ? next : c)) });
    }
    case "changeDefault": {
      // A NOT NULL column this changeset added (n...) has values only through its default:
      // removing that leaves rows with nothing to hold, which only a hand-written backfill fills.
      const candidates = table?.columns.filter((c) => c.name !== "id" && c.name !== "parent_id" && !(c.name.startsWith("n") && !c.nullable && c.default !== undefined)) ?? [];
      if (table === undefined || candidates.length === 0) return undefined;
      const col = candidates[g(fc.nat, candidates.length - 1)] as Column;
      const { default: _d, ...bare } = col;
      const next: Column = col.default === undefined ? { ...col, default: defaultFor(col.type, schema.enums) } : bare;
      return replaceTable(schema, table.name, { ...table, columns: table.columns.map((c) => (c === col ? next : c)) });
    }
    case "toggleNullable": {
      // Rows hold a value in every column, so either direction is valid.
      // A column this changeset added has no values unless it has a default.
      const candidates =
        table?.columns.filter(
          (c) => c.name !== "id" && c.name !== "parent_id" && !table.uniques.some((u) => u.columns.includes(c.name)) && (!c.name.startsWith("n") || c.default !== undefined),
        ) ?? [];
      if (table === undefined || candidates.length === 0) return undefined;
      const col = candidates[g(fc.nat, candidates.length - 1)] as Column;
      return replaceTable(schema, table.name, { ...table, columns: table.columns.map((c) => (c === col ? { ...c, nullable: !c.nullable } : c)) });
    }
    case "addExtras":
      return table === undefined ? undefined : replaceTable(schema, table.name, extras(g, { ...table, uniques: [], checks: [], indexes: [] }));
    case "dropIndexOrConstraint": {
      if (table === undefined) return undefined;
      const what = g(fc.constantFrom, "index", "unique", "check", "foreignKey");
      if (what === "index" && table.indexes.length > 0) return replaceTable(schema, table.name, { ...table, indexes: table.indexes.slice(1) });
      if (what === "unique" && table.uniques.length > 0) return replaceTable(schema, table.name, { ...table, uniques: table.uniques.slice(1) });
      if (what === "check" && table.checks.length > 0) return replaceTable(schema, table.name, { ...table, checks: table.checks.slice(1) });
      if (what === "foreignKey" && table.foreignKeys.length > 0) return replaceTable(schema, table.name, { ...table, foreignKeys: [] });
      return undefined;
    }
    case "renameColumn": {
      const free = table?.columns.filter((c) => c.name !== "id" && !c.name.startsWith("r") && !usedIn(table, c.name)) ?? [];
      if (table === undefined || free.length === 0) return undefined;
      const col = free[g(fc.nat, free.length - 1)] as Column;
      const newName = `r${serial}`;
      renames.push(`${table.name}.${col.name}:${table.name}.${newName}`);
      return replaceTable(schema, table.name, { ...table, columns: table.columns.map((c) => (c === col ? { ...c, name: newName } : c)) });
    }
    case "renameTable": {
      if (table === undefined || table.name.includes("_r") || referenced(schema, table.name) || table.foreignKeys.length > 0) return undefined;
      const newName = `${table.name}_r${serial}`;
      // A column rename drawn earlier is decided under the table's new name.
      renames.forEach((r, i) => {
        if (r.startsWith(`${table.name}.`)) renames[i] = r.replaceAll(`${table.name}.`, `${newName}.`);
      });
      renames.push(`${table.name}:${newName}`);
      // Half the time its constraints and indexes follow it, as under a naming convention.
      if (!g(fc.boolean)) return replaceTable(schema, table.name, { ...table, name: newName });
      const follow = <T extends { readonly name: string }>(x: T): T => ({ ...x, name: x.name.replace(table.name, newName) });
      return replaceTable(schema, table.name, {
        ...table,
        name: newName,
        ...(table.primaryKey === undefined ? {} : { primaryKey: follow(table.primaryKey) }),
        uniques: table.uniques.map(follow),
        checks: table.checks.map(follow),
        indexes: table.indexes.map(follow),
      });
    }
    case "createTable":
      return { ...schema, tables: [...schema.tables, newTable(g, `t${serial}n`, schema.enums, schema.tables[0])] };
    case "dropTable":
      if (table === undefined || table.name.includes("_r") || referenced(schema, table.name)) return undefined;
      return replaceTable(schema, table.name, undefined);
    case "addEnumValue": {
      if (schema.enums.length === 0) return undefined;
      const e = schema.enums[g(fc.nat, schema.enums.length - 1)] as EnumType;
      const at = g(fc.integer, { min: 1, max: e.values.length });
      const values = [...e.values.slice(0, at), `v${serial}`, ...e.values.slice(at)];
      return { ...schema, enums: schema.enums.map((x) => (x === e ? { ...e, values } : x)) };
    }
    case "removeEnumValue": {
      // Rows and defaults use the first value only.
      const e = schema.enums.find((x) => x.values.length > 1);
      if (e === undefined) return undefined;
      const gone = g(fc.integer, { min: 1, max: e.values.length - 1 });
      return { ...schema, enums: schema.enums.map((x) => (x === e ? { ...e, values: e.values.filter((_, i) => i !== gone) } : x)) };
    }
    case "reorderEnum": {
      const e = schema.enums.find((x) => x.values.length > 2);
      if (e === undefined) return undefined;
      return { ...schema, enums: schema.enums.map((x) => (x === e ? { ...e, values: [e.values[0] as string, ...e.values.slice(1).reverse()] } : x)) };
    }
    case "createEnum":
      return { ...schema, enums: [...schema.enums, { name: `New E${serial}`, values: ["x", "y"] }] };
    case "dropEnum": {
      const free = schema.enums.filter((e) => !enumUsed(schema, e.name));
      if (free.length === 0) return undefined;
      return { ...schema, enums: schema.enums.filter((e) => e !== free[0]) };
    }
    case "comment": {
      if (table === undefined) return undefined;
      const col = table.columns[g(fc.nat, table.columns.length - 1)] as Column;
      const { comment: _c, ...bare } = col;
      const next = col.comment === undefined ? { ...col, comment: `changed ${serial}` } : bare;
      const { comment: _t, ...bareTable } = table;
      const withTable = g(fc.boolean) ? (table.comment === undefined ? { ...table, comment: `changed ${serial}` } : bareTable) : table;
      return replaceTable(schema, table.name, { ...withTable, columns: withTable.columns.map((c) => (c.name === col.name ? next : c)) });
    }
  }
};

export const drawCase = (g: Gen): Case => {
  const original = drawSchema(g);
  let target = original;
  const renames: string[] = [];
  const changes: string[] = [];
  const count = g(fc.integer, { min: 1, max: 4 });
  for (let i = 0; i < count; i++) {
    const kind = g(fc.constantFrom, ...CHANGE_KINDS);
    // A renamed item changes once per case: a second change would make the pairing moot.
    const next = change(g, target, kind, renames, i, original);
    if (next === undefined) continue;
    target = next;
    changes.push(kind);
  }
  return { original, target, renames, changes };
};
