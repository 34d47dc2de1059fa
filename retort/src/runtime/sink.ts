// Where the runtime's statements go. Every statement a run sends (a migration's, the version
// table's, a transaction's boundaries) passes through one sink, so offline mode (`--sql`)
// only swaps the sink, as Alembic's --sql diverts its single execute into a buffer: the
// step loop, stamp and the version-row rules are written once for both.
import type { Dialect, LockHolder, VersionTableLocation } from "../dialects/index.js";
import type { Statement } from "../ops/types.js";

/**
 * A statement that failed after the sink had accepted it (sent later, with others in one
 * message): the database's error and the statement's text, for the failure message.
 */
export class StatementFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly statement: string,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = "StatementFailure";
  }
}

export interface StatementSink {
  /** "connection" runs statements; "script" writes them for someone to run later. */
  readonly kind: "connection" | "script";
  /**
   * Statements inside a transaction may be sent later, together (a live connection): a
   * check that needs an answer before COMMIT must then be one the database makes itself.
   */
  readonly batches: boolean;
  /**
   * A migration's statement. Without parameters its text may hold several statements
   * (the simple protocol, as psql runs a file). A live sink may send it later, with the
   * next write or commit; a failure then surfaces there as a StatementFailure.
   */
  execute(statement: Statement): Promise<void>;
  /** One statement whose changed-row count matters; null from a script, where nothing runs. */
  write(statement: Statement): Promise<number | null>;
  /**
   * `batch: false` keeps this transaction's statements unbatched (sent one by one), for a
   * migration whose failures must not be replayed (a lock wait would be waited twice).
   */
  begin(options?: { readonly batch?: boolean }): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** A line for the reader of a script ("Running upgrade a -> b"); a connection ignores it. */
  comment(text: string): void;
  /** Ends a group of statements (a blank line in a script); a connection ignores it. */
  endSection(): void;
}

/**
 * What a run writes to: the sink, the dialect that compiles for it, and the version table.
 * A live session is one; an offline script is another (see offlineTarget).
 */
export interface MigrationTarget {
  readonly sink: StatementSink;
  readonly dialect: Dialect;
  readonly versionTable: VersionTableLocation;
  /** The applied-migration log's table; unset when the config keeps no log. */
  readonly logTable?: VersionTableLocation;
  /**
   * The sessions that block the migrating connection right now, asked on another
   * connection (a live server session opens one for it); unset where nobody can block.
   */
  readonly lockHolders?: () => Promise<LockHolder[]>;
  /**
   * Cancels the statement the migrating connection runs (asked on another connection), so
   * that its transaction rolls back; unset where the database runs in this process.
   */
  readonly cancel?: () => Promise<void>;
  /** Runs before each migration (a live session hands the dialect its connection). */
  readonly beforeStep?: () => Promise<void>;
}
