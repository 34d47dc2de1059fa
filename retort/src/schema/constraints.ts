// Table-level declarations returned from a table's extras callback: indexes, unique,
// check, primary key and foreign key constraints. Each builder is immutable; buildSchema
// names them through the naming convention and checks them against the table.
import { RetortError } from "../errors.js";
import { isFinalName, nameText, type ConstraintName } from "./naming.js";
import type { ReferenceOptions } from "./column.js";
import { COLUMN_NAME, isNamedColumn, isSql, type NamedColumn, type Sql } from "./sql.js";
import type { ReferentialAction } from "./types.js";

/** One index key column with its ordering; made by t.col.desc(), t.col.asc(), ... */
export interface IndexColumn extends NamedColumn {
  readonly column: NamedColumn;
  readonly order?: "asc" | "desc";
  readonly nulls?: "first" | "last";
  readonly opclassName?: string;
  asc(): IndexColumn;
  desc(): IndexColumn;
  nullsFirst(): IndexColumn;
  nullsLast(): IndexColumn;
  /** Operator class, e.g. "text_pattern_ops". */
  opclass(name: string): IndexColumn;
}

interface IndexColumnFields {
  readonly order?: "asc" | "desc";
  readonly nulls?: "first" | "last";
  readonly opclass?: string;
}

// An index column's methods live on one prototype: t.c1.desc() on a large models module
// makes one small object, not five closures.
class OrderedColumn {
  declare readonly [COLUMN_NAME]: string;
  declare readonly column: NamedColumn;
  declare readonly order?: "asc" | "desc";
  declare readonly nulls?: "first" | "last";
  declare readonly opclassName?: string;

  constructor(column: NamedColumn, fields: IndexColumnFields) {
    const self = this as { -readonly [K in keyof OrderedColumn]: OrderedColumn[K] };
    self[COLUMN_NAME] = column[COLUMN_NAME];
    self.column = column;
    if (fields.order !== undefined) self.order = fields.order;
    if (fields.nulls !== undefined) self.nulls = fields.nulls;
    if (fields.opclass !== undefined) self.opclassName = fields.opclass;
    Object.freeze(this);
  }

  private next(change: IndexColumnFields): IndexColumn {
    const fields: { -readonly [K in keyof IndexColumnFields]: IndexColumnFields[K] } = {};
    if (this.order !== undefined) fields.order = this.order;
    if (this.nulls !== undefined) fields.nulls = this.nulls;
    if (this.opclassName !== undefined) fields.opclass = this.opclassName;
    return indexColumn(this.column, { ...fields, ...change });
  }
  asc(): IndexColumn {
    return this.next({ order: "asc" });
  }
  desc(): IndexColumn {
    return this.next({ order: "desc" });
  }
  nullsFirst(): IndexColumn {
    return this.next({ nulls: "first" });
  }
  nullsLast(): IndexColumn {
    return this.next({ nulls: "last" });
  }
  opclass(name: string): IndexColumn {
    return this.next({ opclass: name });
  }
}

export const indexColumn = (column: NamedColumn, fields: IndexColumnFields = {}): IndexColumn => new OrderedColumn(column, fields);

/** Reads an index column's fields (the opclass is stored apart from the opclass() method). */
export const indexColumnFields = (element: NamedColumn): { column: NamedColumn } & IndexColumnFields => {
  const e = element as Partial<IndexColumn> & { opclassName?: string };
  if (e.column === undefined) return { column: element };
  return {
    column: e.column,
    ...(e.order === undefined ? {} : { order: e.order }),
    ...(e.nulls === undefined ? {} : { nulls: e.nulls }),
    ...(e.opclassName === undefined ? {} : { opclass: e.opclassName }),
  };
};

export type IndexElementInput = NamedColumn | Sql;

export interface IndexSpec {
  readonly kind: "index";
  readonly name?: ConstraintName;
  readonly unique: boolean;
  readonly elements: readonly IndexElementInput[];
  readonly method?: string;
  readonly where?: Sql;
  readonly include: readonly NamedColumn[];
}

export class IndexBuilder {
  declare readonly spec: IndexSpec;
  constructor(spec: IndexSpec) {
    (this as { spec: IndexSpec }).spec = Object.freeze(spec);
  }
  on(...elements: IndexElementInput[]): IndexBuilder {
    for (const e of elements) if (!isNamedColumn(e) && !isSql(e)) throw badElement("index");
    return new IndexBuilder({ ...this.spec, elements });
  }
  using(method: string): IndexBuilder {
    return new IndexBuilder({ ...this.spec, method });
  }
  where(predicate: Sql): IndexBuilder {
    return new IndexBuilder({ ...this.spec, where: predicate });
  }
  include(...columns: NamedColumn[]): IndexBuilder {
    return new IndexBuilder({ ...this.spec, include: columns });
  }
}

const badElement = (what: string) =>
  new RetortError("INVALID_SCHEMA", `a ${what} element must be a table column (t.name) or an sql\`...\` expression`, {
    hint: "Pass the table's columns from the extras callback, e.g. (t) => [index().on(t.email)].",
  });

const named = (name: ConstraintName | undefined) => (name === undefined ? {} : { name });

export const index = (name?: ConstraintName): IndexBuilder =>
  new IndexBuilder({ kind: "index", ...named(name), unique: false, elements: [], include: [] });
export const uniqueIndex = (name?: ConstraintName): IndexBuilder =>
  new IndexBuilder({ kind: "index", ...named(name), unique: true, elements: [], include: [] });

export interface UniqueSpec {
  readonly kind: "unique";
  readonly name?: ConstraintName;
  readonly columns: readonly NamedColumn[];
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export class UniqueBuilder {
  declare readonly spec: UniqueSpec;
  constructor(spec: UniqueSpec) {
    (this as { spec: UniqueSpec }).spec = Object.freeze(spec);
  }
  on(...columns: NamedColumn[]): UniqueBuilder {
    for (const c of columns) if (!isNamedColumn(c)) throw badElement("unique constraint");
    return new UniqueBuilder({ ...this.spec, columns });
  }
  deferrable(options: { initiallyDeferred?: boolean } = {}): UniqueBuilder {
    return new UniqueBuilder({ ...this.spec, deferrable: true, initiallyDeferred: options.initiallyDeferred ?? false });
  }
}

export const unique = (name?: ConstraintName): UniqueBuilder => new UniqueBuilder({ kind: "unique", ...named(name), columns: [] });

export interface CheckSpec {
  readonly kind: "check";
  readonly name?: ConstraintName;
  readonly expression: Sql;
}

/** check("positive_price", sql`price > 0`); with no name the naming convention must not need one. */
export function check(name: ConstraintName, expression: Sql): CheckSpec;
export function check(expression: Sql): CheckSpec;
export function check(nameOrExpression: ConstraintName | Sql, expression?: Sql): CheckSpec {
  if (typeof nameOrExpression === "string" || isFinalName(nameOrExpression)) {
    if (expression === undefined || !isSql(expression))
      throw new RetortError("INVALID_SCHEMA", `check constraint "${nameText(nameOrExpression)}" needs an sql\`...\` condition`, {
        hint: 'Write check("name", sql`price > 0`).',
      });
    return Object.freeze({ kind: "check", name: nameOrExpression, expression });
  }
  if (!isSql(nameOrExpression))
    throw new RetortError("INVALID_SCHEMA", "a check constraint needs an sql`...` condition", {
      hint: 'Write check("name", sql`price > 0`).',
    });
  return Object.freeze({ kind: "check", expression: nameOrExpression });
}

export interface PrimaryKeySpec {
  readonly kind: "primaryKey";
  readonly name?: ConstraintName;
  readonly columns: readonly NamedColumn[];
}

export class PrimaryKeyBuilder {
  declare readonly spec: PrimaryKeySpec;
  constructor(spec: PrimaryKeySpec) {
    (this as { spec: PrimaryKeySpec }).spec = Object.freeze(spec);
  }
  on(...columns: NamedColumn[]): PrimaryKeyBuilder {
    for (const c of columns) if (!isNamedColumn(c)) throw badElement("primary key");
    return new PrimaryKeyBuilder({ ...this.spec, columns });
  }
}

/** primaryKey().on(t.a, t.b), or primaryKey({ name, columns: [t.a, t.b] }). */
export const primaryKey = (nameOrOptions?: ConstraintName | { name?: ConstraintName; columns: NamedColumn[] }): PrimaryKeyBuilder => {
  if (typeof nameOrOptions === "object" && !isFinalName(nameOrOptions))
    return new PrimaryKeyBuilder({ kind: "primaryKey", ...named(nameOrOptions.name), columns: [] }).on(...nameOrOptions.columns);
  return new PrimaryKeyBuilder({ kind: "primaryKey", ...named(nameOrOptions), columns: [] });
};

/** The referenced side of a foreign key: model columns (possibly lazy), or names. */
export type ForeignKeyTarget =
  | readonly NamedColumn[]
  | (() => readonly NamedColumn[])
  | { readonly table: string; readonly columns: readonly string[]; readonly schema?: string };

export interface ForeignKeySpec {
  readonly kind: "foreignKey";
  readonly name?: ConstraintName;
  readonly columns: readonly NamedColumn[];
  readonly target?: ForeignKeyTarget;
  readonly options: ReferenceOptions;
}

export class ForeignKeyBuilder {
  declare readonly spec: ForeignKeySpec;
  constructor(spec: ForeignKeySpec) {
    (this as { spec: ForeignKeySpec }).spec = Object.freeze(spec);
  }
  on(...columns: NamedColumn[]): ForeignKeyBuilder {
    for (const c of columns) if (!isNamedColumn(c)) throw badElement("foreign key");
    return new ForeignKeyBuilder({ ...this.spec, columns });
  }
  references(target: ForeignKeyTarget, options: Omit<ReferenceOptions, "name"> = {}): ForeignKeyBuilder {
    return new ForeignKeyBuilder({ ...this.spec, target, options: { ...this.spec.options, ...options } });
  }
  onDelete(action: ReferentialAction): ForeignKeyBuilder {
    return new ForeignKeyBuilder({ ...this.spec, options: { ...this.spec.options, onDelete: action } });
  }
  onUpdate(action: ReferentialAction): ForeignKeyBuilder {
    return new ForeignKeyBuilder({ ...this.spec, options: { ...this.spec.options, onUpdate: action } });
  }
}

/** foreignKey().on(t.a).references(() => [other.id], { onDelete: "cascade" }). */
export const foreignKey = (name?: ConstraintName): ForeignKeyBuilder =>
  new ForeignKeyBuilder({ kind: "foreignKey", ...named(name), columns: [], options: {} });

export type TableExtra = IndexBuilder | UniqueBuilder | CheckSpec | PrimaryKeyBuilder | ForeignKeyBuilder;
