// createDialect: the URL picks the dialect and its capabilities; nothing connects until
// the driver is asked to.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createDialect } from "../../src/dialects/index.js";
import { RetortError } from "../../src/errors.js";

test("a PostgreSQL URL: the postgres dialect with a server's capabilities", () => {
  const dialect = createDialect("postgresql://nobody:pw@127.0.0.1:1/none");
  assert.equal(dialect.name, "postgres");
  assert.equal(dialect.driver.kind, "postgres");
  assert.deepEqual(dialect.capabilities, { advisoryLocks: true, concurrentIndexes: true, enumAddValueInTransaction: true, transactionalDdl: true });
});

test("a PGlite URL: the same SQL, without blocking advisory locks or CONCURRENTLY", () => {
  const dialect = createDialect("pglite://memory");
  assert.equal(dialect.name, "postgres");
  assert.equal(dialect.driver.kind, "pglite");
  assert.deepEqual(dialect.capabilities, { advisoryLocks: false, concurrentIndexes: false, enumAddValueInTransaction: true, transactionalDdl: true });
  const notices: string[] = [];
  const statements = dialect.compiler.compile(
    { kind: "createIndex", table: "users", index: { name: "ix_users_email", elements: [{ kind: "column", name: "email" }], unique: false }, concurrently: true },
    (m) => notices.push(m),
  );
  assert.deepEqual(statements, [{ sql: 'CREATE INDEX "ix_users_email" ON "users" ("email")', params: [] }]);
  assert.deepEqual(notices, ["PGlite does not support CREATE INDEX CONCURRENTLY; running a plain CREATE INDEX instead"]);
});

test("offline, a PGlite URL gets a server's capabilities: a script is run by a server's client", () => {
  assert.deepEqual(createDialect("pglite://memory", { offline: true }).capabilities, { advisoryLocks: true, concurrentIndexes: true, enumAddValueInTransaction: true, transactionalDdl: true });
});

test("connected, the dialect reads the server's version once: PostgreSQL 12+ and PGlite add enum values inside a transaction", async () => {
  const lite = createDialect("pglite://memory");
  const connection = await lite.driver.connect();
  try {
    const refined = await lite.forConnection(connection);
    assert.equal(refined.capabilities.enumAddValueInTransaction, true);
    assert.equal(refined.capabilities.concurrentIndexes, false);
  } finally {
    await connection.close();
  }
});

test("tablesWithRows names the tables that hold a row, with one query", async () => {
  const lite = createDialect("pglite://memory");
  const connection = await lite.driver.connect();
  try {
    await connection.exec('CREATE TABLE "Full" (a int); CREATE TABLE empty (a int); INSERT INTO "Full" VALUES (1);');
    assert.deepEqual(await lite.introspector.tablesWithRows(connection, [{ name: "Full" }, { name: "empty" }]), new Set(["Full"]));
    assert.deepEqual(await lite.introspector.tablesWithRows(connection, []), new Set());
  } finally {
    await connection.close();
  }
});

test("an unsupported URL is a BAD_URL error naming the scheme", () => {
  assert.throws(() => createDialect("oracle://root@localhost/app"), (error: unknown) => {
    assert.ok(error instanceof RetortError);
    assert.equal(error.code, "BAD_URL");
    assert.equal(error.message, 'unsupported database URL scheme "oracle://" in oracle://root@localhost/app');
    return true;
  });
});

test("a MySQL or MariaDB URL: the mysql dialect, whose DDL is not transactional", () => {
  for (const url of ["mysql://root@127.0.0.1:1/none", "mariadb://root@127.0.0.1:1/none"]) {
    const dialect = createDialect(url);
    assert.equal(dialect.name, "mysql");
    assert.equal(dialect.driver.kind, "mysql");
    assert.deepEqual(dialect.capabilities, { advisoryLocks: true, concurrentIndexes: false, enumAddValueInTransaction: false, transactionalDdl: false });
  }
});
