import type { Connection } from "./types.js";
import type { DatabaseTarget } from "./url.js";

export interface ConnectOptions {
  /** Shown in pg_stat_activity (PostgreSQL only). */
  readonly applicationName?: string;
}

/** Opens the one connection a command uses; the driver module is loaded only now. */
export const connect = async (target: DatabaseTarget, options: ConnectOptions = {}): Promise<Connection> => {
  if (target.kind === "postgres") {
    const { connectPostgres } = await import("./postgres.js");
    return connectPostgres(target.url, options.applicationName);
  }
  const { connectPglite } = await import("./pglite.js");
  return connectPglite(target.dataDir, target.extensions ?? []);
};
