// Column builders: each call returns a new immutable builder, and the builder's type
// parameter tracks what typed queries need (the TypeScript value, nullability, whether
// the database fills the column in on insert).
import { RetortError } from "../errors.js";
import type { ColumnType, DefaultValue, EnumType, Identity, ReferentialAction, SqlText } from "./types.js";
import { isSql, schemaSqlText, type NamedColumn, type Sql } from "./sql.js";

/** What the type system knows about one column. */
export interface ColumnMeta {
  readonly select: unknown;
  readonly insert: unknown;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  readonly generated: boolean;
}

type With<M extends ColumnMeta, P extends Partial<ColumnMeta>> = Omit<M, keyof P> & P;

/** A plain column meta for a TypeScript type T that may be written as I. */
export type Meta<T, I = T> = { select: T; insert: I; notNull: false; hasDefault: false; generated: false };

export interface ReferenceOptions {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  /** Constraint name; without it the naming convention names it. */
  readonly name?: string;
}

/** The target of a column-level reference: a model column, or a table and column by name. */
export type ReferenceTarget = (() => NamedColumn) | { readonly table: string; readonly column: string; readonly schema?: string };

/** What a builder has collected; turned into Schema data by buildSchema. */
export interface ColumnSpec {
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  readonly unique?: { readonly name?: string };
  readonly default?: DefaultValue;
  readonly identity?: Identity;
  readonly generated?: { readonly sql: SqlText };
  readonly comment?: string;
  readonly references?: { readonly target: ReferenceTarget; readonly options: ReferenceOptions };
  /** The enum model's definition, for a column made by enumModel.column(). */
  readonly enumDefinition?: EnumType;
}

// A brand that survives a second copy of this module: migrations are loaded under a loader
// namespace of their own, so `instanceof ColumnBuilder` fails for builders they create.
const BUILDER = Symbol.for("retort.columnBuilder");

export class ColumnBuilder<M extends ColumnMeta = ColumnMeta> {
  /** Type-level only: never set at run time. */
  declare readonly __meta?: M;
  // On the prototype and assigned in the constructor (declare: no class-field definitions),
  // so that making one of the 100,000 builders of a large models module is one store.
  declare readonly [BUILDER]: true;
  declare readonly spec: ColumnSpec;

  constructor(spec: ColumnSpec) {
    (this as { spec: ColumnSpec }).spec = Object.freeze(spec);
  }

  // Each method spreads the spec with its change written inline: one copy per call, where
  // a change object merged in would be a second (a large models module makes 100,000s).
  private with<N extends ColumnMeta>(spec: ColumnSpec): ColumnBuilder<N> {
    return new ColumnBuilder<N>(spec);
  }

  notNull(): ColumnBuilder<With<M, { notNull: true }>> {
    return this.with({ ...this.spec, notNull: true });
  }

  /** Single-column primary key (implies NOT NULL); on several columns, a composite key in column order. */
  primaryKey(): ColumnBuilder<With<M, { notNull: true }>> {
    return this.with({ ...this.spec, notNull: true, primaryKey: true });
  }

  unique(name?: string): ColumnBuilder<M> {
    return this.with({ ...this.spec, unique: name === undefined ? {} : { name } });
  }

  /** Server default: a literal (quoted by the dialect) or an SQL expression. */
  default(
    value: Extract<M["insert"], string | number | boolean> | string | number | boolean | null | Sql,
  ): ColumnBuilder<With<M, { hasDefault: true }>> {
    return this.with({ ...this.spec, default: toDefault(value, "a column default") });
  }

  references(target: ReferenceTarget, options: ReferenceOptions = {}): ColumnBuilder<M> {
    return this.with({ ...this.spec, references: { target, options } });
  }

  comment(text: string): ColumnBuilder<M> {
    return this.with({ ...this.spec, comment: text });
  }

  /** GENERATED ALWAYS AS (expression) STORED: computed by the database, never written. */
  generatedAlwaysAs(expression: Sql): ColumnBuilder<With<M, { generated: true }>> {
    return this.with({ ...this.spec, generated: { sql: schemaSqlText(expression, "a generated column's expression") } });
  }

  generatedAlwaysAsIdentity(
    options: { start?: number; increment?: number } = {},
  ): ColumnBuilder<With<M, { notNull: true; generated: true }>> {
    return this.with({ ...this.spec, notNull: true, identity: { always: true, ...options } });
  }

  generatedByDefaultAsIdentity(
    options: { start?: number; increment?: number } = {},
  ): ColumnBuilder<With<M, { notNull: true; hasDefault: true }>> {
    return this.with({ ...this.spec, notNull: true, identity: { always: false, ...options } });
  }

  /** An array of this type; dimensions only documents intent (PostgreSQL does not enforce it). */
  array(dimensions?: number): ColumnBuilder<With<M, { select: M["select"][]; insert: M["insert"][] }>> {
    const type: ColumnType =
      dimensions === undefined ? { kind: "array", element: this.spec.type } : { kind: "array", element: this.spec.type, dimensions };
    return this.with({ ...this.spec, type });
  }

  /** Narrows the TypeScript type (e.g. the shape stored in a jsonb column); no effect on SQL. */
  $type<T>(): ColumnBuilder<With<M, { select: T; insert: T }>> {
    return this as unknown as ColumnBuilder<With<M, { select: T; insert: T }>>;
  }
}

Object.defineProperty(ColumnBuilder.prototype, BUILDER, { value: true });

export const isColumnBuilder = (value: unknown): value is ColumnBuilder =>
  typeof value === "object" && value !== null && (value as { [BUILDER]?: unknown })[BUILDER] === true;

export const toDefault = (value: unknown, context: string): DefaultValue => {
  if (isSql(value)) return { kind: "sql", sql: schemaSqlText(value, context) };
  if (value === null || typeof value === "string" || typeof value === "boolean") return { kind: "literal", value };
  if (typeof value === "number" && Number.isFinite(value)) return { kind: "literal", value };
  throw new RetortError(
    "INVALID_SCHEMA",
    `${context} must be a string, a finite number, a boolean, null or an sql\`...\` expression, not ${typeof value}`,
    {
      hint: "Write an expression as sql`...`, e.g. .default(sql`now()`).",
    },
  );
};

// serial columns are NOT NULL in PostgreSQL whether or not the model says so.
const column = <M extends ColumnMeta>(type: ColumnType): ColumnBuilder<M> =>
  new ColumnBuilder<M>({
    type,
    notNull: type.kind === "smallserial" || type.kind === "serial" || type.kind === "bigserial",
    primaryKey: false,
  });

type Serial<T, I = T> = { select: T; insert: I; notNull: true; hasDefault: true; generated: false };

// int8 and numeric arrive as strings from pg (they may exceed a JavaScript number).
export const smallint = () => column<Meta<number>>({ kind: "smallint" });
export const integer = () => column<Meta<number>>({ kind: "integer" });
export const bigint = () => column<Meta<string, string | number | bigint>>({ kind: "bigint" });
export const smallserial = () => column<Serial<number>>({ kind: "smallserial" });
export const serial = () => column<Serial<number>>({ kind: "serial" });
export const bigserial = () => column<Serial<string, string | number | bigint>>({ kind: "bigserial" });

export const numeric = (precision?: number, scale?: number) => {
  if (precision === undefined && scale !== undefined)
    throw new RetortError("INVALID_SCHEMA", "numeric() was given a scale without a precision", {
      hint: "Write numeric(precision, scale), e.g. numeric(10, 2).",
    });
  if (precision !== undefined && (!Number.isInteger(precision) || precision < 1 || precision > 1000)) {
    throw new RetortError("INVALID_SCHEMA", `numeric precision must be an integer from 1 to 1000, not ${precision}`, {
      hint: "Write numeric(precision, scale), e.g. numeric(10, 2).",
    });
  }
  if (scale !== undefined && !Number.isInteger(scale))
    throw new RetortError("INVALID_SCHEMA", `numeric scale must be an integer, not ${scale}`, {
      hint: "Write numeric(precision, scale), e.g. numeric(10, 2).",
    });
  const type: ColumnType =
    precision === undefined
      ? { kind: "numeric" }
      : scale === undefined
        ? { kind: "numeric", precision }
        : { kind: "numeric", precision, scale };
  return column<Meta<string, string | number>>(type);
};
export const real = () => column<Meta<number>>({ kind: "real" });
export const doublePrecision = () => column<Meta<number>>({ kind: "double" });
export const boolean = () => column<Meta<boolean>>({ kind: "boolean" });
export const text = () => column<Meta<string>>({ kind: "text" });

const length = (name: string, value: number | undefined): { length?: number } => {
  if (value === undefined) return {};
  if (!Number.isInteger(value) || value < 1)
    throw new RetortError("INVALID_SCHEMA", `${name} length must be a positive integer, not ${value}`, {
      hint: `Write ${name}(n) with n >= 1, or ${name}() for no limit.`,
    });
  return { length: value };
};
export const varchar = (n?: number) => column<Meta<string>>({ kind: "varchar", ...length("varchar", n) });
export const char = (n?: number) => column<Meta<string>>({ kind: "char", ...length("char", n) });
export const uuid = () => column<Meta<string>>({ kind: "uuid" });
export const date = () => column<Meta<Date, Date | string>>({ kind: "date" });

interface TimeOptions {
  readonly withTimezone?: boolean;
  readonly precision?: number;
}
const timeType = <K extends "time" | "timestamp">(kind: K, options: TimeOptions) => {
  const { precision } = options;
  if (precision !== undefined && (!Number.isInteger(precision) || precision < 0 || precision > 6)) {
    throw new RetortError("INVALID_SCHEMA", `${kind} precision must be an integer from 0 to 6, not ${precision}`, {
      hint: `Write ${kind}({ precision: 3 }), or leave precision out.`,
    });
  }
  return { kind, withTimezone: options.withTimezone ?? false, ...(precision === undefined ? {} : { precision }) };
};
export const time = (options: TimeOptions = {}) => column<Meta<string>>(timeType("time", options));
export const timestamp = (options: TimeOptions = {}) => column<Meta<Date, Date | string>>(timeType("timestamp", options));
export const interval = () => column<Meta<string>>({ kind: "interval" });
export const json = () => column<Meta<unknown>>({ kind: "json" });
export const jsonb = () => column<Meta<unknown>>({ kind: "jsonb" });
export const bytea = () => column<Meta<Uint8Array>>({ kind: "bytea" });

/**
 * A column of an enum type named as the database names it (any spelling: "Mood", "fz e1"),
 * without its values: what a generated migration writes, which must not depend on models.
 */
export const enumColumn = <T = string>(name: string, options: { readonly schema?: string } = {}) => {
  if (typeof name !== "string" || name.length === 0)
    throw new RetortError("INVALID_SCHEMA", "an enum column needs its type's name", { hint: 'Write enumColumn("status").' });
  return column<Meta<T>>(options.schema === undefined ? { kind: "enum", name } : { kind: "enum", name, schema: options.schema });
};

/** A type spelled exactly as the database spells it: customType("tsvector"), customType("inet"). */
export const customType = <T = string>(sqlType: string) => column<Meta<T>>({ kind: "custom", sql: checkTypeText(sqlType) });

/**
 * Type text goes into DDL as it is, so it is held to the shape of a type name: words,
 * digits, spaces, dots, commas, brackets and parentheses; no quotes, semicolons or comments.
 */
export const checkTypeText = (sqlType: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_ .,()[\]]*$/.test(sqlType) || sqlType.includes("--")) {
    throw new RetortError("INVALID_SCHEMA", `${JSON.stringify(sqlType)} is not a type name`, {
      hint: 'Give the type as PostgreSQL spells it, e.g. "tsvector", "inet" or "varchar(20)[]"; a quoted name needs sql in an op.execute.',
    });
  }
  return sqlType.trim();
};

/** A column builder's type parameter. */
export type MetaOf<B> = B extends ColumnBuilder<infer M> ? M : never;
