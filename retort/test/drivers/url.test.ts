import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isRetortError } from "../../src/errors.js";
import { describeMysqlUrl, maskUrl, parseDatabaseUrl, withDatabase } from "../../src/drivers/url.js";

describe("maskUrl", () => {
  const cases: [string, string][] = [
    ["postgresql://chatbot_user:chatbot_pass@localhost:5432/chatbot_db", "postgresql://chatbot_user:***@localhost:5432/chatbot_db"],
    ["postgres://u:pw@h/db", "postgres://u:***@h/db"],
    ["postgres://:pw@h/db", "postgres://:***@h/db"],
    ["postgresql://user@host/db", "postgresql://user@host/db"],
    ["postgresql://host:5432/db", "postgresql://host:5432/db"],
    // hostile passwords, encoded and not
    ["postgresql://user:p%40ss%3Aw%2Frd%25@host/db", "postgresql://user:***@host/db"],
    ["postgresql://user:p@ss:w/rd@host:5432/db", "postgresql://user:***@host:5432/db"],
    ["postgresql://user:a:b:c@host/db", "postgresql://user:***@host/db"],
    ["postgresql://user:pa?ss@host/db", "postgresql://user:***@host/db"],
    ["postgresql://user:pa#ss@host/db", "postgresql://user:***@host/db"],
    // password= in the query string, alone and with userinfo
    ["postgresql://host/db?sslmode=require&password=s3cret&x=1", "postgresql://host/db?sslmode=require&password=***&x=1"],
    ["postgresql://u:pw@host/db?password=s3cret", "postgresql://u:***@host/db?password=***"],
    ["postgresql://user@host/db?options=a@b", "postgresql://user@host/db?options=a@b"],
    ["pglite://memory", "pglite://memory"],
    ["not a url at all", "not a url at all"],
    ["", ""],
  ];
  for (const [raw, masked] of cases) {
    test(`${JSON.stringify(raw)} -> ${JSON.stringify(masked)}`, () => {
      assert.equal(maskUrl(raw), masked);
    });
  }
});

const badUrl = (raw: string, message: string) => (error: unknown) => {
  assert.ok(isRetortError(error));
  assert.equal(error.code, "BAD_URL");
  assert.equal(error.message, message);
  assert.match(error.hint ?? "", /postgresql:\/\/user:password@host:5432\/database .*pglite:\/\/memory/);
  return true;
};

describe("parseDatabaseUrl", () => {
  test("postgresql:// and postgres:// select pg and keep the URL as given", () => {
    assert.deepEqual(parseDatabaseUrl("postgresql://chatbot_user:chatbot_pass@localhost:5432/chatbot_db", "/cwd"), {
      kind: "postgres",
      url: "postgresql://chatbot_user:chatbot_pass@localhost:5432/chatbot_db",
      display: "postgresql://chatbot_user:***@localhost:5432/chatbot_db",
    });
    assert.deepEqual(parseDatabaseUrl("postgres://root@127.0.0.1/x", "/cwd"), {
      kind: "postgres",
      url: "postgres://root@127.0.0.1/x",
      display: "postgres://root@127.0.0.1/x",
    });
  });

  test("a percent-encoded hostile password is accepted and masked", () => {
    const target = parseDatabaseUrl("postgresql://user:p%40ss%3Aw%2Frd%25@host/db", "/cwd");
    assert.equal(target.kind, "postgres");
    assert.equal(target.display, "postgresql://user:***@host/db");
  });

  test("pglite URLs resolve against the working directory", () => {
    assert.deepEqual(parseDatabaseUrl("pglite://memory", "/work/app"), { kind: "pglite", dataDir: null, display: "pglite://memory" });
    assert.deepEqual(parseDatabaseUrl("pglite://./data/db", "/work/app"), {
      kind: "pglite",
      dataDir: "/work/app/data/db",
      display: "pglite:///work/app/data/db",
    });
    assert.deepEqual(parseDatabaseUrl("pglite://../shared", "/work/app"), {
      kind: "pglite",
      dataDir: "/work/shared",
      display: "pglite:///work/shared",
    });
    assert.deepEqual(parseDatabaseUrl("pglite:///var/lib/retort/", "/work/app"), {
      kind: "pglite",
      dataDir: "/var/lib/retort",
      display: "pglite:///var/lib/retort",
    });
  });

  test("an unencoded / in the password is refused, and the password is not shown", () => {
    assert.throws(
      () => parseDatabaseUrl("postgresql://user:123/x@host/db", "/cwd"),
      badUrl(
        "postgresql://user:123/x@host/db",
        'invalid PostgreSQL URL postgresql://user:***@host/db: an "@" follows the host; percent-encode special characters in the user name and password',
      ),
    );
    assert.throws(
      () => parseDatabaseUrl("postgresql://user:p@ss:w/rd@host:5432/db", "/cwd"),
      badUrl(
        "",
        "invalid PostgreSQL URL postgresql://user:***@host:5432/db: it is not a well-formed URL (is a character in the password not percent-encoded?)",
      ),
    );
  });

  test("other malformed URLs name what is wrong", () => {
    assert.throws(
      () => parseDatabaseUrl("postgresql://u:s3cret@h/db%zz", "/cwd"),
      badUrl("", 'invalid PostgreSQL URL postgresql://u:***@h/db%zz: the database name has an invalid percent-encoding ("%" must be written %25)'),
    );
    assert.throws(
      () => parseDatabaseUrl("postgresql://u:50%off@h/db", "/cwd"),
      badUrl("", 'invalid PostgreSQL URL postgresql://u:***@h/db: the password has an invalid percent-encoding ("%" must be written %25)'),
    );
    assert.throws(
      () => parseDatabaseUrl("postgresql://u:pw@h:port/db", "/cwd"),
      badUrl("", "invalid PostgreSQL URL postgresql://u:***@h:port/db: the port after the host is not a number"),
    );
    assert.throws(
      () => parseDatabaseUrl("postgresql://h/a/b", "/cwd"),
      badUrl("", 'invalid PostgreSQL URL postgresql://h/a/b: the path "/a/b" names more than one database'),
    );
    assert.throws(() => parseDatabaseUrl("oracle://u:pw@h/db", "/cwd"), badUrl("", 'unsupported database URL scheme "oracle://" in oracle://u:***@h/db'));
    assert.throws(() => parseDatabaseUrl("mysql://u:pw@h:3306", "/cwd"), badUrl("", "invalid MySQL URL mysql://u:***@h:3306: no database is named; add it as the path (mysql://user@host:3306/database)"));
    assert.throws(() => parseDatabaseUrl("mariadb://u:pw/x@h/db", "/cwd"), badUrl("", "invalid MySQL URL mariadb://u:***@h/db: it is not a well-formed URL (is a character in the password not percent-encoded?)"));
    assert.throws(() => parseDatabaseUrl("localhost:5432/db", "/cwd"), badUrl("", '"localhost:5432/db" is not a database URL'));
    assert.throws(() => parseDatabaseUrl("  ", "/cwd"), badUrl("", "the database URL is empty"));
    assert.throws(() => parseDatabaseUrl("pglite://", "/cwd"), badUrl("", "invalid PGlite URL pglite://: no data directory is given"));
    assert.throws(
      () => parseDatabaseUrl("pglite://./db?x=1", "/cwd"),
      badUrl("", "invalid PGlite URL pglite://./db?x=1: query strings and fragments are not supported"),
    );
  });

  test("no error message ever contains the password", () => {
    const hostile = ["postgresql://u:TOPSECRET/x@h/db", "postgresql://u:TOPSECRET@h:nope/db", "postgresql://u:TOPSECRET%zz@h/db", "mysql://u:TOPSECRET@h", "mysql://u:TOPSECRET/x@h/db", "mariadb://u:TOPSECRET%zz@h/db"];
    for (const raw of hostile) {
      try {
        parseDatabaseUrl(raw, "/cwd");
      } catch (error) {
        assert.ok(isRetortError(error));
        assert.doesNotMatch(`${error.message} ${error.hint}`, /TOP ?SECRET/, raw);
        continue;
      }
      assert.fail(`${raw} was accepted`);
    }
  });
});

describe("withDatabase", () => {
  test("keeps the server, credentials and parameters, names the other database, and masks the password", () => {
    const server = parseDatabaseUrl("postgresql://ci:s3cret@db.internal:6543/postgres?sslmode=require&dbname=x", "/");
    assert.equal(server.kind, "postgres");
    if (server.kind !== "postgres") return;
    assert.deepEqual(withDatabase(server, "retort_shadow_7_0a1b2c3d"), {
      kind: "postgres",
      url: "postgresql://ci:s3cret@db.internal:6543/retort_shadow_7_0a1b2c3d?sslmode=require",
      display: "postgresql://ci:***@db.internal:6543/retort_shadow_7_0a1b2c3d?sslmode=require",
    });
  });
});

describe("MySQL and MariaDB URLs", () => {
  test("mysql:// and mariadb:// select the mysql driver; the display masks the password", () => {
    assert.deepEqual(parseDatabaseUrl("mysql://app:s3cret@db.example:3307/shop", "/cwd"), {
      kind: "mysql",
      url: "mysql://app:s3cret@db.example:3307/shop",
      display: "mysql://app:***@db.example:3307/shop",
    });
    assert.deepEqual(parseDatabaseUrl("mariadb://root@127.0.0.1/test", "/cwd"), { kind: "mysql", url: "mariadb://root@127.0.0.1/test", display: "mariadb://root@127.0.0.1/test" });
  });

  test("the driver's parts are decoded: a percent-encoded password, the default port and user", () => {
    assert.deepEqual(describeMysqlUrl("mysql://a%40b:p%3Aw%2F@h/d%20b"), { host: "h", port: "3306", user: "a@b", password: "p:w/", database: "d b" });
    assert.deepEqual(describeMysqlUrl("mysql://127.0.0.1/app"), { host: "127.0.0.1", port: "3306", user: "root", password: "", database: "app" });
  });
});
