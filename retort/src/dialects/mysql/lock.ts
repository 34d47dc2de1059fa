// The run lock on MySQL/MariaDB: a named lock (GET_LOCK), held by a connection of its own
// and freed when that connection ends. Names are server-wide, so the name hashes the
// database with the version table: two databases on one server migrate independently, two
// runs on the same version table contend. SHA1 keeps it within the 64-character limit.
import type { Statement } from "../../ops/types.js";
import type { LockSql, VersionTableLocation } from "../types.js";

// GET_LOCK takes seconds; a negative timeout is not "forever" on every server, so "as
// long as it takes" is a year.
const FOREVER_SECONDS = 31_536_000;

export const lockSql = (location: VersionTableLocation): LockSql => {
  const name = "CONCAT('retort:', SHA1(CONCAT(COALESCE(?, DATABASE()), '.', ?)))";
  const key = [location.schema ?? null, location.table];
  const seconds = (waitMs: number | null | undefined): number =>
    waitMs == null ? FOREVER_SECONDS : Math.max(0, Math.ceil(waitMs / 1000));
  const q = (sql: string, params: readonly unknown[]): Statement => ({ sql, params });
  return {
    acquire: (waitMs) => q(`SELECT GET_LOCK(${name}, ?) AS acquired`, [...key, seconds(waitMs)]),
    tryAcquire: () => q(`SELECT GET_LOCK(${name}, 0) AS acquired`, key),
    holder: () => q(`SELECT IS_USED_LOCK(${name}) AS pid, NULL AS since`, key),
    release: () => q(`SELECT RELEASE_LOCK(${name}) AS released`, key),
  };
};
