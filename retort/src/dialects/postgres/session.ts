// Per-transaction timeouts, the activity queries that name who blocks a migration, and a
// tenant's schema as the session's search path.
// lock_timeout and statement_timeout take an integer of milliseconds with a unit, written
// here as a literal (SET takes no parameters).
import type { Statement } from "../../ops/types.js";
import type { DiagnosticsSql, SchemaSessionSql, TimeoutSettings, TimeoutSql } from "../types.js";
import { quoteIdent } from "./quote.js";

/** SQLSTATE lock_not_available: lock_timeout expired (or NOWAIT found the lock taken). */
const LOCK_NOT_AVAILABLE = "55P03";

const bare = (sql: string): Statement => ({ sql, params: [] });

const entries = (settings: TimeoutSettings): [string, number][] => {
  const out: [string, number][] = [];
  if (settings.lockTimeoutMs != null) out.push(["lock_timeout", settings.lockTimeoutMs]);
  if (settings.statementTimeoutMs != null) out.push(["statement_timeout", settings.statementTimeoutMs]);
  return out;
};

export const timeoutSql: TimeoutSql = {
  set: (settings, scope) =>
    entries(settings).map(([name, ms]) =>
      bare(`SET ${scope === "transaction" ? "LOCAL " : ""}${name} = '${Math.max(0, Math.round(ms))}ms'`),
    ),
  reset: (settings) => entries(settings).map(([name]) => bare(`RESET ${name}`)),
  isLockTimeout: (error) => (error as { code?: unknown } | null)?.code === LOCK_NOT_AVAILABLE,
};

export const diagnosticsSql: DiagnosticsSql = {
  backendPid: () => bare("SELECT pg_backend_pid() AS pid"),
  blockers: (pid) => ({
    sql:
      "SELECT a.pid, a.application_name, EXTRACT(EPOCH FROM (now() - a.xact_start))::float8 AS transaction_seconds " +
      "FROM pg_stat_activity a WHERE a.pid = ANY(pg_blocking_pids($1::int)) ORDER BY a.xact_start NULLS LAST, a.pid",
    params: [pid],
  }),
  cancel: (pid) => ({ sql: "SELECT pg_cancel_backend($1::int)", params: [pid] }),
};

export const schemaSessionSql: SchemaSessionSql = {
  create: (schema) => bare(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`),
  use: (schema) => bare(`SET search_path TO ${quoteIdent(schema)}`),
};
