// One database session per command: the migrating connection, and on a PostgreSQL server
// a second connection that holds the run's advisory lock. The lock lives on its own
// connection so that the migrating connection's transactions (and their rollbacks) can
// never release or entangle it; closing that connection, or the process dying, frees it.
// On PGlite the driver's lock file on the data directory is the run lock.
import { createDialect, type Dialect, type VersionTableLocation } from "../dialects/index.js";
import type { DatabaseTarget } from "../drivers/index.js";
import type { Connection } from "../drivers/types.js";
import { connectionSink } from "./connection-sink.js";
import type { MigrationTarget, StatementSink } from "./sink.js";

export interface Session extends MigrationTarget {
  readonly target: DatabaseTarget;
  readonly connection: Connection;
  readonly dialect: Dialect;
  readonly versionTable: VersionTableLocation;
  /** Every statement a run sends goes through this, on `connection`. */
  readonly sink: StatementSink;
  /** Releases the lock (if any) and closes every connection; safe to call twice. */
  close(): Promise<void>;
}

export interface OpenSessionOptions {
  readonly target: DatabaseTarget;
  readonly versionTable: VersionTableLocation;
  /** Hold the run lock until close(): every command that writes takes it. */
  readonly lock: boolean;
}

const APPLICATION_NAME = "retort";

export const openSession = async (options: OpenSessionOptions): Promise<Session> => {
  const generic = createDialect(options.target);
  const connection = await generic.driver.connect({ applicationName: APPLICATION_NAME });
  let lockConnection: Connection | undefined;
  let dialect: Dialect;
  try {
    // What the server can do (its version) is read once, here, for the whole session.
    dialect = await generic.forConnection(connection);
    if (options.lock && dialect.capabilities.advisoryLocks) {
      lockConnection = await dialect.driver.connect({ applicationName: `${APPLICATION_NAME} lock` });
      const acquire = dialect.compiler.lock(options.versionTable).acquire();
      await lockConnection.query(acquire.sql, acquire.params);
    }
  } catch (error) {
    await lockConnection?.close().catch(() => {});
    await connection.close().catch(() => {});
    throw error;
  }
  let closed = false;
  return {
    target: options.target,
    connection,
    dialect,
    versionTable: options.versionTable,
    sink: connectionSink(connection, dialect.compiler.transaction),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await connection.close();
      } finally {
        // Ending the session releases a session-level advisory lock; the explicit unlock
        // first just makes the release independent of how the driver closes.
        if (lockConnection !== undefined) {
          const release = dialect.compiler.lock(options.versionTable).release();
          await lockConnection.query(release.sql, release.params).catch(() => {});
          await lockConnection.close();
        }
      }
    },
  };
};
