// The schema objects beside tables and enums, as plain immutable data: functions and
// procedures, triggers, views, extensions, sequences and row-level security policies.
// Models build them (routine.ts, trigger.ts, view.ts, ...), introspection reads them, and
// operations carry them; defaults PostgreSQL fills in (volatile, security invoker, not
// strict, parallel unsafe, a view's check option none) are left out, as models write them.
import type { Index, SqlText } from "./types.js";

export interface FunctionArgument {
  readonly name?: string;
  readonly type: string;
  readonly mode?: "in" | "out" | "inout" | "variadic";
  /** The default as an SQL expression. */
  readonly default?: string;
}

export interface FunctionDefinition {
  readonly schema?: string;
  readonly name: string;
  readonly args: readonly FunctionArgument[];
  /** The return type as SQL, e.g. "trigger", "integer", "setof users"; "void" for a procedure. */
  readonly returns: string;
  readonly language: string;
  /** The body exactly as the language expects it (plpgsql, sql...). */
  readonly body: SqlText;
  readonly volatility?: "immutable" | "stable" | "volatile";
  readonly security?: "invoker" | "definer";
  /** RETURNS NULL ON NULL INPUT. */
  readonly strict?: boolean;
  readonly parallel?: "safe" | "restricted" | "unsafe";
  /** CREATE PROCEDURE instead of CREATE FUNCTION; `returns` is then "void". */
  readonly procedure?: boolean;
}

export type TriggerEvent = "insert" | "update" | "delete" | "truncate";

export interface TriggerDefinition {
  readonly name: string;
  readonly schema?: string;
  readonly table: string;
  readonly timing: "before" | "after" | "instead of";
  readonly events: readonly TriggerEvent[];
  /** Columns for UPDATE OF. */
  readonly updateOf?: readonly string[];
  readonly forEach: "row" | "statement";
  /** Condition without WHEN ( ). */
  readonly when?: SqlText;
  readonly function: { readonly schema?: string; readonly name: string };
  readonly args?: readonly string[];
}

export interface ViewDefinition {
  readonly schema?: string;
  readonly name: string;
  /** The SELECT, as SQL text. */
  readonly query: SqlText;
  readonly materialized?: boolean;
  /** A materialized view created WITH NO DATA (false); absent means WITH DATA. */
  readonly withData?: boolean;
  readonly checkOption?: "local" | "cascaded";
  readonly securityBarrier?: boolean;
  /** Indexes of a materialized view. */
  readonly indexes?: readonly Index[];
}

export interface Extension {
  readonly name: string;
  /** The schema its objects go into; absent means the default. */
  readonly schema?: string;
  readonly version?: string;
}

export interface Sequence {
  readonly schema?: string;
  readonly name: string;
  readonly type?: "smallint" | "integer" | "bigint";
  readonly start?: number;
  readonly increment?: number;
  readonly min?: number;
  readonly max?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
  /** The column whose drop drops the sequence (OWNED BY table.column). */
  readonly ownedBy?: { readonly table: string; readonly column: string };
}

export type PolicyCommand = "all" | "select" | "insert" | "update" | "delete";

export interface Policy {
  readonly name: string;
  readonly schema?: string;
  readonly table: string;
  /** Absent means ALL. */
  readonly for?: PolicyCommand;
  /** Roles; absent means PUBLIC. */
  readonly to?: readonly string[];
  readonly using?: SqlText;
  readonly withCheck?: SqlText;
  /** false for AS RESTRICTIVE; absent means permissive. */
  readonly permissive?: boolean;
}

/** Row-level security switches of one table; only tables with one set are listed. */
export interface RowLevelSecurity {
  readonly schema?: string;
  readonly table: string;
  readonly enabled: boolean;
  readonly forced: boolean;
}

/** Everything of a Schema that is not a table or an enum; each list absent when empty. */
export interface SchemaObjects {
  readonly functions?: readonly FunctionDefinition[];
  readonly triggers?: readonly TriggerDefinition[];
  readonly views?: readonly ViewDefinition[];
  readonly extensions?: readonly Extension[];
  readonly sequences?: readonly Sequence[];
  readonly policies?: readonly Policy[];
  readonly rowLevelSecurity?: readonly RowLevelSecurity[];
  /**
   * What each live view depends on, from pg_depend (introspection only): keys
   * "schema.name" or "name" of relations, with the columns used where known.
   */
  readonly viewDependencies?: readonly ViewDependency[];
  /** Each live view's columns as format_type prints them (introspection only). */
  readonly viewColumns?: readonly ViewColumns[];
}

export interface ViewColumns {
  readonly view: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

export interface ViewDependency {
  /** The dependent view's key. */
  readonly view: string;
  /** The relation (table or view) it reads. */
  readonly on: string;
  /** Columns of that relation it uses; empty for a whole-row use. */
  readonly columns: readonly string[];
  /** `on` names a function (by schema-qualified name) rather than a relation. */
  readonly function?: true;
}
