// MySQL and MariaDB through one mysql2 connection. mysql2 is imported here only, lazily, so
// commands that never touch such a server never load it. Placeholders are `?` (the
// dialect's compiler writes them); `exec` sends several statements in one message.
import { RetortError } from "../errors.js";
import type { Connection, QueryResult } from "./types.js";
import { describeMysqlUrl } from "./url.js";

interface MysqlResultHeader {
  readonly affectedRows: number;
}

const rowCountOf = (result: unknown): number => {
  if (Array.isArray(result)) {
    // Several statements: one entry per statement; the last one's count is the answer.
    const last: unknown = result.at(-1);
    if (Array.isArray(last)) return last.length;
    return (last as MysqlResultHeader | undefined)?.affectedRows ?? 0;
  }
  return (result as MysqlResultHeader | undefined)?.affectedRows ?? 0;
};

export const connectMysql = async (url: string): Promise<Connection> => {
  const { default: mysql } = await import("mysql2/promise");
  const described = describeMysqlUrl(url);
  let connection: Awaited<ReturnType<typeof mysql.createConnection>>;
  try {
    connection = await mysql.createConnection({
      host: described.host,
      port: Number(described.port),
      user: described.user,
      password: described.password,
      database: described.database === "" ? undefined : described.database,
      multipleStatements: true,
      // DATETIME/TIMESTAMP come back as text the introspector reads as written, and big
      // integers as strings, so that nothing is rounded on the way.
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      connectTimeout: 30_000,
      // UTC on both ends, so that an instant written in one time zone is read back the same.
      timezone: "Z",
      charset: "utf8mb4_unicode_ci",
    });
  } catch (error) {
    throw connectionFailed(url, error);
  }
  // An idle connection that loses its server emits "error"; the next query fails on its own.
  connection.on("error", () => {});
  // Sessions start in UTC, so that TIMESTAMP columns read and write instants the same way
  // whatever the server's own time zone.
  await connection.query("SET time_zone = '+00:00'").catch(async (error: unknown) => {
    await connection.end().catch(() => {});
    throw connectionFailed(url, error);
  });
  let closed = false;
  return {
    kind: "mysql",
    async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const [result] = await connection.query(sql, params === undefined ? undefined : [...params]);
      return Array.isArray(result) ? { rows: result as R[], rowCount: (result as unknown[]).length } : { rows: [], rowCount: rowCountOf(result) };
    },
    async exec(sql: string): Promise<void> {
      await connection.query(sql);
    },
    async execBatch(sql: string): Promise<number> {
      const [result] = await connection.query(sql);
      return rowCountOf(result);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await connection.end().catch(() => connection.destroy());
    },
  };
};

const connectionFailed = (url: string, error: unknown): RetortError => {
  const { host, port, database, password } = describeMysqlUrl(url);
  let reason = error instanceof Error ? error.message : String(error);
  if (password !== "") reason = reason.split(password).join("***");
  if (reason === "") reason = (error as { code?: string } | null)?.code ?? "unknown error";
  return new RetortError("CONNECTION_FAILED", `could not connect to MySQL/MariaDB at ${host}:${port} (database ${database}): ${reason}`, {
    hint: "check that the server is running and reachable, and that DATABASE_URL (or --url, or url in retort.config.ts) names the right host, port, database and credentials",
    cause: error,
    details: { host, port, database },
  });
};
