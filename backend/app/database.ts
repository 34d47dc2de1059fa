// The application's database handle: PostgreSQL through a pg Pool when DATABASE_URL is
// set, otherwise embedded PGlite in backend/.retort/pglite (the directory `retort
// upgrade` migrates). URLs follow retort's rules (retort's own parser reads them), and a
// PGlite directory is held with retort's lock file, so the server and a `retort` command
// can never open the same directory at once. One Kysely per process: PGlite allows a
// single opener per data directory, and a pool is meant to be shared.
import { Kysely, PostgresDialect } from "kysely";
import { acquireLockFile, parseDatabaseUrl, RetortError } from "retort-migrate";
import type { DB } from "./models/index.js";
import { PGliteDialect } from "./pglite-dialect.js";
import { backendDir, defaultPgliteDir } from "./settings.js";

export type Database = Kysely<DB>;

export type DatabaseKind = "postgres" | "pglite";

export interface OpenedDatabase {
  readonly db: Database;
  readonly kind: DatabaseKind;
  /** Where the data lives, password masked: safe to log. */
  readonly display: string;
  /** Destroys the Kysely instance and releases what it holds (pool, PGlite, lock file). */
  close(): Promise<void>;
}

// Kept as strings on both drivers: pg returns int8 as text by default, and PGlite's
// number would silently lose precision past 2^53.
const INT8_OID = 20;

/** `url` undefined means embedded PGlite in backend/.retort/pglite; relative pglite paths are from backend/. */
export const openDatabase = async (url: string | undefined): Promise<OpenedDatabase> => {
  const target = parseDatabaseUrl(url ?? `pglite://${defaultPgliteDir}`, backendDir);
  if (target.kind === "postgres") {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // An idle client the server closed (a restart, a failover, pg_terminate_backend) is
    // reported here and dropped by the pool, which opens a new one for the next query.
    // Without a listener node treats the event as an uncaught exception and the server dies.
    pool.on("error", () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", display: target.display, close: () => db.destroy() };
  }
  if (target.kind !== "pglite")
    // retort migrates SQLite and MySQL too, but this backend's schema is PostgreSQL's
    // (pg_trgm ranking, enums, jsonb, triggers in PL/pgSQL).
    throw new RetortError("BAD_URL", `the backend runs on PostgreSQL or embedded PGlite, not on ${target.display}`, {
      hint: "Set DATABASE_URL to a postgresql:// URL, or leave it unset for embedded PGlite.",
    });
  const lock = target.dataDir === null ? null : acquireLockFile(target.dataDir);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    // pg_trgm ranks replies; PGlite runs CREATE EXTENSION only for an extension loaded
    // with the instance (retort.config.ts loads it for migrations the same way).
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const options = { parsers: { [INT8_OID]: (value: string) => value }, extensions: { pg_trgm } };
    const pglite = target.dataDir === null ? await PGlite.create(options) : await PGlite.create(target.dataDir, options);
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: "pglite",
      display: target.display,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
};
