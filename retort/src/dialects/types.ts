// What every dialect offers the rest of retort, as one object of four pieces (the shape of
// Kysely's driver / adapter / introspector / query compiler): commands, runtime and
// autogen reach a database only through it, and behaviour that differs between databases
// reads `capabilities`, never the URL's scheme. Types only: each dialect implements them.
import type { ConnectOptions } from "../drivers/connect.js";
import type { Connection, DriverKind } from "../drivers/types.js";
import type { Op, Statement } from "../ops/types.js";
import type { QualifiedName, Schema } from "../schema/types.js";

export type DialectName = "postgres";

/** Where the database differs; each flag is read where the behaviour forks. */
export interface DialectCapabilities {
  /**
   * Advisory locks that block other sessions. PGlite accepts them but they block
   * nothing (one process owns the data), so the driver's lock file is the run lock there.
   */
  readonly advisoryLocks: boolean;
  /** CREATE/DROP INDEX CONCURRENTLY; without it the compiler runs the plain form and says so. */
  readonly concurrentIndexes: boolean;
  /**
   * ALTER TYPE ... ADD VALUE inside a transaction block (PostgreSQL 12+, PGlite). Without
   * it the statement commits on its own, so a migration that adds a value is not atomic.
   */
  readonly enumAddValueInTransaction: boolean;
}

/** Connections to the one database the dialect was made for. */
export interface DialectDriver {
  readonly kind: DriverKind;
  /** Opens a connection; the driver module is loaded only now. */
  connect(options?: ConnectOptions): Promise<Connection>;
}

export interface VersionTableLocation {
  readonly table: string;
  /** Unset: the connection's search_path decides, as Alembic does without version_table_schema. */
  readonly schema?: string;
}

/** One row change, as the graph decides them (structurally the graph's VersionChange). */
export type VersionRowChange =
  | { readonly kind: "insert"; readonly id: string }
  | { readonly kind: "update"; readonly from: string; readonly to: string }
  | { readonly kind: "delete"; readonly id: string };

export interface VersionTableSql {
  /** CREATE TABLE IF NOT EXISTS with Alembic's columns and `<table>_pkc` constraint name. */
  create(): Statement;
  /** One row, column `present` (boolean): whether the table exists. Creates nothing. */
  exists(): Statement;
  /** Rows with one column, `version_num`, in a stable order. */
  read(): Statement;
  /** The INSERT, UPDATE or DELETE for one change the graph decided. */
  change(change: VersionRowChange): Statement;
  /** DELETE of every row, for `stamp --purge`. */
  purge(): Statement;
  /** DROP TABLE, which an offline downgrade to base ends with, as Alembic's does. */
  drop(): Statement;
}

export interface LockSql {
  /** Blocks until the lock is ours. */
  acquire(): Statement;
  /** One row, column `released` (boolean). */
  release(): Statement;
}

export interface TransactionSql {
  readonly begin: string;
  readonly commit: string;
  readonly rollback: string;
}

/** Every piece of SQL text retort sends: operations, version rows, the run lock, transactions. */
export interface DialectCompiler {
  /** `notice` receives one-line remarks about what the compiler did differently. */
  compile(op: Op, notice?: (message: string) => void): Statement[];
  /** A statement with its parameters written as literals, for offline scripts. */
  inline(statement: Statement): string;
  readonly transaction: TransactionSql;
  versionTable(location: VersionTableLocation): VersionTableSql;
  lock(location: VersionTableLocation): LockSql;
}

/** Table patterns (strings with * wildcards) or a predicate: the tables introspection skips. */
export type ExcludeOption = readonly string[] | ((table: QualifiedName) => boolean);

export interface IntrospectOptions {
  /** Namespaces to read; unset means the connection's default schema only. */
  readonly schemas?: readonly string[];
  readonly exclude?: ExcludeOption;
  readonly versionTable: { readonly name: string; readonly schema?: string };
}

/** Catalog queries -> Schema, and the database's own spelling of model expressions. */
export interface DialectIntrospector {
  /** Reads a live database into a Schema (a fixed number of catalog queries). */
  introspect(connection: Connection, options: IntrospectOptions): Promise<Schema>;
  /**
   * `models` with the named tables (keys "name" or "schema.name") spelled as the database
   * prints them; a table the database refuses keeps the model's text. Leaves nothing behind.
   */
  normalise(connection: Connection, models: Schema, tableKeys: readonly string[]): Promise<Schema>;
  /** Table patterns as a predicate; a pattern without a schema matches in the default schema. */
  tablePatterns(patterns: readonly string[]): (table: QualifiedName) => boolean;
  /** Which of `tables` hold at least one row, as "name" or "schema.name" (one query). */
  tablesWithRows(connection: Connection, tables: readonly QualifiedName[]): Promise<Set<string>>;
}

export interface Dialect {
  readonly name: DialectName;
  readonly driver: DialectDriver;
  readonly compiler: DialectCompiler;
  readonly introspector: DialectIntrospector;
  readonly capabilities: DialectCapabilities;
  /**
   * The same dialect with the capabilities that depend on the server it is connected to
   * (its version), read once with one query: a session calls it when it opens.
   */
  forConnection(connection: Connection): Promise<Dialect>;
}
