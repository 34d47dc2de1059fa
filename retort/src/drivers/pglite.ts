// Embedded PostgreSQL. PGlite is imported lazily, only when a pglite:// URL is used. A data
// directory is guarded by a lock file for as long as the connection is open. PGlite runs
// `CREATE EXTENSION` only for extensions loaded with the instance, so the config names
// the contrib extensions a project's migrations create (pgliteExtensions).
import type { Extensions } from "@electric-sql/pglite";
import { RetortError } from "../errors.js";
import type { Connection, QueryResult } from "./types.js";
import { acquireLockFile, type LockFile } from "./lock-file.js";

/** Each named contrib extension's module, e.g. pg_trgm from @electric-sql/pglite/contrib/pg_trgm. */
const loadExtensions = async (names: readonly string[]): Promise<Extensions> => {
  const loaded: Record<string, Extensions[string]> = {};
  for (const name of names) {
    let module: Record<string, unknown>;
    try {
      module = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, unknown>;
    } catch (error) {
      throw new RetortError("CONFIG_INVALID", `PGlite has no contrib extension "${name}" (pgliteExtensions in the config)`, {
        hint: "use a name from @electric-sql/pglite/contrib, e.g. pg_trgm, citext, uuid_ossp; or remove it from pgliteExtensions",
        cause: error,
      });
    }
    if (module[name] === undefined) {
      throw new RetortError("CONFIG_INVALID", `@electric-sql/pglite/contrib/${name} exports no extension named ${name}`, {
        hint: "check the extension's name in PGlite's documentation",
      });
    }
    loaded[name] = module[name] as Extensions[string];
  }
  return loaded;
};

export const connectPglite = async (dataDir: string | null, extensionNames: readonly string[] = []): Promise<Connection> => {
  const extensions = await loadExtensions(extensionNames);
  const lock: LockFile | null = dataDir === null ? null : acquireLockFile(dataDir);
  let db;
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const options = extensionNames.length === 0 ? undefined : { extensions };
    db = dataDir === null ? await PGlite.create(options) : await PGlite.create(dataDir, options);
  } catch (error) {
    lock?.release();
    const where = dataDir === null ? "an in-memory PGlite database" : `the PGlite database at ${dataDir}`;
    throw new RetortError("CONNECTION_FAILED", `could not open ${where}: ${error instanceof Error ? error.message : String(error)}`, {
      hint:
        dataDir === null
          ? "check that @electric-sql/pglite is installed"
          : "the directory must be empty or hold a PGlite (PostgreSQL 18) data directory; point --url at another directory or move this one aside",
      cause: error,
      details: { dataDir },
    });
  }
  const instance = db;
  let closed = false;
  return {
    kind: "pglite",
    async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      // PGlite reports 0 affected rows for a SELECT; pg reports the rows returned.
      const result = await instance.query<R>(sql, params === undefined ? undefined : [...params]);
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await instance.exec(sql);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await instance.close();
      } finally {
        lock?.release();
      }
    },
  };
};
