// PostgreSQL through one pg.Client. pg is imported here only, lazily, so commands that never
// touch a server never load it.
import { RetortError } from "../errors.js";
import type { Connection, QueryResult } from "./types.js";
import { readPgpass } from "./pgpass.js";
import { describePostgresUrl } from "./url.js";

/** Whether the server asked for a password that neither the URL, PGPASSWORD nor ~/.pgpass had. */
interface PasswordAsk {
  missing: boolean;
}

export const connectPostgres = async (url: string, applicationName: string | undefined): Promise<Connection> => {
  const { default: pg } = await import("pg");
  const described = describePostgresUrl(url);
  const ask: PasswordAsk = { missing: false };
  // Without a password in the URL or PGPASSWORD, pg would read ~/.pgpass itself and print a
  // deprecation warning; a password function (called only when the server asks) keeps the
  // lookup here and tells a missing password apart from a wrong one.
  const noPassword = described.password === "" && (process.env.PGPASSWORD ?? "") === "";
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs(url),
    ...(applicationName === undefined ? {} : { application_name: applicationName }),
  });
  if (noPassword) {
    // Set on the client, not in its config: pg lets the connection string's (empty)
    // password override a configured one. pg calls it with the resolved connection
    // parameters and takes undefined for "none" (its types declare neither).
    (client as unknown as { password: unknown }).password = async (params: { host?: string; port?: number | string; database?: string; user?: string }) => {
      const found = await readPgpass(
        { host: params.host ?? described.host, port: String(params.port ?? described.port), database: params.database ?? described.database, user: params.user ?? "" },
        process.env,
      );
      if (found === undefined) ask.missing = true;
      return found;
    };
  }
  // An idle client that loses its server emits "error"; unhandled, that would kill the
  // process. The next query fails on its own with the real reason.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw ask.missing ? passwordMissing(url, error) : connectionFailed(url, error);
  }
  let closed = false;
  return {
    kind: "postgres",
    async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await client.query(sql, params === undefined ? undefined : [...params]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
    async execBatch(sql: string): Promise<number> {
      // Several statements come back as one result each.
      const result = (await client.query(sql)) as unknown as { rowCount: number | null } | { rowCount: number | null }[];
      const last = Array.isArray(result) ? result.at(-1) : result;
      return last?.rowCount ?? 0;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await client.end();
    },
  };
};

// libpq's connect_timeout (seconds) when the URL gives one; otherwise 30 s, so that a
// firewalled host fails with a message instead of hanging for the OS's TCP timeout.
const connectTimeoutMs = (url: string): number => {
  let seconds: number;
  try {
    seconds = Number(new URL(url).searchParams.get("connect_timeout") ?? "30");
  } catch {
    seconds = 30;
  }
  // 0 means "wait forever" in libpq, and in pg.
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 30_000;
};

const passwordMissing = (url: string, error: unknown): RetortError => {
  const { host, port, database } = describePostgresUrl(url);
  const where = host.startsWith("/") ? `socket ${host}` : `${host}:${port}`;
  return new RetortError("CONNECTION_FAILED", `could not connect to PostgreSQL at ${where} (database ${database}): the server asked for a password and the URL has none`, {
    hint: "put the password in the URL (postgresql://user:password@host/db), or set PGPASSWORD, or add a line host:port:database:user:password to ~/.pgpass (mode 0600)",
    cause: error,
    details: { host, port, database },
  });
};

const connectionFailed = (url: string, error: unknown): RetortError => {
  const { host, port, database, password } = describePostgresUrl(url);
  let reason = error instanceof Error ? error.message : String(error);
  // pg's messages do not quote passwords today; this keeps it that way if one ever does.
  if (password !== "") reason = reason.split(password).join("***");
  if (reason === "") reason = (error as { code?: string } | null)?.code ?? "unknown error";
  const where = host.startsWith("/") ? `socket ${host}` : `${host}:${port}`;
  return new RetortError("CONNECTION_FAILED", `could not connect to PostgreSQL at ${where} (database ${database}): ${reason}`, {
    hint: "check that the server is running and reachable, and that DATABASE_URL (or --url, or url in retort.config.ts) names the right host, port, database and credentials",
    cause: error,
    details: { host, port, database },
  });
};
