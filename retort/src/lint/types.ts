// The linter's vocabulary. Operations and raw SQL are both translated into Changes (what
// a statement does to the database, as far as locks, rewrites and running code care), so
// each rule is written once and holds for `op.createIndex(...)` and for
// `op.execute("create index ...")` alike.

export type Level = "error" | "warn";
export type Setting = Level | "off";

/** A table as `schema.name` ("public" when unqualified), the key fresh-table checks use. */
export interface Rel {
  readonly schema?: string;
  readonly name: string;
}

/** A column type in PostgreSQL's own spelling (int4, varchar, bpchar, timestamptz, ...). */
export interface TypeFact {
  readonly name: string;
  /** varchar(n), char(n), numeric(p), timestamp(p). */
  readonly length?: number;
  readonly scale?: number;
  /** A type known only as text (a custom type): nothing is concluded from it. */
  readonly opaque?: boolean;
}

export interface DefaultFact {
  /** The expression or literal as written. */
  readonly text: string;
  /** False for constants and stable functions (now()), which PostgreSQL 11+ adds without a rewrite. */
  readonly volatile: boolean;
}

export interface ColumnFact {
  readonly name: string;
  readonly type: TypeFact;
  readonly notNull: boolean;
  readonly default?: DefaultFact;
  readonly generatedStored: boolean;
  readonly identity: boolean;
  readonly primaryKey: boolean;
  /** A column REFERENCES clause, which adds a foreign key. */
  readonly references: boolean;
  /** A column UNIQUE clause. */
  readonly unique: boolean;
}

export type ConstraintKind = "foreignKey" | "check" | "unique" | "primaryKey";

export type Change =
  | { readonly kind: "createTable"; readonly table: Rel; readonly columns: readonly ColumnFact[]; readonly primaryKey: readonly string[] }
  | { readonly kind: "addColumn"; readonly table: Rel; readonly column: ColumnFact }
  | { readonly kind: "alterType"; readonly table: Rel; readonly column: string; readonly to: TypeFact; readonly from?: TypeFact }
  | { readonly kind: "setNotNull"; readonly table: Rel; readonly column: string }
  | { readonly kind: "createIndex"; readonly table: Rel; readonly name?: string; readonly concurrent: boolean; readonly unique: boolean }
  | { readonly kind: "dropIndex"; readonly name: string; readonly concurrent: boolean }
  | {
      readonly kind: "addConstraint";
      readonly table: Rel;
      readonly name?: string;
      readonly constraint: ConstraintKind;
      readonly notValid: boolean;
      readonly usingIndex: boolean;
      /** For a check of the form `col IS NOT NULL`: the column. */
      readonly notNullColumn?: string;
    }
  | { readonly kind: "validateConstraint"; readonly table: Rel; readonly name: string }
  | { readonly kind: "renameTable"; readonly table: Rel; readonly to: string }
  | { readonly kind: "renameColumn"; readonly table: Rel; readonly column: string; readonly to: string }
  | { readonly kind: "dropTable"; readonly table: Rel }
  | { readonly kind: "dropColumn"; readonly table: Rel; readonly column: string }
  | { readonly kind: "createEnum"; readonly name: Rel }
  | { readonly kind: "dropEnum"; readonly name: Rel }
  | { readonly kind: "renameType"; readonly name: Rel; readonly to: string }
  | { readonly kind: "truncate"; readonly tables: readonly Rel[]; readonly cascade: boolean }
  | { readonly kind: "setTimeout"; readonly setting: "lock_timeout" | "statement_timeout" }
  | { readonly kind: "transactionControl"; readonly statement: string }
  /** CREATE OR REPLACE FUNCTION over an existing definition (drop: false), or DROP FUNCTION. */
  | { readonly kind: "replaceFunction"; readonly name: Rel; readonly drop: boolean }
  | { readonly kind: "createTrigger"; readonly table: Rel; readonly name: string; readonly function: Rel }
  | { readonly kind: "dropTrigger"; readonly table: Rel; readonly name: string }
  /** `reads`: the relations its query selects from. */
  | { readonly kind: "createView"; readonly name: Rel; readonly reads: readonly Rel[] }
  | { readonly kind: "dropView"; readonly name: Rel }
  | { readonly kind: "createPolicy"; readonly table: Rel; readonly name: string }
  | { readonly kind: "enableRowLevelSecurity"; readonly table: Rel }
  /** Any other statement that takes a lock on an existing table (triggers, comments...). */
  | { readonly kind: "lockTable"; readonly table: Rel; readonly what: string }
  /** A name this statement gives to something new. */
  | { readonly kind: "name"; readonly name: string; readonly what: string }
  | { readonly kind: "unparseable"; readonly message: string }
  | { readonly kind: "upgradeFailed"; readonly message: string };

export type ChangeKind = Change["kind"];

/** Where a change came from in the migration. */
export interface Origin {
  /** Position of the operation in the upgrade. */
  readonly op: number;
  /** For op.execute: the statement's position within its SQL text. */
  readonly statement?: number;
  /** The SQL text of that statement, trimmed. */
  readonly sql?: string;
  /** 1-based line in the migration file of the op call, when known. */
  readonly line?: number;
  /** For SQL: it ran inside an op.execute text holding several statements. */
  readonly multiStatement?: boolean;
}

export interface LocatedChange {
  readonly change: Change;
  readonly origin: Origin;
}

/** What a rule sees besides the change itself. */
export interface RuleContext {
  /** Nobody reads or writes the table yet: created earlier in this migration or in a pending one. */
  isNew(table: Rel): boolean;
  /** The index was created earlier in this migration or in a pending one. */
  isNewIndex(name: string): boolean;
  /** With row counts (--url): the table holds fewer rows than `lint.largeTableRows`. */
  isSmall(table: Rel): boolean;
  /** A CHECK (column IS NOT NULL) was added and validated earlier in the range. */
  hasNotNullCheck(table: Rel, column: string): boolean;
  /** A type of this name was dropped or renamed away earlier in this migration: this one replaces it. */
  replacesType(name: Rel): boolean;
  /** Triggers created earlier in the range (and not dropped) that call this function, as `table.trigger`. */
  triggersUsing(fn: Rel): readonly string[];
  /** Views created earlier in the range (and not dropped) whose query reads this relation. */
  viewsReading(relation: Rel): readonly string[];
  /** This migration creates a policy on the table (before or after the change). */
  hasPolicy(table: Rel): boolean;
  /** The migration runs in one transaction (no `export const transactional = false`). */
  readonly transactional: boolean;
  /** lock_timeout is set for this statement: by the config, the migration's header or a SET before it. */
  readonly lockTimeoutSet: boolean;
}

export interface Hit {
  readonly message: string;
}

export interface Rule {
  readonly id: string;
  readonly level: Level;
  /** One line: why the pattern hurts a busy database. */
  readonly reason: string;
  /** One line: what to write instead. */
  readonly fix: string;
  /** Findings depend on the table's size: with row counts, small tables pass. */
  readonly sizeDependent?: boolean;
  /** Reports at most once per migration. */
  readonly once?: boolean;
  /** The change kinds the rule looks at. */
  readonly kinds: readonly ChangeKind[];
  /**
   * The databases (dialect names) whose behaviour the rule is about; unset: every one.
   * PostgreSQL's locks, rewrites and types say nothing about SQLite.
   */
  readonly databases?: readonly string[];
  check(change: Change, context: RuleContext, origin: Origin): Hit | undefined;
}

/** A rule whose check receives only the change kinds it names, typed. */
export const defineRule = <K extends ChangeKind>(
  rule: Omit<Rule, "kinds" | "check"> & {
    readonly kinds: readonly K[];
    check(change: Extract<Change, { kind: K }>, context: RuleContext, origin: Origin): Hit | string | undefined;
  },
): Rule => ({
  ...rule,
  check: (change, context, origin) => {
    const hit = rule.check(change as Extract<Change, { kind: K }>, context, origin);
    return typeof hit === "string" ? { message: hit } : hit;
  },
});

export const typeText = (type: TypeFact): string =>
  type.length === undefined ? type.name : `${type.name}(${type.length}${type.scale === undefined ? "" : `,${type.scale}`})`;

export const relName = (rel: Rel): string => (rel.schema === undefined ? rel.name : `${rel.schema}.${rel.name}`);

export interface Finding {
  readonly rule: string;
  readonly level: Level;
  readonly message: string;
  readonly fix: string;
  /** Position of the op in the upgrade. */
  readonly op: number;
  readonly line?: number;
  /** The SQL statement, for findings on op.execute text. */
  readonly sql?: string;
}

export interface SuppressedFinding extends Finding {
  readonly reason: string;
}
