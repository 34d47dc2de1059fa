export type { Connection, DriverKind, QueryResult } from "./types.js";
export { connect, type ConnectOptions } from "./connect.js";
export { maskUrl, parseDatabaseUrl, withDatabase, type DatabaseTarget } from "./url.js";
export { LOCK_FILE_NAME } from "./lock-file.js";
