// The shadow database: where `verify`, `check --drift`, `pull --baseline` and `squash`
// replay migrations, never the real database. By default an embedded PGlite in memory (no
// server, no files left behind); with a server URL, a throwaway database created on that
// server under a fresh name and dropped when the shadow closes, for migrations that need
// an extension PGlite lacks.
import { randomBytes } from "node:crypto";
import { createDialect, type VersionTableLocation } from "../dialects/index.js";
import { parseDatabaseUrl, withDatabase, type Connection, type DatabaseTarget } from "../drivers/index.js";
import { RetortError } from "../errors.js";
import { ensureVersionTable, openSession, type Session } from "../runtime/index.js";

export interface ShadowOptions {
  /** --shadow-url: a PostgreSQL server to create the throwaway database on; unset: PGlite in memory. */
  readonly url?: string;
  readonly cwd: string;
  /** Contrib extensions the in-memory PGlite loads (the config's pgliteExtensions). */
  readonly extensions: readonly string[];
  readonly versionTable: VersionTableLocation;
}

export interface Shadow {
  readonly session: Session;
  /** What the shadow is, for people: "pglite://memory" or the server's masked URL. */
  readonly display: string;
  /** Closes the session and, on a server, drops the throwaway database. Safe to call twice. */
  close(): Promise<void>;
}

const openOn = async (target: DatabaseTarget, options: ShadowOptions): Promise<Session> => {
  const session = await openSession({ target, versionTable: options.versionTable, lock: false });
  try {
    await ensureVersionTable(session);
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
};

const inMemory = async (options: ShadowOptions): Promise<Shadow> => {
  const target: DatabaseTarget = { kind: "pglite", dataDir: null, display: "pglite://memory", ...(options.extensions.length > 0 ? { extensions: options.extensions } : {}) };
  const session = await openOn(target, options);
  return { session, display: target.display, close: () => session.close() };
};

const onServer = async (server: Extract<DatabaseTarget, { kind: "postgres" }>, options: ShadowOptions): Promise<Shadow> => {
  const dialect = createDialect(server);
  const admin: Connection = await dialect.driver.connect({ applicationName: "retort shadow" });
  const name = `retort_shadow_${process.pid}_${randomBytes(4).toString("hex")}`;
  const drop = async (): Promise<void> => {
    await admin.exec(dialect.compiler.scratchDatabase.drop(name).sql).finally(() => admin.close());
  };
  try {
    await admin.exec(dialect.compiler.scratchDatabase.create(name).sql);
  } catch (error) {
    await admin.close().catch(() => {});
    throw new RetortError("CONNECTION_FAILED", `cannot create a shadow database on ${server.display}: ${(error as Error).message}`, {
      hint: "--shadow-url needs a user allowed to CREATE DATABASE there (retort creates and drops its own, never touching the others)",
      cause: error,
    });
  }
  let session: Session;
  try {
    session = await openOn(withDatabase(server, name), options);
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
  let closed = false;
  return {
    session,
    display: `${server.display} (database ${name}, dropped after)`,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await session.close();
      } finally {
        await drop();
      }
    },
  };
};

export const openShadow = async (options: ShadowOptions): Promise<Shadow> => {
  if (options.url === undefined) return inMemory(options);
  const target = parseDatabaseUrl(options.url, options.cwd);
  if (target.kind === "pglite") {
    if (target.dataDir === null) return inMemory(options);
    throw new RetortError("USAGE", `--shadow-url ${target.display} names a PGlite data directory`, {
      hint: "a shadow is thrown away after the run: give pglite://memory (the default) or a postgresql:// server URL",
    });
  }
  return onServer(target, options);
};
