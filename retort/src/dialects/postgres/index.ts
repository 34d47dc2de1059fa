// The PostgreSQL dialect, made for one database target: the same SQL serves a server and
// embedded PGlite, and the capabilities say where they differ.
import { connect } from "../../drivers/connect.js";
import type { DatabaseTarget } from "../../drivers/url.js";
import type { Dialect, DialectCapabilities, DialectCompiler, DialectIntrospector, TransactionSql } from "../types.js";
import { postgresCapabilities } from "./capabilities.js";
import { compileOp } from "./compile.js";
import { inlineStatement } from "./inline.js";
import { introspect } from "./introspect.js";
import { excludePredicate } from "./introspect-exclude.js";
import { tablesBySchema } from "./introspect-schemas.js";
import { spellWithServer } from "./introspect-spelling.js";
import { spellObjectsWithServer } from "./introspect-object-spelling.js";
import { lockSql } from "./lock.js";
import { tableRows } from "./table-rows.js";
import { diagnosticsSql, timeoutSql } from "./session.js";
import { versionTableSql } from "./version-table.js";

const TRANSACTION: TransactionSql = Object.freeze({ begin: "BEGIN", commit: "COMMIT", rollback: "ROLLBACK" });

// Unqualified table patterns mean the schema models write tables in unqualified.
const DEFAULT_SCHEMA = "public";

const compilerFor = (capabilities: DialectCapabilities): DialectCompiler => ({
  compile: (op, notice) => compileOp(op, { capabilities, notice: notice ?? (() => {}) }),
  inline: inlineStatement,
  transaction: TRANSACTION,
  versionTable: versionTableSql,
  lock: lockSql,
  timeouts: timeoutSql,
  diagnostics: diagnosticsSql,
});

export const createPostgresDialect = (target: DatabaseTarget, capabilities: DialectCapabilities = postgresCapabilities(target.kind)): Dialect => {
  const compiler = compilerFor(capabilities);
  const introspector: DialectIntrospector = {
    introspect,
    normalise: (connection, models, tableKeys) => spellWithServer(connection, models, tableKeys, compiler),
    normaliseObjects: (connection, models, database) => spellObjectsWithServer(connection, models, database, compiler),
    tablePatterns: (patterns) => excludePredicate(patterns, DEFAULT_SCHEMA),
    tableRows,
    tablesBySchema,
  };
  return {
    name: "postgres",
    driver: { kind: target.kind, connect: (options) => connect(target, options) },
    compiler,
    introspector,
    capabilities,
  };
};

export { postgresCapabilities } from "./capabilities.js";
export { advisoryLockKey } from "./lock.js";
