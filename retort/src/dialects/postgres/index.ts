// The PostgreSQL dialect, made for one database target: the same SQL serves a server and
// embedded PGlite, and the capabilities say where they differ.
import { connect } from "../../drivers/connect.js";
import type { DatabaseTarget } from "../../drivers/url.js";
import type { Dialect, DialectCapabilities, DialectCompiler, DialectIntrospector, TransactionSql } from "../types.js";
import { capabilitiesForVersion, postgresCapabilities, SERVER_VERSION_SQL } from "./capabilities.js";
import { compileOp } from "./compile.js";
import { inlineStatement } from "./inline.js";
import { sqlTextOf } from "./fragment.js";
import { mapSchemaText } from "../../schema/sql-text.js";
import { introspect } from "./introspect.js";
import { excludePredicate } from "./introspect-exclude.js";
import { tablesBySchema } from "./introspect-schemas.js";
import { spellWithServer } from "./introspect-spelling.js";
import { spellObjectsWithServer } from "./introspect-object-spelling.js";
import { lockSql } from "./lock.js";
import { tableRows } from "./table-rows.js";
import { diagnosticsSql, schemaSessionSql, timeoutSql } from "./session.js";
import { quoteQualified } from "./quote.js";
import { scratchDatabaseSql } from "./scratch-database.js";
import { versionTableSql } from "./version-table.js";
import { logTableSql } from "./log-table.js";

const TRANSACTION: TransactionSql = Object.freeze({ begin: "BEGIN", commit: "COMMIT", rollback: "ROLLBACK" });

// Unqualified table patterns mean the schema models write tables in unqualified.
const DEFAULT_SCHEMA = "public";

const compilerFor = (capabilities: DialectCapabilities): DialectCompiler => ({
  compile: (op, notice) => compileOp(op, { capabilities, notice: notice ?? (() => {}) }),
  expression: sqlTextOf,
  schemaText: (schema) => mapSchemaText(schema, sqlTextOf),
  inline: inlineStatement,
  transaction: TRANSACTION,
  versionTable: versionTableSql,
  logTable: logTableSql,
  lock: lockSql,
  timeouts: timeoutSql,
  diagnostics: diagnosticsSql,
  scratchDatabase: scratchDatabaseSql,
  schemaSession: schemaSessionSql,
});

export const createPostgresDialect = (target: DatabaseTarget, capabilities: DialectCapabilities = postgresCapabilities(target.kind)): Dialect => {
  const compiler = compilerFor(capabilities);
  const introspector: DialectIntrospector = {
    introspect,
    normalise: (connection, models, tableKeys) => spellWithServer(connection, models, tableKeys, compiler),
    normaliseObjects: (connection, models, database) => spellObjectsWithServer(connection, models, database, compiler),
    tablesWithRows: async (connection, tables) => {
      if (tables.length === 0) return new Set();
      const sql = tables
        .map((t, i) => `select ${i} as i where exists (select 1 from ${quoteQualified(t.name, t.schema)})`)
        .join(" union all ");
      const { rows } = await connection.query<{ i: number }>(sql);
      return new Set(rows.map((r) => tables[Number(r.i)]).map((t) => (t?.schema === undefined ? (t?.name as string) : `${t.schema}.${t.name}`)));
    },
    tablePatterns: (patterns) => excludePredicate(patterns, DEFAULT_SCHEMA),
    tableRows,
    tablesBySchema,
  };
  const self: Dialect = {
    name: "postgres",
    driver: { kind: target.kind, connect: (options) => connect(target, options) },
    compiler,
    introspector,
    capabilities,
    forConnection: async (connection) => {
      const { rows } = await connection.query<{ server_version_num: string }>(SERVER_VERSION_SQL);
      const versionNum = Number(rows[0]?.server_version_num);
      return Number.isFinite(versionNum) ? createPostgresDialect(target, capabilitiesForVersion(capabilities, versionNum)) : self;
    },
  };
  return self;
};

export { postgresCapabilities } from "./capabilities.js";
export { advisoryLockKey } from "./lock.js";
