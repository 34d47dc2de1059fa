// The shadow database: where `verify`, `check --drift`, `pull --baseline` and `squash`
// replay migrations, never the real database. It speaks the project's dialect. By default
// it is in memory (PGlite for a PostgreSQL or PGlite project, SQLite's :memory: for a
// SQLite one: no server, no files left behind); with a server URL, a throwaway database
// created on that server under a fresh name and dropped when the shadow closes (for
// migrations that need an extension PGlite lacks, and always on MySQL/MariaDB, which has
// no embedded form).
import { randomBytes } from "node:crypto";
import { createDialect, type VersionTableLocation } from "../dialects/index.js";
import { parseDatabaseUrl, withDatabase, type Connection, type DatabaseTarget } from "../drivers/index.js";
import { RetortError } from "../errors.js";
import { ensureVersionTable, openSession, type Session } from "../runtime/index.js";

export interface ShadowOptions {
  /** --shadow-url: a server to create the throwaway database on; unset: the dialect's in-memory database. */
  readonly url?: string;
  readonly cwd: string;
  /** The kind of the project's own database URL: the shadow must be of the same dialect. */
  readonly projectKind: DatabaseTarget["kind"];
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
  const target: DatabaseTarget =
    options.projectKind === "sqlite"
      ? { kind: "sqlite", file: null, display: "sqlite://memory" }
      : { kind: "pglite", dataDir: null, display: "pglite://memory", ...(options.extensions.length > 0 ? { extensions: options.extensions } : {}) };
  const session = await openOn(target, options);
  return { session, display: target.display, close: () => session.close() };
};

const onServer = async (server: Extract<DatabaseTarget, { kind: "postgres" | "mysql" }>, options: ShadowOptions): Promise<Shadow> => {
  const dialect = createDialect(server);
  const scratch = dialect.compiler.scratchDatabase;
  if (scratch === null) throw new Error(`internal error: the ${dialect.name} dialect has server URLs but no scratch databases`);
  const admin: Connection = await dialect.driver.connect({ applicationName: "retort shadow" });
  const name = `retort_shadow_${process.pid}_${randomBytes(4).toString("hex")}`;
  const drop = async (): Promise<void> => {
    await admin.exec(scratch.drop(name).sql).finally(() => admin.close());
  };
  try {
    await admin.exec(scratch.create(name).sql);
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

const dialectOf = (kind: DatabaseTarget["kind"]): string => (kind === "pglite" ? "postgres" : kind);

export const openShadow = async (options: ShadowOptions): Promise<Shadow> => {
  if (options.url === undefined) {
    if (options.projectKind === "mysql")
      throw new RetortError("USAGE", "a MySQL/MariaDB project needs --shadow-url: MySQL has no embedded database to replay migrations in", {
        hint: "give --shadow-url mysql://user@host:3306/any (retort creates a throwaway database on that server and drops it after; the user needs CREATE and DROP)",
      });
    return inMemory(options);
  }
  const target = parseDatabaseUrl(options.url, options.cwd);
  if (dialectOf(target.kind) !== dialectOf(options.projectKind))
    throw new RetortError("USAGE", `--shadow-url ${target.display} is a ${dialectOf(target.kind)} database, but the project's is ${dialectOf(options.projectKind)}`, {
      hint: "the shadow replays the project's migrations, so it must be the same kind of database",
    });
  if (target.kind === "pglite" || target.kind === "sqlite") {
    if ((target.kind === "pglite" ? target.dataDir : target.file) === null) return inMemory(options);
    throw new RetortError("USAGE", `--shadow-url ${target.display} names a database on disk`, {
      hint: `a shadow is thrown away after the run: give ${target.kind}://memory (the default) or a server URL`,
    });
  }
  return onServer(target, options);
};
