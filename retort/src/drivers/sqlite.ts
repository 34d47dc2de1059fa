// SQLite through better-sqlite3 (major 12: 13 needs Node 22), imported lazily, only when a
// sqlite:// URL is used. better-sqlite3 is synchronous; the Connection's promises only keep
// the one interface. A migrating session (one given `lockWait`) holds a lock file beside the
// database file for as long as it is open: that file is the run lock that makes concurrent
// `upgrade` runs take turns, and other connections wait on SQLite's own busy timeout.
import { mkdirSync } from "node:fs";
import { basename, dirname } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { RetortError } from "../errors.js";
import { acquireLockFile, waitForLockFile, type LockFile, type LockFileWait, type LockPlace } from "./lock-file.js";
import type { Connection, QueryResult } from "./types.js";

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 30_000;

const lockPlace = (file: string): LockPlace => ({
  fileName: `${basename(file)}.retort-lock`,
  label: `the SQLite database ${file}`,
  why: "one retort run migrates a SQLite database at a time",
});

// $1-style placeholders are SQLite's named parameters "$1", "$2": bound by name.
const bindings = (params: readonly unknown[] | undefined): Record<string, unknown> | undefined => {
  if (params === undefined || params.length === 0) return undefined;
  const named: Record<string, unknown> = {};
  params.forEach((value, i) => {
    named[String(i + 1)] = typeof value === "boolean" ? (value ? 1 : 0) : value === undefined ? null : value;
  });
  return named;
};

export const connectSqlite = async (file: string | null, lockWait?: LockFileWait): Promise<Connection> => {
  let lock: LockFile | null = null;
  if (file !== null && lockWait !== undefined) {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch {
      // opening the database below names the problem
    }
    lock = await waitForLockFile(dirname(file), lockWait, lockPlace(file));
  }
  let db: BetterSqlite3.Database;
  try {
    const { default: Database } = await import("better-sqlite3");
    if (file !== null) mkdirSync(dirname(file), { recursive: true });
    db = new Database(file ?? ":memory:");
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A table rebuild (batch mode) drops and renames tables: with enforcement on, dropping
    // a parent would run its ON DELETE actions on the children. Migrations run without it,
    // and a rebuild ends with PRAGMA foreign_key_check instead (as Alembic's batch mode).
    db.pragma("foreign_keys = OFF");
  } catch (error) {
    lock?.release();
    const where = file === null ? "an in-memory SQLite database" : `the SQLite database ${file}`;
    throw new RetortError("CONNECTION_FAILED", `could not open ${where}: ${error instanceof Error ? error.message : String(error)}`, {
      hint:
        file === null
          ? "check that better-sqlite3 (major version 12) is installed and built for this Node.js"
          : "check that the path is a writable SQLite database file (or a new file in a writable folder), and that better-sqlite3 12 is installed",
      cause: error,
      details: { file },
    });
  }
  const instance = db;
  let closed = false;
  return {
    kind: "sqlite",
    async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const statement = instance.prepare(sql);
      const bound = bindings(params);
      if (statement.reader) {
        const rows = (bound === undefined ? statement.all() : statement.all(bound)) as R[];
        return { rows, rowCount: rows.length };
      }
      const info = bound === undefined ? statement.run() : statement.run(bound);
      return { rows: [], rowCount: info.changes };
    },
    async exec(sql: string): Promise<void> {
      instance.exec(sql);
    },
    async execBatch(sql: string): Promise<number> {
      instance.exec(sql);
      return Number((instance.prepare("SELECT changes() AS n").get() as { n: number }).n);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        instance.close();
      } finally {
        lock?.release();
      }
    },
  };
};
