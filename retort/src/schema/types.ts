// The dialect-neutral description of a database schema: plain, immutable data.
// The model DSL builds it, a dialect's introspector reads it from a live database, and
// autogenerate compares two of them. Every constraint and index carries a concrete name
// (naming conventions are applied before a Schema exists), so that a comparison and a
// downgrade can always refer to it.

import type { SchemaObjects } from "./objects.js";

export interface Schema extends SchemaObjects {
  readonly tables: readonly Table[];
  readonly enums: readonly EnumType[];
  /** Schemas (namespaces) this Schema covers; empty means the default schema only. */
  readonly schemas?: readonly string[];
}

/** A named PostgreSQL enum type; values in their declared order. */
export interface EnumType {
  readonly schema?: string;
  readonly name: string;
  readonly values: readonly string[];
}

export type ColumnType =
  | { readonly kind: "smallint" }
  | { readonly kind: "integer" }
  | { readonly kind: "bigint" }
  /** serial types are integer columns owning a sequence used as their default. */
  | { readonly kind: "smallserial" }
  | { readonly kind: "serial" }
  | { readonly kind: "bigserial" }
  | { readonly kind: "numeric"; readonly precision?: number; readonly scale?: number }
  | { readonly kind: "real" }
  | { readonly kind: "double" }
  | { readonly kind: "boolean" }
  | { readonly kind: "text" }
  | { readonly kind: "varchar"; readonly length?: number }
  | { readonly kind: "char"; readonly length?: number }
  | { readonly kind: "uuid" }
  | { readonly kind: "date" }
  | { readonly kind: "time"; readonly withTimezone: boolean; readonly precision?: number }
  | { readonly kind: "timestamp"; readonly withTimezone: boolean; readonly precision?: number }
  | { readonly kind: "interval" }
  | { readonly kind: "json" }
  | { readonly kind: "jsonb" }
  | { readonly kind: "bytea" }
  | { readonly kind: "array"; readonly element: ColumnType; readonly dimensions?: number }
  | { readonly kind: "enum"; readonly name: string; readonly schema?: string }
  /** Escape hatch: the type exactly as the database spells it (e.g. "tsvector", "inet"). */
  | { readonly kind: "custom"; readonly sql: string };

export type ColumnTypeKind = ColumnType["kind"];

/**
 * One piece of an sql`` fragment as plain data: text as written, an identifier (the parts
 * of a qualified name, quoted the way each dialect quotes), or the index of a bound value.
 */
export type SqlPart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "identifier"; readonly parts: readonly string[] }
  | { readonly kind: "parameter"; readonly index: number };

/** An sql`` fragment flattened into its pieces; a dialect joins them into its own SQL. */
export interface SqlFragment {
  readonly parts: readonly SqlPart[];
}

/**
 * An SQL expression a model or migration wrote: the plain string when it names no
 * identifier (or came from introspection, already the database's own text), else a
 * fragment of text and identifier parts (never parameters) that the dialect spells.
 * Kept as data so that quoting rules stay in the dialect (dialects/postgres/fragment.ts).
 */
export type SqlText = string | SqlFragment;

/** A server-side default: a literal value, or an SQL expression. */
export type DefaultValue =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  | { readonly kind: "sql"; readonly sql: SqlText };

export interface Identity {
  /** GENERATED ALWAYS (true) or BY DEFAULT (false). */
  readonly always: boolean;
  readonly start?: number;
  readonly increment?: number;
}

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly default?: DefaultValue;
  readonly identity?: Identity;
  /** GENERATED ALWAYS AS (sql) STORED. */
  readonly generated?: { readonly sql: SqlText };
  readonly comment?: string;
}

export type ReferentialAction = "no action" | "restrict" | "cascade" | "set null" | "set default";

export interface PrimaryKey {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface UniqueConstraint {
  readonly name: string;
  readonly columns: readonly string[];
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export interface CheckConstraint {
  readonly name: string;
  /** The boolean expression, without the surrounding CHECK ( ). */
  readonly expression: SqlText;
}

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly references: {
    readonly schema?: string;
    readonly table: string;
    readonly columns: readonly string[];
  };
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export type IndexElement =
  | {
      readonly kind: "column";
      readonly name: string;
      readonly order?: "asc" | "desc";
      readonly nulls?: "first" | "last";
      readonly opclass?: string;
    }
  | { readonly kind: "expression"; readonly sql: SqlText };

export interface Index {
  readonly name: string;
  readonly elements: readonly IndexElement[];
  readonly unique: boolean;
  /** Access method; absent means the default (btree). */
  readonly method?: string;
  /** Partial index predicate, without WHERE. */
  readonly where?: SqlText;
  /** Columns carried by INCLUDE ( ... ). */
  readonly include?: readonly string[];
}

export interface Table {
  readonly schema?: string;
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly uniques: readonly UniqueConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly indexes: readonly Index[];
  readonly comment?: string;
}

/** A table reference: schema-qualified name as used by operations. */
export interface QualifiedName {
  readonly schema?: string;
  readonly name: string;
}
