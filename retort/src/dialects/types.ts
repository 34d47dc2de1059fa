// What every dialect offers the rest of retort, as one object of four pieces (the shape of
// Kysely's driver / adapter / introspector / query compiler): commands, runtime and
// autogen reach a database only through it, and behaviour that differs between databases
// reads `capabilities`, never the URL's scheme. Types only: each dialect implements them.
import type { ConnectOptions } from "../drivers/connect.js";
import type { Connection, DriverKind } from "../drivers/types.js";
import type { Op, Statement } from "../ops/types.js";
import type { QualifiedName, Schema, SqlText } from "../schema/types.js";

export type DialectName = "postgres" | "sqlite" | "mysql";

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
  /**
   * DDL runs inside a transaction and rolls back with it (PostgreSQL). Without it (MySQL,
   * MariaDB: each DDL statement commits on its own) the runtime runs a migration's
   * statements one by one, records which took effect, and writes the version row last.
   */
  readonly transactionalDdl: boolean;
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
  /**
   * The same change as one parameterless statement that fails on its own (isConflict) when
   * the row to update or delete is not there, so it can travel in a batch whose row counts
   * nobody reads before COMMIT.
   */
  guardedChange(change: VersionRowChange): Statement;
  /** The error guardedChange raised; its `missing` is the revision id that was not found. */
  conflictOf(error: unknown): { readonly missing: string } | undefined;
  /** DELETE of every row, for `stamp --purge`. */
  purge(): Statement;
  /** DROP TABLE, which an offline downgrade to base ends with, as Alembic's does. */
  drop(): Statement;
}

/** What a step's log row says; the server adds its user and the timestamps. */
export interface LogEntry {
  readonly revision: string;
  /** `accept`: `retort log --accept` recorded the file's current checksum after an edit. */
  readonly direction: "upgrade" | "downgrade" | "stamp" | "accept";
  readonly headsBefore: readonly string[];
  readonly headsAfter: readonly string[];
  /** SHA-256 (hex) of the migration file with line endings normalised; null without a file. */
  readonly checksum: string | null;
  /**
   * When the step started: the start of the transaction the row is written in (the step
   * ran in it alone), or `elapsedMs` before the row is written (a step that ran in
   * autocommit or across several transactions, measured by the client).
   */
  readonly started:
    | {
        readonly kind: "transaction";
        /** The client's measure too, for a database that cannot say when its transaction began (SQLite, MySQL). */
        readonly ms?: number;
      }
    | { readonly kind: "elapsed"; readonly ms: number };
  readonly osUser: string | null;
  readonly host: string | null;
  readonly retortVersion: string;
}

/** A row of the log as read back. */
export interface LogRow {
  readonly id: number;
  readonly revision: string;
  readonly direction: LogEntry["direction"];
  readonly headsBefore: string[];
  readonly headsAfter: string[];
  readonly checksum: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly durationMs: number;
  readonly databaseUser: string;
  readonly osUser: string | null;
  readonly host: string | null;
  readonly retortVersion: string;
}

/**
 * The applied-migration log (`retort_log`), a table beside the version table that Alembic
 * never reads. Every statement is parameterless, so an insert travels in a migration's
 * batch and reads the same in an offline script.
 */
export interface LogTableSql {
  /** CREATE TABLE IF NOT EXISTS. */
  create(): Statement;
  /** One row, column `present` (boolean). Creates nothing. */
  exists(): Statement;
  /** The row for one step, timestamps and database user taken from the server. */
  insert(entry: LogEntry): Statement;
  /** Rows newest first; `revisions` keeps those of the given ids, `limit` the first n. */
  read(options: { readonly limit: number | null; readonly revisions: readonly string[] | null }): Statement;
  /** Each revision's newest row that carries a checksum and is not a downgrade. */
  checksums(): Statement;
  /** Each revision's newest row, whatever its direction. */
  latest(): Statement;
  /** A row of read, checksums or latest as a LogRow. */
  parse(row: Readonly<Record<string, unknown>>): LogRow;
}

export interface LockSql {
  /**
   * Blocks until the lock is ours (bounded by the connection's lock_timeout, if set, or by
   * `waitMs` where the lock function takes its own timeout: then a row with `acquired`
   * false or 0 means the wait ran out).
   */
  acquire(waitMs?: number | null): Statement;
  /** One row, column `acquired` (boolean); never waits. */
  tryAcquire(): Statement;
  /** Who holds the lock: rows with `pid` (number) and `since` (Date, its last statement). */
  holder(): Statement;
  /** One row, column `released` (boolean). */
  release(): Statement;
}

export interface TransactionSql {
  readonly begin: string;
  readonly commit: string;
  readonly rollback: string;
}

/** Timeouts a migration runs under; null or unset leaves the server's setting alone. */
export interface TimeoutSettings {
  readonly lockTimeoutMs?: number | null;
  readonly statementTimeoutMs?: number | null;
}

export interface TimeoutSql {
  /** SET LOCAL (scope "transaction", ends with it) or SET (scope "session"). */
  set(settings: TimeoutSettings, scope: "transaction" | "session"): Statement[];
  /** Back to the server's defaults after a session-scoped set. */
  reset(settings: TimeoutSettings): Statement[];
  /** The lock-wait timeout error a statement (or the lock's acquire) fails with. */
  isLockTimeout(error: unknown): boolean;
}

/** A session that blocks another, as the server's activity views describe it. */
export interface LockHolder {
  readonly pid: number;
  readonly applicationName: string;
  /** How long its transaction has been open; null when it is not in one. */
  readonly transactionSeconds: number | null;
}

export interface DiagnosticsSql {
  /** One row, column `pid`: the connection's own backend process. */
  backendPid(): Statement;
  /** The sessions blocking backend `pid`: `pid`, `application_name`, `transaction_seconds`. */
  blockers(pid: number): Statement;
  /** Cancels the statement backend `pid` runs, sent on another connection; null: no such thing. */
  cancel(pid: number): Statement | null;
}

/** A throwaway database on the same server, for a shadow replay; never the real one. */
export interface ScratchDatabaseSql {
  create(name: string): Statement;
  /** Drops it even while connections remain. */
  drop(name: string): Statement;
}

/** A tenant's own schema: made to exist, and made the connection's search path. */
export interface SchemaSessionSql {
  /** CREATE SCHEMA IF NOT EXISTS. */
  create(schema: string): Statement;
  /** The session's search_path set to this schema alone, so unqualified names land in it. */
  use(schema: string): Statement;
}

/** Every piece of SQL text retort sends: operations, version rows, the run lock, transactions. */
export interface DialectCompiler {
  /** `notice` receives one-line remarks about what the compiler did differently. */
  compile(op: Op, notice?: (message: string) => void): Statement[];
  /**
   * A model or migration expression as this dialect's text: identifiers spelled by its
   * quoting rules. The one function that turns SqlText fragments into text.
   */
  expression(text: SqlText): string;
  /** A model Schema with every expression spelled by `expression`, ready to compare with an introspected one. */
  schemaText(schema: Schema): Schema;
  /** A statement with its parameters written as literals, for offline scripts. */
  inline(statement: Statement): string;
  readonly transaction: TransactionSql;
  versionTable(location: VersionTableLocation): VersionTableSql;
  /** The applied-migration log's statements; the location is the log table's. */
  logTable(location: VersionTableLocation): LogTableSql;
  lock(location: VersionTableLocation): LockSql;
  readonly timeouts: TimeoutSql;
  readonly diagnostics: DiagnosticsSql;
  /** Null where a database is a file (SQLite): its shadow is an in-memory one instead. */
  readonly scratchDatabase: ScratchDatabaseSql | null;
  /** Null where the database has no schemas (SQLite, MySQL): tenants there each need a URL. */
  readonly schemaSession: SchemaSessionSql | null;
}

/** Table patterns (strings with * wildcards) or a predicate: the tables introspection skips. */
export type ExcludeOption = readonly string[] | ((table: QualifiedName) => boolean);

export interface IntrospectOptions {
  /** Namespaces to read; unset means the connection's default schema only. */
  readonly schemas?: readonly string[];
  readonly exclude?: ExcludeOption;
  readonly versionTable: { readonly name: string; readonly schema?: string };
  /** The applied-migration log's table, in the version table's schema: skipped too. */
  readonly logTable?: string;
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
  /** `models` with the functions, views, trigger conditions and policies that differ from `database`'s spelled as the database prints them. */
  normaliseObjects(connection: Connection, models: Schema, database: Schema): Promise<Schema>;
  /** Table patterns as a predicate; a pattern without a schema matches in the default schema. */
  tablePatterns(patterns: readonly string[]): (table: QualifiedName) => boolean;
  /** Estimated rows of every table by `schema.table`, in one catalog query (`retort lint --url`). */
  tableRows(connection: Connection): Promise<Map<string, number>>;
  /** Each user schema that holds tables, with how many (one catalog query), by name. */
  tablesBySchema(connection: Connection): Promise<{ schema: string; tables: number; isDefault: boolean }[]>;
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
  /**
   * Before each migration of a live run: a dialect whose compiler follows the schema
   * (SQLite's catalog) reads it again if raw SQL changed it since. Absent: nothing to do.
   */
  readonly beforeStep?: (connection: Connection) => Promise<void>;
}
