import type { LockFileWait } from "./lock-file.js";
import type { Connection } from "./types.js";
import type { DatabaseTarget } from "./url.js";

export interface ConnectOptions {
  /** Shown in pg_stat_activity (PostgreSQL only). */
  readonly applicationName?: string;
  /**
   * PGlite and SQLite: wait for a data directory another process has open (up to `timeoutMs`; null:
   * as long as it takes) instead of failing at once.
   */
  readonly lockWait?: LockFileWait;
}

/** Opens the one connection a command uses; the driver module is loaded only now. */
export const connect = async (target: DatabaseTarget, options: ConnectOptions = {}): Promise<Connection> => {
  if (target.kind === "mysql") {
    const { connectMysql } = await import("./mysql.js");
    return connectMysql(target.url);
  }
  if (target.kind === "postgres") {
    const { connectPostgres } = await import("./postgres.js");
    return connectPostgres(target.url, options.applicationName);
  }
  if (target.kind === "sqlite") {
    const { connectSqlite } = await import("./sqlite.js");
    return connectSqlite(target.file, options.lockWait);
  }
  const { connectPglite } = await import("./pglite.js");
  return connectPglite(target.dataDir, target.extensions ?? [], options.lockWait);
};
