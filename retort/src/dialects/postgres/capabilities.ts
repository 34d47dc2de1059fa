// What a PostgreSQL server and embedded PGlite can do differently. The SQL is the same
// for both; these flags are the only place the difference is written down.
import type { DriverKind } from "../../drivers/types.js";
import type { DialectCapabilities } from "../types.js";

const SERVER: DialectCapabilities = Object.freeze({ advisoryLocks: true, concurrentIndexes: true });

// PGlite accepts advisory locks but they block nothing, and refuses CONCURRENTLY.
const PGLITE: DialectCapabilities = Object.freeze({ advisoryLocks: false, concurrentIndexes: false });

export const postgresCapabilities = (kind: DriverKind): DialectCapabilities => (kind === "pglite" ? PGLITE : SERVER);
