// Operations are plain immutable data with a `kind` tag. Nothing here knows SQL: each
// dialect compiles them (dialects/<name>/compile.ts), autogenerate renders them as
// TypeScript, and reverse.ts gives each one its inverse. Adding a kind must fail to
// type-check until every compiler, the renderer and the inverse table handle it.
//
// Fields named `previous` carry what an operation removes or replaces, so that its
// inverse can be built (autogenerate fills them; a hand-written migration may leave them
// out, and then the operation is not reversible).

import type {
  SqlFragment,
  SqlText,
  CheckConstraint,
  Column,
  ColumnType,
  DefaultValue,
  EnumType,
  ForeignKey,
  Index,
  PrimaryKey,
  Table,
  UniqueConstraint,
} from "../schema/types.js";
import type {
  Extension,
  FunctionDefinition,
  Policy,
  Sequence,
  TriggerDefinition,
  ViewDefinition,
} from "../schema/objects.js";

export type { FunctionArgument, FunctionDefinition, TriggerEvent, TriggerDefinition, ViewDefinition } from "../schema/objects.js";

/** A table as created by createTable: everything but its indexes, which are separate ops. */
export type TableDefinition = Omit<Table, "indexes">;

export interface TableRef {
  readonly schema?: string;
  readonly table: string;
}

export interface CreateTable {
  readonly kind: "createTable";
  readonly table: TableDefinition;
  readonly ifNotExists?: boolean;
}

export interface DropTable extends TableRef {
  readonly kind: "dropTable";
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
  readonly previous?: TableDefinition;
}

export interface RenameTable extends TableRef {
  readonly kind: "renameTable";
  readonly newName: string;
}

/** ALTER TABLE ... RENAME CONSTRAINT, or (index: true) ALTER INDEX ... RENAME, on a table. */
export interface RenameConstraint extends TableRef {
  readonly kind: "renameConstraint";
  readonly name: string;
  readonly newName: string;
  readonly index?: boolean;
}

export interface AddColumn extends TableRef {
  readonly kind: "addColumn";
  readonly column: Column;
  readonly ifNotExists?: boolean;
}

export interface DropColumn extends TableRef {
  readonly kind: "dropColumn";
  readonly column: string;
  readonly ifExists?: boolean;
  readonly previous?: Column;
}

/** One ALTER on one column; unset fields are left alone. */
export interface AlterColumn extends TableRef {
  readonly kind: "alterColumn";
  readonly column: string;
  readonly nullable?: boolean;
  /** `explicitCast`: convert with USING column::new_type, for pairs PostgreSQL does not cast implicitly. */
  readonly type?: { readonly to: ColumnType; readonly using?: SqlText; readonly explicitCast?: boolean };
  /** null drops the default. */
  readonly default?: DefaultValue | null;
  /** null drops the comment. */
  readonly comment?: string | null;
  readonly newName?: string;
  /**
   * With nullable: false, SET NOT NULL is proven first by CHECK (col IS NOT NULL) added NOT
   * VALID and validated in a transaction of its own, so that PostgreSQL (12+) sets it
   * without scanning the table under its exclusive lock; the check is dropped after.
   */
  readonly viaCheck?: boolean;
  readonly previous?: {
    readonly nullable?: boolean;
    readonly type?: ColumnType;
    readonly default?: DefaultValue | null;
    readonly comment?: string | null;
  };
}

export interface CreateIndex extends TableRef {
  readonly kind: "createIndex";
  readonly index: Index;
  readonly concurrently?: boolean;
  readonly ifNotExists?: boolean;
}

export interface DropIndex {
  readonly kind: "dropIndex";
  readonly schema?: string;
  readonly name: string;
  readonly concurrently?: boolean;
  readonly ifExists?: boolean;
  /** The table the index was on, with the index itself: both needed to re-create it. */
  readonly previous?: { readonly table: string; readonly index: Index };
}

export interface CreatePrimaryKey extends TableRef {
  readonly kind: "createPrimaryKey";
  readonly primaryKey: PrimaryKey;
}

/**
 * How an added foreign key or check meets the rows already there: checked at once (the
 * default, under a lock that blocks writes), "separately" (added NOT VALID, then VALIDATE
 * CONSTRAINT in a transaction of its own, which lets reads and writes through), or "never"
 * (NOT VALID: only new rows are checked until someone validates it).
 */
export type Validation = "separately" | "never";

export interface CreateForeignKey extends TableRef {
  readonly kind: "createForeignKey";
  readonly foreignKey: ForeignKey;
  readonly validate?: Validation;
}

export interface CreateUniqueConstraint extends TableRef {
  readonly kind: "createUniqueConstraint";
  readonly unique: UniqueConstraint;
  /**
   * Build its unique index CONCURRENTLY first (outside the migration's transaction), then
   * add the constraint USING INDEX, which locks the table only for a moment.
   */
  readonly concurrently?: boolean;
}

export interface CreateCheckConstraint extends TableRef {
  readonly kind: "createCheckConstraint";
  readonly check: CheckConstraint;
  readonly validate?: Validation;
}

export type ConstraintType = "primaryKey" | "foreignKey" | "unique" | "check";

export type DroppedConstraint =
  | { readonly type: "primaryKey"; readonly constraint: PrimaryKey }
  | { readonly type: "foreignKey"; readonly constraint: ForeignKey }
  | { readonly type: "unique"; readonly constraint: UniqueConstraint }
  | { readonly type: "check"; readonly constraint: CheckConstraint };

export interface DropConstraint extends TableRef {
  readonly kind: "dropConstraint";
  readonly name: string;
  readonly type?: ConstraintType;
  readonly ifExists?: boolean;
  readonly previous?: DroppedConstraint;
}

export interface CreateEnum {
  readonly kind: "createEnum";
  readonly enum: EnumType;
}

export interface DropEnum {
  readonly kind: "dropEnum";
  readonly schema?: string;
  readonly name: string;
  readonly ifExists?: boolean;
  readonly previous?: EnumType;
}

/**
 * ALTER TYPE ... ADD VALUE. PostgreSQL before 12 refuses it inside a transaction block,
 * and no version lets the new value be used in the same transaction: `separateTransaction`
 * commits it on its own for a migration that uses the value.
 */
export interface AddEnumValue {
  readonly kind: "addEnumValue";
  readonly schema?: string;
  readonly name: string;
  readonly value: string;
  readonly before?: string;
  readonly after?: string;
  readonly ifNotExists?: boolean;
  readonly separateTransaction?: boolean;
  /** The type as it was (values and the columns using it), which makes the op reversible. */
  readonly previous?: EnumRecreation;
}

/** A column whose type is an enum type (or an array of it), as a recreation converts it. */
export interface EnumColumnUse extends TableRef {
  readonly column: string;
  readonly array?: boolean;
  /** The column's default, dropped before the conversion and set again after it. */
  readonly default?: DefaultValue;
}

/** An enum type's values and every column using it: what recreating it needs to know. */
export interface EnumRecreation {
  readonly values: readonly string[];
  readonly columns: readonly EnumColumnUse[];
}

/**
 * Removing or reordering values, which PostgreSQL cannot do in place: the type is renamed
 * aside, created again with `values`, every column in `columns` converted through text,
 * and the old type dropped. A row holding a removed value makes the conversion fail.
 */
export interface RecreateEnum {
  readonly kind: "recreateEnum";
  readonly schema?: string;
  readonly name: string;
  readonly values: readonly string[];
  readonly columns: readonly EnumColumnUse[];
  readonly previous?: readonly string[];
}

export interface RenameEnumValue {
  readonly kind: "renameEnumValue";
  readonly schema?: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

export interface SetTableComment extends TableRef {
  readonly kind: "setTableComment";
  /** null removes the comment. */
  readonly comment: string | null;
  readonly previous?: string | null;
}

export interface SetColumnComment extends TableRef {
  readonly kind: "setColumnComment";
  readonly column: string;
  readonly comment: string | null;
  readonly previous?: string | null;
}

export interface BulkInsert extends TableRef {
  readonly kind: "bulkInsert";
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  /** Column names in order; defaults to the union of the rows' keys in first-seen order. */
  readonly columns?: readonly string[];
}

export interface Execute {
  readonly kind: "execute";
  /**
   * Text as written (its own $1-style placeholders, if any), or an sql`` fragment whose
   * values are params entries, numbered by the dialect after the ones given with it.
   */
  readonly sql: string | SqlFragment;
  readonly params?: readonly unknown[];
}

export interface CreateFunction {
  readonly kind: "createFunction";
  readonly function: FunctionDefinition;
  readonly orReplace?: boolean;
  /** The definition this one replaces, when orReplace overwrites an existing function. */
  readonly previous?: FunctionDefinition;
}

export interface DropFunction {
  readonly kind: "dropFunction";
  readonly schema?: string;
  readonly name: string;
  /** Argument types identify an overload; omitted means the function has no overloads. */
  readonly argTypes?: readonly string[];
  /** DROP PROCEDURE instead of DROP FUNCTION. */
  readonly procedure?: boolean;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
  readonly previous?: FunctionDefinition;
}

export interface CreateTrigger {
  readonly kind: "createTrigger";
  readonly trigger: TriggerDefinition;
  readonly orReplace?: boolean;
}

export interface DropTrigger extends TableRef {
  readonly kind: "dropTrigger";
  readonly name: string;
  readonly ifExists?: boolean;
  readonly previous?: TriggerDefinition;
}

export interface CreateView {
  readonly kind: "createView";
  readonly view: ViewDefinition;
  readonly orReplace?: boolean;
  /** DROP VIEW first, then CREATE VIEW: for a definition OR REPLACE refuses (columns removed). */
  readonly dropFirst?: boolean;
  readonly previous?: ViewDefinition;
}

export interface DropView {
  readonly kind: "dropView";
  readonly schema?: string;
  readonly name: string;
  readonly materialized?: boolean;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
  readonly previous?: ViewDefinition;
}

export interface CreateSchema {
  readonly kind: "createSchema";
  readonly name: string;
  readonly ifNotExists?: boolean;
}

export interface DropSchema {
  readonly kind: "dropSchema";
  readonly name: string;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface CreateExtension {
  readonly kind: "createExtension";
  readonly extension: Extension;
  readonly ifNotExists?: boolean;
}

export interface DropExtension {
  readonly kind: "dropExtension";
  readonly name: string;
  readonly ifExists?: boolean;
  readonly previous?: Extension;
}

export interface CreateSequence {
  readonly kind: "createSequence";
  readonly sequence: Sequence;
}

/** ALTER SEQUENCE to the options of `sequence` (its name and schema say which one). */
export interface AlterSequence {
  readonly kind: "alterSequence";
  readonly sequence: Sequence;
  readonly previous?: Sequence;
}

export interface DropSequence {
  readonly kind: "dropSequence";
  readonly schema?: string;
  readonly name: string;
  readonly ifExists?: boolean;
  readonly previous?: Sequence;
}

export interface CreatePolicy {
  readonly kind: "createPolicy";
  readonly policy: Policy;
}

export interface DropPolicy extends TableRef {
  readonly kind: "dropPolicy";
  readonly name: string;
  readonly ifExists?: boolean;
  readonly previous?: Policy;
}

/** ALTER TABLE ... ENABLE/DISABLE and FORCE/NO FORCE ROW LEVEL SECURITY; unset fields are left alone. */
export interface SetRowLevelSecurity extends TableRef {
  readonly kind: "setRowLevelSecurity";
  readonly enabled?: boolean;
  readonly forced?: boolean;
  readonly previous?: { readonly enabled: boolean; readonly forced: boolean };
}

/**
 * Several changes to one table as one operation (op.batchAlterTable): a dialect that cannot
 * ALTER in place rebuilds the table once for all of them; others run `ops` in order.
 */
export interface BatchAlterTable extends TableRef {
  readonly kind: "batchAlterTable";
  /** Each on this table: columns, constraints and indexes. */
  readonly ops: readonly Op[];
}

export type Op =
  | CreateTable
  | DropTable
  | RenameTable
  | AddColumn
  | DropColumn
  | AlterColumn
  | CreateIndex
  | DropIndex
  | CreatePrimaryKey
  | CreateForeignKey
  | CreateUniqueConstraint
  | CreateCheckConstraint
  | DropConstraint
  | CreateEnum
  | DropEnum
  | AddEnumValue
  | RenameEnumValue
  | RecreateEnum
  | RenameConstraint
  | SetTableComment
  | SetColumnComment
  | BulkInsert
  | Execute
  | CreateFunction
  | DropFunction
  | CreateTrigger
  | DropTrigger
  | CreateView
  | DropView
  | CreateSchema
  | DropSchema
  | CreateExtension
  | DropExtension
  | CreateSequence
  | AlterSequence
  | DropSequence
  | CreatePolicy
  | DropPolicy
  | SetRowLevelSecurity
  | BatchAlterTable;

export type OpKind = Op["kind"];
export type OpOf<K extends OpKind> = Extract<Op, { kind: K }>;

/** A record with one handler per operation kind: exhaustive by construction. */
export type OpHandlers<R> = { readonly [K in OpKind]: (op: OpOf<K>) => R };

/** One compiled statement: SQL text and its bound parameters (empty when none). */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
  /**
   * Runs outside the migration's transaction: it must (CREATE INDEX CONCURRENTLY, ADD VALUE)
   * or it should (VALIDATE CONSTRAINT, whose scan must not hold the lock the ADD took).
   */
  readonly nonTransactional?: boolean;
}
