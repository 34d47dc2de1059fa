// What a PostgreSQL server and embedded PGlite can do differently. The SQL is the same
// for both; these flags are the only place the difference is written down.
import type { DriverKind } from "../../drivers/types.js";
import type { DialectCapabilities } from "../types.js";

// A server is taken to be PostgreSQL 12+ until a session has read its version (offline
// scripts keep that assumption; the README says so).
const SERVER: DialectCapabilities = Object.freeze({ advisoryLocks: true, concurrentIndexes: true, enumAddValueInTransaction: true, transactionalDdl: true });

// PGlite accepts advisory locks but they block nothing, and refuses CONCURRENTLY.
const PGLITE: DialectCapabilities = Object.freeze({ advisoryLocks: false, concurrentIndexes: false, enumAddValueInTransaction: true, transactionalDdl: true });

export const postgresCapabilities = (kind: DriverKind): DialectCapabilities => (kind === "pglite" ? PGLITE : SERVER);

/** The first server version whose ALTER TYPE ... ADD VALUE runs inside a transaction block. */
const ADD_VALUE_IN_TRANSACTION = 120000;

/** `capabilities` refined by the server's version (server_version_num, e.g. 150020). */
export const capabilitiesForVersion = (capabilities: DialectCapabilities, versionNum: number): DialectCapabilities =>
  Object.freeze({ ...capabilities, enumAddValueInTransaction: versionNum >= ADD_VALUE_IN_TRANSACTION });

export const SERVER_VERSION_SQL = "SHOW server_version_num";
