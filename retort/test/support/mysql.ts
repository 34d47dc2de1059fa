// Access to a real MySQL/MariaDB server for tests (RETORT_TEST_MYSQL_URL). Each suite gets
// a database of its own, created and dropped here. With no server the suite is skipped
// loudly, unless RETORT_REQUIRE_MYSQL=1 (CI), which turns the skip into a failure.
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import mysql from "mysql2/promise";

export const mysqlServerUrl = process.env.RETORT_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

const redact = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

/** The URL of `database` on the test server. */
export const mysqlDatabaseUrl = (database: string): string => {
  const url = new URL(mysqlServerUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

/** A mysql2 connection on `url` (the server's database when unset), for assertions. */
export const mysqlClient = (url = mysqlServerUrl): Promise<mysql.Connection> => {
  const parsed = new URL(url);
  return mysql.createConnection({
    host: parsed.hostname,
    port: Number(parsed.port || "3306"),
    user: decodeURIComponent(parsed.username) || "root",
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)) || undefined,
    multipleStatements: true,
    dateStrings: true,
    // Generous: on a loaded CI machine the handshake alone can take seconds.
    connectTimeout: 15000,
  });
};

let available: Promise<boolean> | undefined;

const probe = async (): Promise<boolean> => {
  // Three tries: one slow handshake on a busy machine must not skip (or, in CI, fail) a suite.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const client = await mysqlClient();
      await client.query("SELECT 1");
      await client.end();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return false;
};

/** A reason to skip (string) or false; throws under RETORT_REQUIRE_MYSQL=1. */
export const mysqlSkip = async (): Promise<string | false> => {
  available ??= probe();
  if (await available) return false;
  const line = `MySQL/MariaDB server suite SKIPPED: nothing answers at ${redact(mysqlServerUrl)}; set RETORT_TEST_MYSQL_URL to a server where this user may create databases`;
  if (process.env.RETORT_REQUIRE_MYSQL === "1") throw new Error(`${line} (RETORT_REQUIRE_MYSQL=1 forbids skipping)`);
  console.error(`\n!!! ${line}\n`);
  return line;
};

export interface MysqlDatabase {
  readonly name: string;
  readonly url: string;
  /** Rows of one query on this database. */
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** Creates a fresh, empty database named `retort_test_<prefix>_<random>`. */
export const createMysqlDatabase = async (prefix = "t"): Promise<MysqlDatabase> => {
  const name = `retort_test_${prefix.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  const admin = await mysqlClient();
  try {
    await admin.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await admin.end();
  }
  const url = mysqlDatabaseUrl(name);
  return {
    name,
    url,
    rows: async (sql, params) => {
      const client = await mysqlClient(url);
      try {
        const [rows] = await client.query(sql, params);
        return rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    drop: async () => {
      const client = await mysqlClient();
      try {
        await client.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await client.end();
      }
    },
  };
};

/**
 * A describe block on the MySQL/MariaDB server whose tests share one fresh database
 * (dropped after every hook of `body` ran). Without a server it registers one skipped
 * test, or fails under RETORT_REQUIRE_MYSQL=1.
 */
export const describeOnMysql = (prefix: string, title: string, body: (database: () => MysqlDatabase) => void): void => {
  describe(title, async () => {
    const skip = await mysqlSkip();
    if (skip !== false) {
      test("skipped", { skip }, () => {});
      return;
    }
    let db: MysqlDatabase | undefined;
    before(async () => {
      db = await createMysqlDatabase(prefix);
    });
    body(() => db as MysqlDatabase);
    after(async () => {
      await db?.drop();
    });
  });
};
