// What a MySQL/MariaDB server can do, as the rest of retort reads it.
import type { DialectCapabilities } from "../types.js";

export const MYSQL_CAPABILITIES: DialectCapabilities = Object.freeze({
  // GET_LOCK() on a connection of its own blocks every other session.
  advisoryLocks: true,
  // InnoDB builds indexes online by default; there is no CONCURRENTLY keyword.
  concurrentIndexes: false,
  enumAddValueInTransaction: false,
  // Every DDL statement commits on its own (an implicit COMMIT before and after).
  transactionalDdl: false,
});
