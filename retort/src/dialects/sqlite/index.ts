// The SQLite dialect, made for one database file (or memory). Its compiler carries a
// catalog of the tables (catalog.ts): read once when a session opens (forConnection), empty
// for an offline script, and followed op by op, so the move-and-copy of batch mode can
// write a table's new definition without the compiler ever touching a connection.
import { connect } from "../../drivers/connect.js";
import type { DatabaseTarget } from "../../drivers/url.js";
import type { Dialect, DialectCompiler, DialectIntrospector, TransactionSql } from "../types.js";
import { excludePredicate } from "../postgres/introspect-exclude.js";
import { sqliteCapabilities } from "./capabilities.js";
import { catalogOf, emptyCatalog, type Catalog } from "./catalog.js";
import { compileSqliteOp } from "./compile.js";
import { inlineStatement } from "./inline.js";
import { introspect, readCatalog } from "./introspect.js";
import { quoteIdent } from "./quote.js";
import { mapSchemaText } from "../../schema/sql-text.js";
import { sqlTextOf } from "./fragment.js";
import { diagnosticsSql, lockSql, timeoutSql } from "./session.js";
import { sqliteLogTableSql } from "./log-table.js";
import { versionTableSql } from "./version-table.js";

// IMMEDIATE takes the write lock at BEGIN: two writers wait on the busy timeout there
// instead of failing later with a lock they cannot upgrade.
const TRANSACTION: TransactionSql = Object.freeze({ begin: "BEGIN IMMEDIATE", commit: "COMMIT", rollback: "ROLLBACK" });

const compilerFor = (catalog: Catalog): DialectCompiler => ({
  compile: (op, notice) => compileSqliteOp(op, { catalog, ...(notice === undefined ? {} : { notice }) }),
  inline: inlineStatement,
  expression: sqlTextOf,
  schemaText: (schema) => mapSchemaText(schema, sqlTextOf),
  transaction: TRANSACTION,
  versionTable: versionTableSql,
  logTable: sqliteLogTableSql,
  lock: lockSql,
  timeouts: timeoutSql,
  diagnostics: diagnosticsSql,
  scratchDatabase: null,
  schemaSession: null,
});

const introspector: DialectIntrospector = {
  introspect,
  // SQLite keeps expressions as written: a model's text is already the database's spelling.
  normalise: async (_connection, models) => models,
  normaliseObjects: async (_connection, models) => models,
  tablePatterns: (patterns) => excludePredicate(patterns, "main"),
  tableRows: async (connection) => {
    const { rows: tables } = await connection.query<{ name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    );
    if (tables.length === 0) return new Map();
    const sql = tables.map((t, i) => `SELECT ${i} AS i, count(*) AS n FROM ${quoteIdent(t.name)}`).join(" UNION ALL ");
    const { rows } = await connection.query<{ i: number; n: number }>(sql);
    return new Map(rows.map((r) => [`main.${tables[r.i]?.name ?? ""}`, Number(r.n)]));
  },
  tablesBySchema: async (connection) => {
    const { rows } = await connection.query<{ n: number }>(
      "SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    );
    return [{ schema: "main", tables: Number(rows[0]?.n ?? 0), isDefault: true }];
  },
  tablesWithRows: async (connection, tables) => {
    if (tables.length === 0) return new Set();
    const sql = tables.map((t, i) => `SELECT ${i} AS i WHERE EXISTS (SELECT 1 FROM ${quoteIdent(t.name)})`).join(" UNION ALL ");
    const { rows } = await connection.query<{ i: number }>(sql);
    return new Set(rows.map((r) => tables[Number(r.i)]?.name as string));
  },
};

export const createSqliteDialect = (target: DatabaseTarget, catalog: Catalog = emptyCatalog()): Dialect => {
  const self: Dialect = {
    name: "sqlite",
    driver: { kind: "sqlite", connect: (options) => connect(target, options) },
    compiler: compilerFor(catalog),
    introspector,
    capabilities: sqliteCapabilities,
    forConnection: async (connection) => {
      const read = await readCatalog(connection, { versionTable: { name: "" } });
      return createSqliteDialect(target, catalogOf(read.schema, read.triggers));
    },
    // After a migration's op.execute changed the schema, the next migration starts from
    // the database as it is; otherwise the catalog the ops carried forward is exact.
    beforeStep: async (connection) => {
      if (catalog.staleSince === undefined) return;
      const read = await readCatalog(connection, { versionTable: { name: "" } });
      const fresh = catalogOf(read.schema, read.triggers);
      catalog.tables.clear();
      for (const [name, entry] of fresh.tables) catalog.tables.set(name, entry);
      delete catalog.staleSince;
    },
  };
  return self;
};
