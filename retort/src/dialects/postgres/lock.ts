// The run lock on a PostgreSQL server: a session-level advisory lock.
//
// The key is the first 8 bytes of SHA-256("retort:version-table:" + schema + "." + table),
// read as a signed big-endian 64-bit integer (the type pg_advisory_lock takes). Two runs
// contend exactly when they manage the same version table; a database with several
// version tables (one per app) lets them migrate independently. An unset schema hashes
// as the empty string, so `public.alembic_version` and an unqualified `alembic_version`
// get different keys: configure the schema the same way in every process that shares a
// table.
import { createHash } from "node:crypto";
import type { Statement } from "../../ops/types.js";
import type { LockSql, VersionTableLocation } from "../types.js";

export const advisoryLockKey = (location: VersionTableLocation): bigint => {
  const digest = createHash("sha256")
    .update(`retort:version-table:${location.schema ?? ""}.${location.table}`)
    .digest();
  return digest.readBigInt64BE(0);
};

export const lockSql = (location: VersionTableLocation): LockSql => {
  // Sent as text and cast, because drivers differ in how they bind a JavaScript bigint.
  const bits = advisoryLockKey(location);
  const key = bits.toString();
  // pg_locks shows a bigint advisory key as two oids: the high and the low 32 bits.
  const unsigned = BigInt.asUintN(64, bits);
  const classid = (unsigned >> 32n).toString();
  const objid = (unsigned & 0xffffffffn).toString();
  return {
    acquire: () => ({ sql: "SELECT pg_advisory_lock($1::bigint)", params: [key] }),
    tryAcquire: () => ({ sql: "SELECT pg_try_advisory_lock($1::bigint) AS acquired", params: [key] }),
    holder: () => ({
      sql:
        "SELECT l.pid, a.state_change AS since FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
        "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) " +
        "AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1",
      params: [classid, objid],
    }),
    release: () => ({ sql: "SELECT pg_advisory_unlock($1::bigint) AS released", params: [key] }),
  };
};
