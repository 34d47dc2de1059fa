import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { connect } from "../../src/drivers/connect.js";
import type { Connection } from "../../src/drivers/types.js";
import { parseDatabaseUrl } from "../../src/drivers/url.js";
import { isRetortError } from "../../src/errors.js";
import { describeOnPostgres, postgresSkip, type TempDatabase } from "../support/postgres.js";

describeOnPostgres("drivers", (_client, suite) => {
  let db: TempDatabase | undefined;
  let connection: Connection | undefined;
  before(async () => {
    db = suite.database();
    connection = await connect(parseDatabaseUrl(db.url, "/"), { applicationName: "retort-driver-test" });
  });
  after(async () => {
    await connection?.close();
  });

  test("runs multi-statement SQL, binds parameters and reports row counts", async () => {
    const c = connection!;
    assert.equal(c.kind, "postgres");
    await c.exec("create table t (id int primary key, name text); insert into t values (1, 'a'), (2, 'b');");
    assert.deepEqual(await c.query("select id, name from t where id >= $1 order by id", [1]), {
      rows: [
        { id: 1, name: "a" },
        { id: 2, name: "b" },
      ],
      rowCount: 2,
    });
    assert.deepEqual(await c.query("update t set name = $1 where id = $2", ["z", 2]), { rows: [], rowCount: 1 });
    assert.deepEqual((await c.query("select current_setting('application_name') as name")).rows, [{ name: "retort-driver-test" }]);
  });

  test("a database error keeps pg's message, SQLSTATE code and position", async () => {
    await assert.rejects(connection!.exec("create table u (a int); select nope from u;"), (error: Error & { code?: string; position?: string }) => {
      assert.equal(isRetortError(error), false);
      assert.equal(error.message, 'column "nope" does not exist');
      assert.equal(error.code, "42703");
      assert.equal(error.position, "32");
      return true;
    });
  });
}, { title: "PostgreSQL connection" });

describe("PostgreSQL connection failures", async () => {
  test("an unreachable server is CONNECTION_FAILED naming host:port and database, never the password", async () => {
    // Port 1 on the loopback interface: nothing listens there, so the refusal is immediate.
    const target = parseDatabaseUrl("postgresql://app:Sup3r%40Secret@127.0.0.1:1/chatbot_db", "/");
    await assert.rejects(connect(target), (error: unknown) => {
      assert.ok(isRetortError(error));
      assert.equal(error.code, "CONNECTION_FAILED");
      assert.equal(error.kind, "failure");
      assert.equal(error.message, "could not connect to PostgreSQL at 127.0.0.1:1 (database chatbot_db): connect ECONNREFUSED 127.0.0.1:1");
      assert.equal(
        error.hint,
        "check that the server is running and reachable, and that DATABASE_URL (or --url, or url in retort.config.ts) names the right host, port, database and credentials",
      );
      assert.deepEqual(error.details, { host: "127.0.0.1", port: "1", database: "chatbot_db" });
      assert.doesNotMatch(JSON.stringify({ m: error.message, h: error.hint, d: error.details }), /Sup3r|Secret/);
      return true;
    });
  });

  test("a missing database is reported with the server's reason", { skip: await postgresSkip() }, async () => {
    const url = new URL("postgresql://root:pw@127.0.0.1:5432/retort_no_such_database_h3");
    const server = new URL(process.env.RETORT_TEST_PG_URL ?? "postgresql://root@127.0.0.1:5432/postgres");
    url.host = server.host;
    url.username = server.username;
    await assert.rejects(connect(parseDatabaseUrl(url.toString(), "/")), {
      code: "CONNECTION_FAILED",
      message: `could not connect to PostgreSQL at ${server.hostname}:${server.port || "5432"} (database retort_no_such_database_h3): database "retort_no_such_database_h3" does not exist`,
    });
  });
});
