// Config `schemas` on MySQL/MariaDB, where a schema is a database: introspection reads the
// databases named there (tables outside the connection's own carry theirs as schema, a
// reference across them too), tables of the same name in two databases stay apart, the
// version table is left out only in its own database, and autogenerate from such models
// creates the missing database first and then finds nothing left to do.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { compareWithDatabase } from "../../../src/autogen/compare-database.js";
import { createDialect, type Dialect } from "../../../src/dialects/index.js";
import type { Connection } from "../../../src/drivers/types.js";
import type { Op } from "../../../src/ops/types.js";
import { integer, serial, table, text } from "../../../src/schema/index.js";
import { buildSchema } from "../../../src/schema/build.js";
import type { Schema } from "../../../src/schema/types.js";
import { describeOnMysql, mysqlClient, type MysqlDatabase } from "../../support/mysql.js";

const VERSION = { name: "alembic_version" };

describeOnMysql("schemas", "config schemas on MySQL/MariaDB: one database each", (database) => {
  let db: MysqlDatabase;
  let reports: string;
  let dialect: Dialect;
  let connection: Connection;
  before(async () => {
    db = database();
    reports = `${db.name}_reports`;
    dialect = createDialect(db.url);
    connection = await dialect.driver.connect();
  });
  after(async () => {
    await connection.close();
    const admin = await mysqlClient();
    await admin.query(`DROP DATABASE IF EXISTS \`${reports}\``);
    await admin.end();
  });

  const introspect = (schemas?: readonly string[]): Promise<Schema> =>
    dialect.introspector.introspect(connection, { versionTable: VERSION, ...(schemas === undefined ? {} : { schemas }) });
  const apply = async (ops: readonly Op[]): Promise<void> => {
    for (const op of ops) for (const statement of dialect.compiler.compile(op)) await connection.query(statement.sql, statement.params);
  };
  const autogenerate = async (models: Schema, schemas: readonly string[]): Promise<readonly Op[]> => {
    const normaliser = {
      normalise: (m: Schema, keys: readonly string[]) => dialect.introspector.normalise(connection, m, keys),
      normaliseObjects: (m: Schema, d: Schema) => dialect.introspector.normaliseObjects(connection, m, d),
    };
    return (await compareWithDatabase(await introspect(schemas), models, normaliser)).ops;
  };

  const models = (): Schema => {
    const users = table("users", { id: serial().primaryKey(), name: text().notNull() });
    const events = table(
      "events",
      { id: serial().primaryKey(), user_id: integer().notNull().references(() => users.id) },
      { schema: reports },
    );
    // The same name in the other database: a table of its own.
    const reportUsers = table("users", { id: integer().primaryKey() }, { schema: reports });
    return buildSchema([users, events, reportUsers]);
  };

  test("autogenerate creates the missing database first, then its tables; afterwards nothing is left to do", async () => {
    const schemas = [db.name, reports];
    const ops = await autogenerate(models(), schemas);
    assert.deepEqual(
      ops.map((op) => (op.kind === "createTable" ? `createTable ${op.table.schema ?? "-"}.${op.table.name}` : `${op.kind} ${"name" in op ? String(op.name) : ""}`)),
      ["createSchema " + reports, "createTable -.users", `createTable ${reports}.events`, `createTable ${reports}.users`],
    );
    await apply(ops);
    assert.deepEqual(await autogenerate(models(), schemas), []);
  });

  test("introspection names each table's database unless it is the connection's own, and the reference across them", async () => {
    await connection.exec(`CREATE TABLE \`${reports}\`.alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY)`);
    const live = await introspect([db.name, reports]);
    assert.deepEqual(live.schemas, [db.name, reports].sort());
    assert.deepEqual(
      live.tables.map((t) => `${t.schema ?? "-"}.${t.name}`),
      ["-.users", `${reports}.alembic_version`, `${reports}.events`, `${reports}.users`],
    );
    const events = live.tables.find((t) => t.name === "events");
    assert.deepEqual(events?.foreignKeys.map((fk) => fk.references), [{ table: "users", columns: ["id"] }]);
    // Without `schemas`, only the connection's own database, as before.
    assert.deepEqual((await introspect()).tables.map((t) => `${t.schema ?? "-"}.${t.name}`), ["-.users"]);
  });
});
