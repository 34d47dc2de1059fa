// What SQLite can do, as the flags the rest of retort reads. One process writes at a time,
// so the run lock is the driver's lock file (no advisory locks); there is no CONCURRENTLY;
// there are no enum types to add values to (the flag is moot and kept true).
import type { DialectCapabilities } from "../types.js";

export const sqliteCapabilities: DialectCapabilities = Object.freeze({
  advisoryLocks: false,
  concurrentIndexes: false,
  enumAddValueInTransaction: true,
  // DDL is transactional in SQLite: a migration and its version row commit together.
  transactionalDdl: true,
});
