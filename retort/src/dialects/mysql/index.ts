// The MySQL/MariaDB dialect, made for one database target. DDL is not transactional there
// (capabilities.transactionalDdl is false), which the runtime reads; named enums live in
// the compiler (createEnum compiles to nothing and remembers the values for the columns).
import { connect } from "../../drivers/connect.js";
import type { DatabaseTarget } from "../../drivers/url.js";
import type { Dialect, DialectCompiler, DialectIntrospector, TransactionSql } from "../types.js";
import { excludePredicate } from "../postgres/introspect-exclude.js";
import { MYSQL_CAPABILITIES } from "./capabilities.js";
import { compileMysqlOp, type EnumRegistry } from "./compile.js";
import { inlineStatement } from "./inline.js";
import { introspectMysql } from "./introspect.js";
import { TABLE_COUNT_SQL, TABLE_ROWS_SQL } from "./introspect-queries.js";
import { lockSql } from "./lock.js";
import { normaliseModels } from "./normalise.js";
import { quoteQualified } from "./quote.js";
import { mapSchemaText } from "../../schema/sql-text.js";
import { sqlTextOf } from "./fragment.js";
import { diagnosticsSql, timeoutSql } from "./session.js";
import { scratchDatabaseSql } from "./scratch-database.js";
import { mysqlLogTableSql } from "./log-table.js";
import { unsupportedServer } from "./server-version.js";
import { versionTableSql } from "./version-table.js";

const TRANSACTION: TransactionSql = Object.freeze({ begin: "START TRANSACTION", commit: "COMMIT", rollback: "ROLLBACK" });

const keyOf = (t: { readonly name: string; readonly schema?: string }): string => (t.schema === undefined ? t.name : `${t.schema}.${t.name}`);

export const createMysqlDialect = (target: DatabaseTarget): Dialect => {
  const enums: EnumRegistry = new Map();
  const compiler: DialectCompiler = {
    compile: (op, notice) => compileMysqlOp(op, { enums, notice: notice ?? (() => {}) }),
    inline: inlineStatement,
    expression: sqlTextOf,
    schemaText: (schema) => mapSchemaText(schema, sqlTextOf),
    transaction: TRANSACTION,
    versionTable: versionTableSql,
    logTable: mysqlLogTableSql,
    lock: lockSql,
    timeouts: timeoutSql,
    diagnostics: diagnosticsSql,
    scratchDatabase: scratchDatabaseSql,
    schemaSession: null,
  };
  const introspector: DialectIntrospector = {
    introspect: introspectMysql,
    normalise: async (_connection, models) => normaliseModels(models),
    // Called for every comparison: the place where model types take MySQL's shape.
    normaliseObjects: async (_connection, models) => normaliseModels(models),
    tablePatterns: (patterns) => excludePredicate(patterns, ""),
    tableRows: async (connection) => {
      const { rows } = await connection.query<{ name: string; estimate: string | number | null }>(TABLE_ROWS_SQL);
      return new Map(rows.map((r) => [r.name, Number(r.estimate ?? 0)]));
    },
    tablesBySchema: async (connection) => {
      const { rows } = await connection.query<{ name: string; tables: string | number }>(TABLE_COUNT_SQL);
      return rows.filter((r) => Number(r.tables) > 0).map((r) => ({ schema: r.name, tables: Number(r.tables), isDefault: true }));
    },
    tablesWithRows: async (connection, tables) => {
      if (tables.length === 0) return new Set();
      const sql = tables.map((t, i) => `SELECT ${i} AS i FROM DUAL WHERE EXISTS (SELECT 1 FROM ${quoteQualified(t.name, t.schema)})`).join(" UNION ALL ");
      const { rows } = await connection.query<{ i: number | string }>(sql);
      return new Set(rows.map((r) => tables[Number(r.i)]).flatMap((t) => (t === undefined ? [] : [keyOf(t)])));
    },
  };
  const self: Dialect = {
    name: "mysql",
    driver: { kind: "mysql", connect: (options) => connect(target, options) },
    compiler,
    introspector,
    capabilities: MYSQL_CAPABILITIES,
    // Read once per session: a server the dialect cannot speak for is refused before any statement.
    forConnection: async (connection) => {
      const { rows } = await connection.query<{ version: string }>("SELECT VERSION() AS version");
      const refusal = unsupportedServer(String(rows[0]?.version ?? ""));
      if (refusal !== undefined) throw refusal;
      return self;
    },
  };
  return self;
};
