// Access to the real PostgreSQL server for tests. Each test gets databases of its own,
// created and dropped here. With no server the suite is skipped loudly, unless
// RETORT_REQUIRE_PG=1 (CI), which turns the skip into a failure.
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import pg from "pg";

export const serverUrl = process.env.RETORT_TEST_PG_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

let available: Promise<boolean> | undefined;

const probe = async (): Promise<boolean> => {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
};

/**
 * Resolves to a reason to skip (string) or false. Use as
 * `test("...", { skip: await postgresSkip() }, ...)` or at the top of a describe.
 */
export const postgresSkip = async (): Promise<string | false> => {
  available ??= probe();
  if (await available) return false;
  const line = `PostgreSQL server suite SKIPPED: nothing answers at ${redact(serverUrl)}; set RETORT_TEST_PG_URL to a server where this user may create databases`;
  if (process.env.RETORT_REQUIRE_PG === "1") throw new Error(`${line} (RETORT_REQUIRE_PG=1 forbids skipping)`);
  console.error(`\n!!! ${line}\n`);
  return line;
};

const redact = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

/** The URL of `database` on the test server. */
export const databaseUrl = (database: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

export interface TempDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates a fresh, empty database named `retort_test_<prefix>_<random>`. */
export const createTempDatabase = async (prefix = "t"): Promise<TempDatabase> => {
  const name = `retort_test_${prefix.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`create database "${name}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
};

/** Runs fn with a fresh database and drops it afterwards, whatever happened. */
export const withTempDatabase = async <T>(prefix: string, fn: (db: TempDatabase) => Promise<T>): Promise<T> => {
  const db = await createTempDatabase(prefix);
  try {
    return await fn(db);
  } finally {
    await db.drop();
  }
};

/** What a suite on the server gets: a client on its database, and the database itself. */
export interface PostgresSuite {
  /** One pg client connected to the suite's database (for assertions on the catalog). */
  readonly client: () => pg.Client;
  /** The suite's fresh database (its URL for sessions, commands and the CLI). */
  readonly database: () => TempDatabase;
}

export interface PostgresSuiteOptions {
  /** The describe block's name; default "on the PostgreSQL server". */
  readonly title?: string;
  /**
   * Open the shared client (default true). Off for suites that count the database's
   * sessions, where an idle client of the suite's own would be one too many.
   */
  readonly client?: boolean;
}

/**
 * A describe block on the PostgreSQL server whose tests share one fresh database (created
 * before, dropped after every hook of `body` has run) and one client on it; `body` registers
 * the tests. Without a server it registers one skipped test (or fails under
 * RETORT_REQUIRE_PG=1, as postgresSkip does).
 */
export const describeOnPostgres = (
  prefix: string,
  body: (client: () => pg.Client, suite: PostgresSuite) => void,
  options: PostgresSuiteOptions = {},
): void => {
  describe(options.title ?? "on the PostgreSQL server", async () => {
    const skip = await postgresSkip();
    if (skip !== false) {
      test("skipped", { skip }, () => {});
      return;
    }
    let temp: TempDatabase | undefined;
    let client: pg.Client | undefined;
    before(async () => {
      temp = await createTempDatabase(prefix);
      if (options.client === false) return;
      client = new pg.Client({ connectionString: temp.url });
      await client.connect();
    });
    const suite: PostgresSuite = {
      client: () => {
        if (client === undefined) throw new Error("this suite was declared with { client: false }");
        return client;
      },
      database: () => temp as TempDatabase,
    };
    body(suite.client, suite);
    // Registered after the body's hooks, so it runs after them: the body closes its own
    // sessions before the database is dropped.
    after(async () => {
      await client?.end();
      await temp?.drop();
    });
  });
};
