// Locks, timeouts and diagnostics on SQLite. The run lock is the driver's lock file beside
// the database (capabilities.advisoryLocks is false, so the runtime never sends this lock
// SQL); a lock timeout is SQLite's busy timeout, which bounds how long a statement waits
// for another connection's write lock. SQLite has no statement timeout and no activity
// view, so those are left alone.
import type { Statement } from "../../ops/types.js";
import type { DiagnosticsSql, LockSql, TimeoutSql } from "../types.js";

const bare = (sql: string): Statement => ({ sql, params: [] });

/** The driver's busy timeout, restored after a session-scoped change. */
const DEFAULT_BUSY_MS = 30_000;

export const timeoutSql: TimeoutSql = {
  // PRAGMA busy_timeout is per connection: "transaction" scope lasts until reset too, and
  // costs nothing when no other connection writes.
  set: (settings) => (settings.lockTimeoutMs == null ? [] : [bare(`PRAGMA busy_timeout = ${Math.max(0, Math.round(settings.lockTimeoutMs))}`)]),
  reset: (settings) => (settings.lockTimeoutMs == null ? [] : [bare(`PRAGMA busy_timeout = ${DEFAULT_BUSY_MS}`)]),
  isLockTimeout: (error) => {
    const code = (error as { code?: unknown } | null)?.code;
    return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
  },
};

export const lockSql = (): LockSql => ({
  acquire: () => bare("SELECT 1 AS acquired"),
  tryAcquire: () => bare("SELECT 1 AS acquired"),
  holder: () => bare("SELECT NULL AS pid, NULL AS since WHERE 0"),
  release: () => bare("SELECT 1 AS released"),
});

export const diagnosticsSql: DiagnosticsSql = {
  backendPid: () => bare("SELECT 0 AS pid"),
  blockers: () => bare("SELECT NULL AS pid, NULL AS application_name, NULL AS transaction_seconds WHERE 0"),
  // The database runs in this process: an interrupted run's open transaction is undone
  // by the journal when the file is next opened.
  cancel: () => null,
};
