// Timeouts a migration runs under, and who blocks it, on MySQL/MariaDB. MySQL has no SET
// LOCAL: both scopes set the session's values, which end with the connection.
// lock_wait_timeout (metadata locks, what DDL waits for) and innodb_lock_wait_timeout (row
// locks) take whole seconds; max_statement_time (MariaDB) takes seconds with a fraction.
import type { Statement } from "../../ops/types.js";
import type { DiagnosticsSql, TimeoutSettings, TimeoutSql } from "../types.js";

/** ER_LOCK_WAIT_TIMEOUT: "Lock wait timeout exceeded; try restarting transaction". */
const LOCK_WAIT_TIMEOUT = 1205;

const bare = (sql: string): Statement => ({ sql, params: [] });

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export const timeoutSql: TimeoutSql = {
  set: (settings) => {
    const out: Statement[] = [];
    if (settings.lockTimeoutMs != null) {
      const s = seconds(settings.lockTimeoutMs);
      out.push(bare(`SET SESSION lock_wait_timeout = ${s}, innodb_lock_wait_timeout = ${s}`));
    }
    if (settings.statementTimeoutMs != null) out.push(bare(`SET SESSION max_statement_time = ${Math.max(0, settings.statementTimeoutMs) / 1000}`));
    return out;
  },
  reset: (settings) => {
    const out: Statement[] = [];
    if (settings.lockTimeoutMs != null) out.push(bare("SET SESSION lock_wait_timeout = DEFAULT, innodb_lock_wait_timeout = DEFAULT"));
    if (settings.statementTimeoutMs != null) out.push(bare("SET SESSION max_statement_time = DEFAULT"));
    return out;
  },
  isLockTimeout: (error) => {
    const fields = error as { errno?: unknown; code?: unknown } | null;
    return fields?.errno === LOCK_WAIT_TIMEOUT || fields?.code === "ER_LOCK_WAIT_TIMEOUT";
  },
};

export const diagnosticsSql: DiagnosticsSql = {
  backendPid: () => bare("SELECT CONNECTION_ID() AS pid"),
  // Row locks only: InnoDB's lock waits name the blocking transaction's connection.
  blockers: (pid) => ({
    sql:
      "SELECT b.trx_mysql_thread_id AS pid, COALESCE(p.USER, '') AS application_name, " +
      "TIMESTAMPDIFF(SECOND, b.trx_started, NOW()) AS transaction_seconds " +
      "FROM information_schema.INNODB_LOCK_WAITS w " +
      "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id " +
      "JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id " +
      "LEFT JOIN information_schema.PROCESSLIST p ON p.ID = b.trx_mysql_thread_id " +
      "WHERE r.trx_mysql_thread_id = ? ORDER BY b.trx_started, b.trx_mysql_thread_id",
    params: [pid],
  }),
  // KILL takes no placeholder; the id is the integer the server gave (CONNECTION_ID()).
  // QUERY ends the statement and keeps the connection, as PostgreSQL's cancel does.
  cancel: (pid) => bare(`KILL QUERY ${Math.trunc(pid)}`),
};
