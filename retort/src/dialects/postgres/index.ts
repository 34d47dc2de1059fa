// The PostgreSQL dialect as one object, made by a factory from the driver kind: the same
// SQL serves a server and embedded PGlite, and the capabilities say where they differ.
import type { Connection } from "../../drivers/types.js";
import type { Op, Statement } from "../../ops/types.js";
import type { Schema } from "../../schema/types.js";
import { compileOp } from "./compile.js";
import { inlineStatement } from "./inline.js";
import { introspect, type IntrospectOptions } from "./introspect.js";
import { lockSql, type LockSql } from "./lock.js";
import { tableRows } from "./table-rows.js";
import { versionTableSql, type VersionTableLocation, type VersionTableSql } from "./version-table.js";

export type DialectKind = "postgres" | "pglite";

export interface DialectCapabilities {
  readonly transactionalDdl: boolean;
  /** PGlite accepts advisory locks but they block nothing: one process owns the data. */
  readonly advisoryLocks: boolean;
  /** PGlite refuses CREATE INDEX CONCURRENTLY; the compiler falls back and says so. */
  readonly concurrentIndexes: boolean;
}

export interface TransactionSql {
  readonly begin: string;
  readonly commit: string;
  readonly rollback: string;
}

export interface Dialect {
  readonly kind: DialectKind;
  readonly transaction: TransactionSql;
  /** `notice` receives one-line remarks about what the compiler did differently. */
  compile(op: Op, notice?: (message: string) => void): Statement[];
  /** A statement with its parameters written as literals, for offline scripts. */
  inline(statement: Statement): string;
  versionTable(location: VersionTableLocation): VersionTableSql;
  lock(location: VersionTableLocation): LockSql;
  /** Reads a live database into a Schema (a fixed number of catalog queries). */
  introspect(connection: Connection, options: IntrospectOptions): Promise<Schema>;
  /** Estimated rows of every table by `schema.table` (one catalog query). */
  tableRows(connection: Connection): Promise<Map<string, number>>;
  readonly capabilities: DialectCapabilities;
}

const TRANSACTION: TransactionSql = Object.freeze({ begin: "BEGIN", commit: "COMMIT", rollback: "ROLLBACK" });

export const createDialect = (kind: DialectKind): Dialect => ({
  kind,
  transaction: TRANSACTION,
  compile: (op, notice) => compileOp(op, { target: kind, notice: notice ?? (() => {}) }),
  inline: inlineStatement,
  versionTable: versionTableSql,
  lock: lockSql,
  introspect,
  tableRows,
  capabilities: {
    transactionalDdl: true,
    advisoryLocks: kind === "postgres",
    concurrentIndexes: kind === "postgres",
  },
});

export type { VersionTableLocation } from "./version-table.js";
export { advisoryLockKey } from "./lock.js";
