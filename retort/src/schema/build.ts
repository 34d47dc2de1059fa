// Model tables and enums into the dialect-neutral Schema: naming conventions applied,
// column-level unique and references turned into table-level constraints, and every
// reference checked, so that each constraint and index in the result has a concrete name.
import { RetortError } from "../errors.js";
import type { ColumnBuilder, ColumnSpec } from "./column.js";
import { indexColumnFields, type ForeignKeyTarget, type IndexSpec, type TableExtra } from "./constraints.js";
import { enumDefinition, isEnumModel } from "./enum.js";
import { constraintName, isFinalName, nameText, type ConstraintName, type NameContext, type NamingConvention } from "./naming.js";
import { buildObjects } from "./build-objects.js";
import { COLUMN_NAME, isNamedColumn, isSql, schemaSqlText, type NamedColumn, type Sql } from "./sql.js";
import { columnOwner, isTableModel, tableDefinition, type TableInternals, type TableModel } from "./table.js";
import type {
  CheckConstraint,
  Column,
  EnumType,
  ForeignKey,
  Index,
  IndexElement,
  PrimaryKey,
  Schema,
  Table,
  UniqueConstraint,
} from "./types.js";

export interface BuildOptions {
  /** Overrides per kind; kinds left out keep the defaults (pk_, fk_, uq_, ix_, ck_). */
  readonly namingConvention?: NamingConvention;
}

export interface BuiltTable {
  readonly table: Table;
  /** Enum types the table's columns use, with their values. */
  readonly enums: readonly EnumType[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const bad = (message: string, hint: string) => new RetortError("INVALID_SCHEMA", message, { hint });

const IDENTITY_KINDS = new Set(["smallint", "integer", "bigint"]);

const toColumn = (name: string, spec: ColumnSpec): Column => {
  if (spec.identity !== undefined && !IDENTITY_KINDS.has(spec.type.kind)) {
    throw bad(`column "${name}" is an identity column of type ${spec.type.kind}`, "Identity columns must be smallint(), integer() or bigint().");
  }
  if ((spec.identity !== undefined || spec.generated !== undefined) && spec.default !== undefined) {
    throw bad(
      `column "${name}" has a default and is also ${spec.identity !== undefined ? "an identity" : "a generated"} column`,
      "Keep only one way of filling the column in.",
    );
  }
  // Assigned in the order a spread chain would give, without its temporary objects: a
  // 10,000-table models module has 120,000 columns.
  const column: Mutable<Column> = { name, type: spec.type, nullable: !spec.notNull };
  if (spec.default !== undefined) column.default = spec.default;
  if (spec.identity !== undefined) column.identity = spec.identity;
  if (spec.generated !== undefined) column.generated = spec.generated;
  if (spec.comment !== undefined) column.comment = spec.comment;
  return Object.freeze(column);
};

/** Column names referenced anywhere inside an sql`` fragment, in order of appearance. */
const columnsIn = (fragment: Sql): string[] =>
  fragment.values.flatMap((v) => (isSql(v) ? columnsIn(v) : isNamedColumn(v) ? [v[COLUMN_NAME]] : []));

const qualifiedName = (t: { readonly name: string; readonly schema?: string }): string =>
  t.schema === undefined ? `"${t.name}"` : `"${t.schema}"."${t.name}"`;

/** The Schema table of one model table, its indexes included. */
export const buildTable = (model: TableModel, options: BuildOptions = {}): BuiltTable => {
  const internals = tableDefinition(model);
  return buildTableFrom(internals, options.namingConvention ?? {});
};

const isOwnColumn = (columns: object, name: string): boolean => Object.prototype.propertyIsEnumerable.call(columns, name);

const buildTableFrom = (internals: TableInternals, convention: NamingConvention): BuiltTable => {
  const tableLabel = qualifiedName(internals);
  const declared = internals.columns;
  const columnNames = Object.keys(declared);
  const specs: ColumnSpec[] = [];
  for (const columnName of columnNames) specs.push((declared[columnName] as ColumnBuilder).spec);

  // A column given to a constraint must be one of this table's; a column of another table
  // is the usual slip (t.id of the wrong table), so it is named in the error.
  const local = (value: NamedColumn, what: string): string => {
    const column = (value as { readonly column?: NamedColumn }).column ?? value;
    const name = column[COLUMN_NAME];
    const owner = columnOwner(column);
    if (owner !== undefined && owner !== internals) {
      throw bad(
        `${what} of table ${tableLabel} uses column "${name}" of table ${qualifiedName(owner)}`,
        "Use this table's own columns, from the extras callback's argument.",
      );
    }
    if (!isOwnColumn(declared, name))
      throw bad(
        `${what} of table ${tableLabel} uses column "${name}", which the table does not have`,
        `The table's columns are ${columnNames.join(", ")}.`,
      );
    return name;
  };
  const nonEmpty = <T>(list: readonly T[], what: string): readonly T[] => {
    if (list.length === 0)
      throw bad(`${what} of table ${tableLabel} has an empty column list`, "Name at least one column, e.g. .on(t.email).");
    return list;
  };
  const name = (
    kind: "pk" | "fk" | "uq" | "ix" | "ck",
    columns: readonly string[],
    given: ConstraintName | undefined,
    referred?: { table: string; columns: readonly string[] },
  ): string => {
    // The context's keys in the order the naming convention's functions have always seen them.
    const context: Mutable<NameContext> = { kind, table: internals.name, columns };
    if (referred !== undefined) {
      context.referredTable = referred.table;
      context.referredColumns = referred.columns;
    }
    if (given !== undefined) {
      context.constraintName = nameText(given);
      if (isFinalName(given)) context.final = true;
    }
    return constraintName(convention, context);
  };

  const resolveTarget = (target: ForeignKeyTarget | undefined, what: string): ForeignKey["references"] => {
    if (target === undefined)
      throw bad(
        `${what} of table ${tableLabel} does not say what it references`,
        "Add .references(() => [other.id]) or .references({ table, columns }).",
      );
    const value = typeof target === "function" ? target() : target;
    if (Array.isArray(value)) {
      const refs = value as readonly NamedColumn[];
      if (refs.length === 0) throw bad(`${what} of table ${tableLabel} references an empty column list`, "Reference at least one column.");
      const owner = columnOwner(refs[0]);
      if (owner === undefined || refs.some((r) => columnOwner(r) !== owner)) {
        throw bad(
          `${what} of table ${tableLabel} must reference columns of one model table`,
          "Reference model columns such as () => [users.id], or give { table, columns } by name.",
        );
      }
      return referenceTo(owner.schema, owner.name, refs.map((r) => r[COLUMN_NAME]));
    }
    const named = value as { readonly table: string; readonly columns: readonly string[]; readonly schema?: string };
    if (typeof named.table !== "string" || named.table.length === 0 || !Array.isArray(named.columns) || named.columns.length === 0) {
      throw bad(
        `${what} of table ${tableLabel} must name the referenced table and its columns`,
        'Write .references({ table: "users", columns: ["id"] }).',
      );
    }
    return referenceTo(named.schema, named.table, [...named.columns]);
  };

  // One pass over the columns for what cannot fail on a constraint: their Schema form, the
  // column-level primary key and the enums they use.
  const columns: Column[] = [];
  const pkColumns: string[] = [];
  let enums: Map<string, EnumType> | undefined;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i] as ColumnSpec;
    const columnName = columnNames[i] as string;
    columns.push(toColumn(columnName, spec));
    if (spec.primaryKey) pkColumns.push(columnName);
    const def = spec.enumDefinition;
    if (def !== undefined) (enums ??= new Map()).set(`${def.schema ?? ""}.${def.name}`, def);
  }
  const extras: readonly TableExtra[] = internals.extras;

  let primaryKey: PrimaryKey | undefined;
  let tablePk: { name?: ConstraintName; columns: readonly NamedColumn[] } | undefined;
  let tablePkCount = 0;
  for (const e of extras) {
    if ("spec" in e && e.spec.kind === "primaryKey") {
      tablePkCount++;
      tablePk ??= e.spec;
    }
  }
  if (tablePkCount > 1 || (tablePkCount === 1 && pkColumns.length > 0)) {
    throw bad(
      `table ${tableLabel} declares its primary key more than once`,
      "Use either .primaryKey() on columns or one primaryKey() in the extras, not both.",
    );
  }
  if (pkColumns.length > 0) primaryKey = { name: name("pk", pkColumns, undefined), columns: pkColumns };
  if (tablePk !== undefined) {
    const cols = nonEmpty(tablePk.columns, "the primary key").map((c) => local(c, "the primary key"));
    primaryKey = { name: name("pk", cols, tablePk.name), columns: cols };
  }

  const uniques: UniqueConstraint[] = [];
  const foreignKeys: ForeignKey[] = [];
  const checks: CheckConstraint[] = [];
  const indexes: Index[] = [];
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i] as ColumnSpec;
    if (spec.unique === undefined && spec.references === undefined) continue;
    const columnName = columnNames[i] as string;
    if (spec.unique !== undefined) uniques.push({ name: name("uq", [columnName], spec.unique.name), columns: [columnName] });
    if (spec.references !== undefined) {
      const { target, options } = spec.references;
      let references: ForeignKey["references"];
      if (typeof target === "function") {
        const ref = target();
        const owner = columnOwner(ref);
        if (owner === undefined)
          throw bad(
            `the reference from column "${columnName}" of table ${tableLabel} does not point at a model column`,
            'Write .references(() => users.id), or .references({ table: "users", column: "id" }).',
          );
        references = referenceTo(owner.schema, owner.name, [ref[COLUMN_NAME]]);
      } else {
        if (
          typeof target.table !== "string" ||
          target.table.length === 0 ||
          typeof target.column !== "string" ||
          target.column.length === 0
        ) {
          throw bad(
            `the reference from column "${columnName}" of table ${tableLabel} must name the referenced table and column`,
            'Write .references({ table: "users", column: "id" }).',
          );
        }
        references = referenceTo(target.schema, target.table, [target.column]);
      }
      foreignKeys.push(foreignKeyOf(name("fk", [columnName], options.name, references), [columnName], references, options));
    }
  }
  for (const extra of extras) {
    if (!("spec" in extra) && extra.kind === "check") {
      if (!isSql(extra.expression))
        throw bad(`a check constraint of table ${tableLabel} has no sql\`...\` condition`, 'Write check("name", sql`price > 0`).');
      const cols = columnsIn(extra.expression);
      checks.push({ name: name("ck", cols, extra.name), expression: schemaSqlText(extra.expression, `check constraint of table ${tableLabel}`) });
      continue;
    }
    if (!("spec" in extra))
      throw bad(
        `table ${tableLabel} has an extra that is not an index or constraint`,
        "Return index(), uniqueIndex(), unique(), check(), primaryKey() or foreignKey() from the extras callback.",
      );
    const spec = extra.spec;
    switch (spec.kind) {
      case "primaryKey":
        break;
      case "unique": {
        const cols = nonEmpty(spec.columns, "a unique constraint").map((c) => local(c, "a unique constraint"));
        const constraint: Mutable<UniqueConstraint> = { name: name("uq", cols, spec.name), columns: cols };
        if (spec.deferrable === true) {
          constraint.deferrable = true;
          constraint.initiallyDeferred = spec.initiallyDeferred === true;
        }
        uniques.push(constraint);
        break;
      }
      case "foreignKey": {
        const cols = nonEmpty(spec.columns, "a foreign key").map((c) => local(c, "a foreign key"));
        const references = resolveTarget(spec.target, "a foreign key");
        if (references.columns.length !== cols.length) {
          throw bad(
            `a foreign key of table ${tableLabel} has ${cols.length} column(s) referencing ${references.columns.length}`,
            "Reference as many columns as the key has, in matching order.",
          );
        }
        foreignKeys.push(foreignKeyOf(name("fk", cols, spec.name, references), cols, references, spec.options));
        break;
      }
      case "index":
        indexes.push(buildIndex(spec, local, nonEmpty, (cols, given) => name("ix", cols, given), tableLabel));
        break;
    }
  }

  // Keys in the order the Schema has always had them (schema, name, columns, primaryKey,
  // uniques, checks, foreignKeys, indexes, comment), set without a spread chain.
  const building: Mutable<Partial<Table>> =
    internals.schema === undefined ? { name: internals.name, columns } : { schema: internals.schema, name: internals.name, columns };
  if (primaryKey !== undefined) building.primaryKey = primaryKey;
  building.uniques = uniques;
  building.checks = checks;
  building.foreignKeys = foreignKeys;
  building.indexes = indexes;
  if (internals.comment !== undefined) building.comment = internals.comment;
  const table = Object.freeze(building) as Table;
  checkDistinctNames(table);
  return { table, enums: enums === undefined ? [] : [...enums.values()] };
};

const referenceTo = (schema: string | undefined, table: string, columns: readonly string[]): ForeignKey["references"] =>
  schema === undefined ? { table, columns } : { schema, table, columns };

const foreignKeyOf = (
  name: string,
  columns: readonly string[],
  references: ForeignKey["references"],
  options: { onDelete?: ForeignKey["onDelete"]; onUpdate?: ForeignKey["onUpdate"]; deferrable?: boolean; initiallyDeferred?: boolean },
): ForeignKey => ({
  name,
  columns,
  references,
  ...(options.onDelete === undefined ? {} : { onDelete: options.onDelete }),
  ...(options.onUpdate === undefined ? {} : { onUpdate: options.onUpdate }),
  ...(options.deferrable === true ? { deferrable: true, initiallyDeferred: options.initiallyDeferred === true } : {}),
});

const buildIndex = (
  spec: IndexSpec,
  local: (value: NamedColumn, what: string) => string,
  nonEmpty: <T>(list: readonly T[], what: string) => readonly T[],
  name: (columns: readonly string[], given: ConstraintName | undefined) => string,
  tableLabel: string,
): Index => {
  const what = spec.name === undefined ? "an index" : `index "${nameText(spec.name)}"`;
  const named: string[] = [];
  const elements = nonEmpty(spec.elements, what).map((element): IndexElement => {
    if (isSql(element)) {
      named.push(...columnsIn(element));
      return { kind: "expression", sql: schemaSqlText(element, `an index expression of table ${tableLabel}`) };
    }
    const fields = indexColumnFields(element);
    const column = local(element, what);
    named.push(column);
    return {
      kind: "column",
      name: column,
      ...(fields.order === undefined ? {} : { order: fields.order }),
      ...(fields.nulls === undefined ? {} : { nulls: fields.nulls }),
      ...(fields.opclass === undefined ? {} : { opclass: fields.opclass }),
    };
  });
  const include = spec.include.map((c) => local(c, what));
  return {
    name: name(named, spec.name),
    elements,
    unique: spec.unique,
    ...(spec.method === undefined ? {} : { method: spec.method }),
    ...(spec.where === undefined ? {} : { where: schemaSqlText(spec.where, `the WHERE clause of ${what}`) }),
    ...(include.length === 0 ? {} : { include }),
  };
};

// Constraint names must be distinct within a table, and index-backed names (primary key,
// unique, index) within a schema, or PostgreSQL refuses the second one.
const checkDistinctNames = (table: Table): void => {
  const seen = new Set<string>();
  const add = (n: string): void => {
    if (seen.has(n)) throw duplicate(n, qualifiedName(table));
    seen.add(n);
  };
  if (table.primaryKey !== undefined) add(table.primaryKey.name);
  for (const u of table.uniques) add(u.name);
  for (const c of table.checks) add(c.name);
  for (const f of table.foreignKeys) add(f.name);
  for (const i of table.indexes) add(i.name);
};

const duplicate = (name: string, where: string) =>
  bad(
    `two constraints or indexes of ${where} are both named "${name}"`,
    "Give one of them an explicit name, or use a naming convention with %(column_0_N)s.",
  );

/**
 * The Schema of a set of models: a module's exports as they are (a record), or a list.
 * Values that are neither tables nor enums are ignored; enums used by columns are included
 * even when not passed.
 */
export const buildSchema = (models: Readonly<Record<string, unknown>> | readonly unknown[], options: BuildOptions = {}): Schema => {
  const steps = buildSteps(models, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
};

/**
 * buildSchema that lets the event loop run every `every` tables, so that a command reading
 * the catalog at the same time keeps its queries going while a large models module builds.
 */
export const buildSchemaYielding = async (
  models: Readonly<Record<string, unknown>> | readonly unknown[],
  options: BuildOptions = {},
  every = 250,
): Promise<Schema> => {
  const steps = buildSteps(models, options);
  for (let n = 1; ; n++) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (n % every === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
};

// The work of buildSchema, one table per step.
function* buildSteps(models: Readonly<Record<string, unknown>> | readonly unknown[], options: BuildOptions): Generator<void, Schema> {
  const values = Array.isArray(models) ? models : Object.values(models);
  const tables: Table[] = [];
  const enums = new Map<string, EnumType>();
  const addEnum = (e: EnumType): void => {
    const key = `${e.schema ?? ""}.${e.name}`;
    const existing = enums.get(key);
    if (existing !== undefined && existing !== e && existing.values.join("\u0000") !== e.values.join("\u0000")) {
      throw bad(`enum type "${e.name}" is declared twice with different values`, "Declare each enum type once and share it.");
    }
    enums.set(key, e);
  };
  const convention = options.namingConvention ?? {};
  const seenTables = new Set<unknown>();
  const tableModels: TableInternals[] = [];
  // Keyed lookups, not scans of the tables built so far: 10,000 tables must cost 10x 1,000.
  const tableKeys = new Set<string>();
  // The table owning each index-backed name; its label is made only for the error.
  const relationNames = new Map<string, Table>();
  const claim = (table: Table, prefix: string, n: string): void => {
    const scoped = prefix + n;
    const owner = relationNames.get(scoped);
    if (owner !== undefined) throw duplicate(n, `${qualifiedName(owner)} and ${qualifiedName(table)}`);
    relationNames.set(scoped, table);
  };
  for (const value of values) {
    if (isEnumModel(value)) addEnum(enumDefinition(value));
    if (!isTableModel(value) || seenTables.has(value)) continue;
    seenTables.add(value);
    const internals = tableDefinition(value);
    tableModels.push(internals);
    const built = buildTableFrom(internals, convention);
    const table = built.table;
    const prefix = `${table.schema ?? ""}.`;
    const key = prefix + table.name;
    if (tableKeys.has(key)) throw bad(`table ${qualifiedName(table)} is declared twice`, "Declare each table once.");
    tableKeys.add(key);
    if (table.primaryKey !== undefined) claim(table, prefix, table.primaryKey.name);
    for (const u of table.uniques) claim(table, prefix, u.name);
    for (const i of table.indexes) claim(table, prefix, i.name);
    tables.push(built.table);
    for (const e of built.enums) addEnum(e);
    yield;
  }
  const schemas = [...new Set(tables.map((t) => t.schema).filter((s): s is string => s !== undefined))];
  const objects = buildObjects(values, tableModels, options);
  return Object.freeze({ tables, enums: [...enums.values()], ...(schemas.length === 0 ? {} : { schemas }), ...objects });
}
