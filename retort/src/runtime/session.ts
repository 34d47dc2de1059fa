// One database session per command: the migrating connection, which on a server also holds
// the run's lock (a session-level advisory lock on PostgreSQL, GET_LOCK on MySQL). Such a
// lock outlives the connection's transactions and their rollbacks, and ends with the
// server session: when the client dies with a migration in flight, the server finishes or
// aborts that migration's transaction first, and only then is the lock free for the next
// run, which therefore reads the version table as that transaction left it. (This is what
// lets a migration travel with its COMMIT in one message: see connection-sink.ts.)
// A second connection, opened only when needed, watches the first: who blocks it (lock
// timeouts) and cancelling its statement (an interrupted run).
// On PGlite the driver's lock file on the data directory is the run lock.
import { createDialect, type Dialect, type LockHolder, type VersionTableLocation } from "../dialects/index.js";
import { RetortError } from "../errors.js";
import type { DatabaseTarget } from "../drivers/index.js";
import type { Connection } from "../drivers/types.js";
import { connectionSink } from "./connection-sink.js";
import { onInterrupt } from "./interrupt.js";
import type { MigrationTarget, StatementSink } from "./sink.js";

const blockersOf = async (dialect: Dialect, observer: Connection, pid: number): Promise<LockHolder[]> => {
  const asked = dialect.compiler.diagnostics.blockers(pid);
  const rows = await observer.query<{ pid: number; application_name: string | null; transaction_seconds: number | null }>(
    asked.sql,
    asked.params,
  );
  return rows.rows.map((row) => ({
    pid: row.pid,
    applicationName: row.application_name ?? "",
    transactionSeconds: row.transaction_seconds,
  }));
};

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
  /** The applied-migration log's table; unset: no log is read or written. */
  readonly logTable?: VersionTableLocation;
  /** Hold the run lock until close(): every command that writes takes it. */
  readonly lock: boolean;
  /** How long to wait for a run lock another process holds; unset: as long as it takes. */
  readonly lockWaitMs?: number | null;
  /** Called once when the run lock is held by someone else and this session waits. */
  readonly onLockWait?: (holder: RunLockHolder) => void;
  /**
   * A tenant's schema: the migrating connection's search path is set to it (after the lock
   * is held), and with `create` it is created first if missing.
   */
  readonly schema?: { readonly name: string; readonly create: boolean };
}

/** Who holds the run lock: a process (PGlite's lock file) or a server session. */
export interface RunLockHolder {
  readonly pid: number | null;
  /** When it took the lock (its last statement on a server; the lock file's time on PGlite). */
  readonly since: Date | null;
}

const APPLICATION_NAME = "retort";

/** A boolean as drivers return it: true on PostgreSQL, 1 (or "1") on MySQL. */
export const isTrue = (value: unknown): boolean => value === true || value === 1 || value === "1" || value === 1n;

const lockWaitTimedOut = (waitMs: number, holder: RunLockHolder | undefined): RetortError =>
  new RetortError(
    "LOCK_WAIT_TIMEOUT",
    `gave up waiting for the migration lock after ${(waitMs / 1000).toFixed(1)} s${holder?.pid == null ? "" : ` (held by pid ${holder.pid})`}`,
    {
      hint: "another retort run is migrating this database; let it finish and run the command again, or raise --lock-wait",
      details: { lockWaitMs: waitMs, pid: holder?.pid ?? null },
    },
  );

/**
 * Takes the advisory lock on the migrating connection. When it is taken already, says once who
 * holds it, then waits: bounded by lock_timeout when a wait limit is given.
 */
const takeAdvisoryLock = async (dialect: Dialect, connection: Connection, options: OpenSessionOptions): Promise<void> => {
  const lock = dialect.compiler.lock(options.versionTable);
  const attempt = lock.tryAcquire();
  const tried = await connection.query<{ acquired: unknown }>(attempt.sql, attempt.params);
  if (isTrue(tried.rows[0]?.acquired)) return;
  const asked = lock.holder();
  const row = (await connection.query<{ pid: number; since: Date | null }>(asked.sql, asked.params)).rows[0];
  const holder: RunLockHolder = { pid: row?.pid ?? null, since: row?.since ?? null };
  options.onLockWait?.(holder);
  const waitMs = options.lockWaitMs ?? null;
  const timeouts = dialect.compiler.timeouts;
  for (const statement of timeouts.set({ lockTimeoutMs: waitMs }, "session")) await connection.exec(statement.sql);
  const acquire = lock.acquire(waitMs);
  try {
    const answer = (await connection.query<{ acquired?: unknown }>(acquire.sql, acquire.params)).rows[0];
    // A lock function with a timeout of its own (GET_LOCK) answers 0 when the wait ran out.
    if (answer !== undefined && "acquired" in answer && !isTrue(answer.acquired)) throw lockWaitTimedOut(waitMs ?? 0, holder);
  } catch (error) {
    if (error instanceof RetortError) throw error;
    if (waitMs !== null && timeouts.isLockTimeout(error)) throw lockWaitTimedOut(waitMs, holder);
    throw error;
  }
  for (const statement of timeouts.reset({ lockTimeoutMs: waitMs })) await connection.exec(statement.sql);
};

export const openSession = async (options: OpenSessionOptions): Promise<Session> => {
  const generic = createDialect(options.target);
  // On PGlite the run lock is the data directory's lock file, taken as the connection opens.
  const fileLock = options.lock && !generic.capabilities.advisoryLocks;
  const connection = await generic.driver.connect({
    applicationName: APPLICATION_NAME,
    ...(fileLock
      ? {
          lockWait: {
            timeoutMs: options.lockWaitMs ?? null,
            onWait: (holder) => options.onLockWait?.(holder),
          },
        }
      : {}),
  });
  let locked = false;
  let backendPid: number | undefined;
  let dialect: Dialect;
  try {
    // What the server can do (its version) is read once, here, for the whole session.
    dialect = await generic.forConnection(connection);
    if (options.lock && dialect.capabilities.advisoryLocks) {
      await takeAdvisoryLock(dialect, connection, options);
      locked = true;
      const pid = dialect.compiler.diagnostics.backendPid();
      backendPid = (await connection.query<{ pid: number }>(pid.sql, pid.params)).rows[0]?.pid;
    }
    if (options.schema !== undefined) {
      const schemaSql = dialect.compiler.schemaSession;
      if (schemaSql === null)
        throw new RetortError("USAGE", `a tenant's schema (${options.schema.name}) needs a database with schemas, and ${dialect.name} has none`, {
          hint: "give each tenant its own url (database-per-tenant) instead of a schema",
        });
      if (options.schema.create) await connection.exec(schemaSql.create(options.schema.name).sql);
      await connection.exec(schemaSql.use(options.schema.name).sql);
    }
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
  let closed = false;
  // The watching connection, opened on first use: most runs never need it.
  let observer: Promise<Connection> | undefined;
  const observe = (): Promise<Connection> =>
    (observer ??= dialect.driver.connect({ applicationName: `${APPLICATION_NAME} observer` }));
  const cancelSql = backendPid === undefined ? null : dialect.compiler.diagnostics.cancel(backendPid);
  const cancel =
    cancelSql === null
      ? undefined
      : async (): Promise<void> => {
          await (await observe()).query(cancelSql.sql, cancelSql.params);
        };
  const unregister = cancel === undefined ? () => {} : onInterrupt(cancel);
  return {
    target: options.target,
    connection,
    dialect,
    versionTable: options.versionTable,
    ...(options.logTable === undefined ? {} : { logTable: options.logTable }),
    // Where DDL commits on its own, statements go one by one: a batch could not be undone.
    sink: connectionSink(connection, dialect.compiler.transaction, { batch: dialect.capabilities.transactionalDdl }),
    ...(dialect.beforeStep === undefined ? {} : { beforeStep: () => (dialect.beforeStep as (c: Connection) => Promise<void>)(connection) }),
    ...(backendPid === undefined ? {} : { lockHolders: async () => blockersOf(dialect, await observe(), backendPid) }),
    ...(cancel === undefined ? {} : { cancel }),
    close: async () => {
      if (closed) return;
      closed = true;
      unregister();
      try {
        // Ending the session releases the lock; the explicit unlock first just makes the
        // release independent of how the driver closes. It fails harmlessly in a
        // transaction an error aborted, which the close then ends.
        if (locked) {
          const release = dialect.compiler.lock(options.versionTable).release();
          await connection.query(release.sql, release.params).catch(() => {});
        }
        await connection.close();
      } finally {
        if (observer !== undefined) await (await observer.catch(() => undefined))?.close().catch(() => {});
      }
    },
  };
};
