// The MySQL/MariaDB compiler: the exact text of each statement, types mapped kind by kind,
// and every operation MySQL cannot express refused with UNSUPPORTED_OPERATION naming the
// operation and the dialect. No database: the compiler never touches a connection.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createDialect } from "../../../src/dialects/index.js";
import { RetortError } from "../../../src/errors.js";
import type { Op, Statement } from "../../../src/ops/types.js";
import type { Column, ColumnType } from "../../../src/schema/types.js";

const dialect = () => createDialect("mysql://root@127.0.0.1:3306/app");

const sqlOf = (ops: readonly Op[], notices: string[] = []): string[] => {
  const compiler = dialect().compiler;
  return ops.flatMap((op) => compiler.compile(op, (m) => notices.push(m))).map((s: Statement) => s.sql);
};

const refused = (op: Op, message: string, hint?: string): void => {
  assert.throws(
    () => dialect().compiler.compile(op),
    (error: unknown) => {
      assert.ok(error instanceof RetortError);
      assert.equal(error.code, "UNSUPPORTED_OPERATION");
      assert.equal(error.message, message);
      if (hint !== undefined) assert.equal(error.hint, hint);
      assert.equal(error.details?.dialect, "mysql");
      return true;
    },
  );
};

const column = (name: string, type: ColumnType, extra: Partial<Column> = {}): Column => ({ name, type, nullable: true, ...extra });

const table = (columns: Column[]): Op => ({ kind: "createTable", table: { name: "t", columns, uniques: [], checks: [], foreignKeys: [] } });

describe("types", () => {
  test("each model kind becomes the MySQL type that keeps its values", () => {
    const kinds: [ColumnType, string][] = [
      [{ kind: "smallint" }, "SMALLINT"],
      [{ kind: "integer" }, "INT"],
      [{ kind: "bigint" }, "BIGINT"],
      [{ kind: "numeric" }, "DECIMAL(65,30)"],
      [{ kind: "numeric", precision: 10, scale: 2 }, "DECIMAL(10,2)"],
      [{ kind: "real" }, "FLOAT"],
      [{ kind: "double" }, "DOUBLE"],
      [{ kind: "boolean" }, "BOOLEAN"],
      [{ kind: "text" }, "LONGTEXT"],
      [{ kind: "varchar", length: 80 }, "VARCHAR(80)"],
      [{ kind: "char" }, "CHAR(1)"],
      [{ kind: "uuid" }, "CHAR(36)"],
      [{ kind: "date" }, "DATE"],
      [{ kind: "time", withTimezone: false }, "TIME(6)"],
      [{ kind: "timestamp", withTimezone: false, precision: 3 }, "DATETIME(3)"],
      [{ kind: "timestamp", withTimezone: true }, "TIMESTAMP(6)"],
      [{ kind: "json" }, "JSON"],
      [{ kind: "jsonb" }, "JSON"],
      [{ kind: "bytea" }, "LONGBLOB"],
      [{ kind: "custom", sql: "MEDIUMTEXT" }, "MEDIUMTEXT"],
    ];
    const [create] = sqlOf([table(kinds.map(([type], i) => column(`c${i}`, type)))]);
    assert.equal(create, `CREATE TABLE \`t\` (\n  ${kinds.map(([, sql], i) => `\`c${i}\` ${sql} NULL`).join(",\n  ")}\n)`);
  });

  test("serial and identity columns are AUTO_INCREMENT, keyed; a start becomes the table option", () => {
    const op: Op = {
      kind: "createTable",
      table: {
        name: "t",
        columns: [column("id", { kind: "bigint" }, { nullable: false, identity: { always: false, start: 100 } }), column("n", { kind: "serial" })],
        primaryKey: { name: "t_pkey", columns: ["id"] },
        uniques: [],
        checks: [],
        foreignKeys: [],
        comment: "it's",
      },
    };
    assert.deepEqual(sqlOf([op]), [
      "CREATE TABLE `t` (\n  `id` BIGINT NOT NULL AUTO_INCREMENT,\n  `n` INT NOT NULL AUTO_INCREMENT,\n  CONSTRAINT `t_pkey` PRIMARY KEY (`id`),\n  UNIQUE KEY `t_n_key` (`n`)\n) AUTO_INCREMENT=100 COMMENT='it''s'",
    ]);
  });

  test("defaults: literals escaped, booleans as 1/0, now() as CURRENT_TIMESTAMP(6), other expressions in parentheses; comments inline", () => {
    const [create] = sqlOf([
      table([
        column("a", { kind: "text" }, { default: { kind: "literal", value: "it's \\ here" } }),
        column("b", { kind: "boolean" }, { nullable: false, default: { kind: "literal", value: true } }),
        column("c", { kind: "timestamp", withTimezone: true }, { default: { kind: "sql", sql: "now()" } }),
        column("d", { kind: "integer" }, { default: { kind: "sql", sql: "1 + 1" }, comment: "two" }),
      ]),
    ]);
    assert.equal(
      create,
      "CREATE TABLE `t` (\n  `a` LONGTEXT NULL DEFAULT 'it''s \\\\ here',\n  `b` BOOLEAN NOT NULL DEFAULT 1,\n  `c` TIMESTAMP(6) NULL DEFAULT CURRENT_TIMESTAMP(6),\n  `d` INT NULL DEFAULT (1 + 1) COMMENT 'two'\n)",
    );
  });

  test("a named enum is written into each column that uses it", () => {
    assert.deepEqual(
      sqlOf([
        { kind: "createEnum", enum: { name: "mood", values: ["sad", "o'k"] } },
        { kind: "addColumn", table: "t", column: column("m", { kind: "enum", name: "mood" }) },
      ]),
      ["ALTER TABLE `t` ADD COLUMN `m` ENUM('sad', 'o''k') NULL"],
    );
  });
});

describe("refusals", () => {
  test("arrays, intervals, a varchar without length and an unknown enum say what to do instead", () => {
    for (const [type, message, hint] of [
      [{ kind: "array", element: { kind: "text" } }, 'MySQL/MariaDB has no array types (column "x")', "Store the list as JSON (a json column), or in a table of its own."],
      [{ kind: "interval" }, 'MySQL/MariaDB has no interval type (column "x")', "Store the length as a number of seconds (bigint), or as text."],
      [{ kind: "varchar" }, 'MySQL/MariaDB has no VARCHAR without a length (column "x")', "Give the length (varchar(255)), or use text (LONGTEXT)."],
      [{ kind: "enum", name: "mood" }, 'MySQL/MariaDB has no named enum types: the values of enum "mood" (column "x") are not known here', undefined],
    ] as [ColumnType, string, string | undefined][]) {
      assert.throws(
        () => dialect().compiler.compile(table([column("x", type)])),
        (error: unknown) => error instanceof RetortError && error.code === "UNSUPPORTED_OPERATION" && error.message === message && (hint === undefined || error.hint === hint),
      );
    }
  });

  test("partial, expression and INCLUDE indexes, operator classes, non-btree methods", () => {
    const index = (extra: object) => ({ kind: "createIndex", table: "t", index: { name: "ix", unique: false, elements: [{ kind: "column", name: "a" }], ...extra } }) as Op;
    refused(index({ where: "a > 0" }), 'createIndex cannot run on MySQL/MariaDB: index "ix" is partial (WHERE a > 0), and MySQL has no partial indexes');
    refused(index({ elements: [{ kind: "expression", sql: "lower(a)" }] }), 'createIndex cannot run on MySQL/MariaDB: index "ix" has an expression element, which MariaDB cannot index');
    refused(index({ include: ["b"] }), 'createIndex cannot run on MySQL/MariaDB: index "ix" has INCLUDE columns');
    refused(index({ method: "gin" }), 'createIndex cannot run on MySQL/MariaDB: index "ix" uses the gin method', "Use btree (the default) or hash.");
    refused(index({ elements: [{ kind: "column", name: "a", opclass: "text_pattern_ops" }] }), 'createIndex cannot run on MySQL/MariaDB: index "ix" names an operator class (text_pattern_ops)');
  });

  test("deferrable and NOT VALID constraints, PostgreSQL-only objects", () => {
    refused(
      { kind: "createForeignKey", table: "t", foreignKey: { name: "fk", columns: ["a"], references: { table: "u", columns: ["id"] }, deferrable: true } },
      'createForeignKey cannot run on MySQL/MariaDB: constraint "fk" is DEFERRABLE, and MySQL checks every constraint at once',
    );
    refused(
      { kind: "createCheckConstraint", table: "t", check: { name: "ck", expression: "a > 0" }, validate: "never" },
      'createCheckConstraint cannot run on MySQL/MariaDB: MySQL checks a constraint\'s existing rows when it is added (NOT VALID does not exist) ("ck")',
    );
    refused({ kind: "createExtension", extension: { name: "pgcrypto" } }, "createExtension cannot run on MySQL/MariaDB: MySQL/MariaDB has no such object (it is a PostgreSQL feature)");
    refused({ kind: "setRowLevelSecurity", table: "t", enabled: true }, "setRowLevelSecurity cannot run on MySQL/MariaDB: MySQL/MariaDB has no such object (it is a PostgreSQL feature)");
    refused({ kind: "createView", view: { name: "v", query: "SELECT 1", materialized: true } }, 'createView cannot run on MySQL/MariaDB: view "v" is materialized, and MySQL has no materialized views');
    refused({ kind: "renameEnumValue", name: "mood", from: "a", to: "b" }, 'renameEnumValue cannot run on MySQL/MariaDB: MySQL cannot rename an enum value in place ("a" of "mood")');
    refused({ kind: "dropIndex", name: "ix" }, 'dropIndex cannot run on MySQL/MariaDB: MySQL drops an index by its table, and the operation does not say which table index "ix" is on');
  });
});

describe("statements", () => {
  test("a default alone is ALTER COLUMN; a type, nullability or comment change restates the column from information_schema", () => {
    assert.deepEqual(sqlOf([{ kind: "alterColumn", table: "t", column: "a", default: { kind: "literal", value: 5 } }]), ["ALTER TABLE `t` ALTER COLUMN `a` SET DEFAULT 5"]);
    assert.deepEqual(sqlOf([{ kind: "alterColumn", table: "t", column: "a", default: null, newName: "b" }]), [
      "ALTER TABLE `t` ALTER COLUMN `a` DROP DEFAULT",
      "ALTER TABLE `t` RENAME COLUMN `a` TO `b`",
    ]);
    assert.deepEqual(sqlOf([{ kind: "alterColumn", table: "t", column: "a", nullable: false }]), [
      "SET @retort_ddl = NULL;\n" +
        "SELECT CONCAT('ALTER TABLE `t` MODIFY COLUMN `a` ', COLUMN_TYPE, IF(COLLATION_NAME IS NULL, '', CONCAT(' COLLATE ', COLLATION_NAME)), ' NOT NULL', " +
        "IF(EXTRA LIKE '%auto_increment%', ' AUTO_INCREMENT', ''), IF(COLUMN_DEFAULT IS NULL OR (COLUMN_DEFAULT = 'NULL' AND IS_NULLABLE = 'YES'), '', CONCAT(' DEFAULT ', COLUMN_DEFAULT)), " +
        "IF(COLUMN_COMMENT = '', '', CONCAT(' COMMENT ', QUOTE(COLUMN_COMMENT)))) INTO @retort_ddl FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND COLUMN_NAME = 'a';\n" +
        "PREPARE retort_ddl FROM @retort_ddl;\nEXECUTE retort_ddl;\nDEALLOCATE PREPARE retort_ddl",
    ]);
    const comment = sqlOf([{ kind: "setColumnComment", table: "t", column: "a", comment: "it's" }])[0] as string;
    assert.ok(comment.includes("COLUMN_TYPE, IF(COLLATION_NAME IS NULL, '', CONCAT(' COLLATE ', COLLATION_NAME)), IF(IS_NULLABLE = 'NO', ' NOT NULL', ' NULL')"), comment);
    assert.ok(comment.includes(", ' COMMENT ''it''''s''') INTO @retort_ddl"), comment);
  });

  test("constraints are dropped by their kind; indexes by their table", () => {
    const drop = (type: "primaryKey" | "foreignKey" | "unique" | "check" | undefined): Op => ({ kind: "dropConstraint", table: "t", name: "c", ...(type === undefined ? {} : { type }) });
    assert.deepEqual(sqlOf([drop("primaryKey"), drop("foreignKey"), drop("unique"), drop("check"), drop(undefined)]), [
      "ALTER TABLE `t` DROP PRIMARY KEY",
      "ALTER TABLE `t` DROP FOREIGN KEY `c`, DROP INDEX IF EXISTS `c`",
      "ALTER TABLE `t` DROP INDEX `c`",
      "ALTER TABLE `t` DROP CONSTRAINT `c`",
      "ALTER TABLE `t` DROP CONSTRAINT `c`",
    ]);
    assert.deepEqual(
      sqlOf([{ kind: "dropIndex", name: "ix", previous: { table: "t", index: { name: "ix", unique: false, elements: [{ kind: "column", name: "a" }] } } }]),
      ["DROP INDEX `ix` ON `t`"],
    );
  });

  test("CONCURRENTLY is dropped with a notice: InnoDB builds indexes online", () => {
    const notices: string[] = [];
    assert.deepEqual(
      sqlOf([{ kind: "createIndex", table: "t", concurrently: true, index: { name: "ix", unique: true, elements: [{ kind: "column", name: "a", order: "desc" }] } }], notices),
      ["CREATE UNIQUE INDEX `ix` ON `t` (`a` DESC)"],
    );
    assert.deepEqual(notices, ['MySQL/MariaDB has no CREATE INDEX CONCURRENTLY; InnoDB builds index "ix" online with a plain CREATE INDEX']);
  });

  test("bulkInsert binds ? parameters (booleans 1/0, Dates as UTC text, objects as JSON); inline writes them as literals", () => {
    const compiler = dialect().compiler;
    const [insert] = compiler.compile({ kind: "bulkInsert", table: "t", rows: [{ a: true, b: new Date("2026-01-02T03:04:05.678Z"), c: { k: ["v"] } }, { a: false, c: null }] });
    assert.deepEqual(insert, {
      sql: "INSERT INTO `t` (`a`, `b`, `c`) VALUES (?, ?, ?), (?, DEFAULT, ?)",
      params: [1, "2026-01-02 03:04:05.678", '{"k":["v"]}', 0, null],
    });
    assert.equal(compiler.inline(insert as Statement), "INSERT INTO `t` (`a`, `b`, `c`) VALUES (1, '2026-01-02 03:04:05.678', '{\"k\":[\"v\"]}'), (0, DEFAULT, NULL)");
    assert.equal(compiler.inline({ sql: "SELECT '?', `?`, ? -- ?\n", params: ["x"] }), "SELECT '?', `?`, 'x' -- ?\n");
  });

  test("identifiers: backticks doubled, more than 64 characters refused", () => {
    assert.deepEqual(sqlOf([{ kind: "renameTable", table: "a`b", newName: "c" }]), ["RENAME TABLE `a``b` TO `c`"]);
    assert.throws(() => sqlOf([{ kind: "dropTable", table: "x".repeat(65) }]), /longer than 64 characters/);
  });

  test("the version table is Alembic's; the run lock is GET_LOCK named by database and table", () => {
    const compiler = dialect().compiler;
    const version = compiler.versionTable({ table: "alembic_version" });
    assert.equal(version.create().sql, "CREATE TABLE IF NOT EXISTS `alembic_version` (`version_num` VARCHAR(32) NOT NULL, CONSTRAINT `alembic_version_pkc` PRIMARY KEY (`version_num`))");
    assert.equal(version.change({ kind: "update", from: "a", to: "b" }).sql, "UPDATE `alembic_version` SET `version_num` = 'b' WHERE `version_num` = 'a'");
    const lock = compiler.lock({ table: "alembic_version" });
    assert.deepEqual(lock.tryAcquire(), { sql: "SELECT GET_LOCK(CONCAT('retort:', SHA1(CONCAT(COALESCE(?, DATABASE()), '.', ?))), 0) AS acquired", params: [null, "alembic_version"] });
    assert.deepEqual(lock.acquire(2500).params, [null, "alembic_version", 3]);
  });
});

describe("references across databases (config schemas)", () => {
  test("a table in another database referencing one of the connection's own names DATABASE(), read when it runs", () => {
    assert.deepEqual(
      sqlOf([{ kind: "createForeignKey", table: "events", schema: "reports", foreignKey: { name: "fk_user", columns: ["user_id"], references: { table: "users", columns: ["id"] } } }]),
      [
        "SET @retort_ddl = CONCAT('ALTER TABLE `reports`.`events` ADD KEY `fk_user` (`user_id`), ADD CONSTRAINT `fk_user` FOREIGN KEY (`user_id`) REFERENCES ', " +
          "CONCAT('`', REPLACE(DATABASE(), '`', '``'), '`'), '.`users` (`id`)');\n" +
          "PREPARE retort_ddl FROM @retort_ddl;\nEXECUTE retort_ddl;\nDEALLOCATE PREPARE retort_ddl",
      ],
    );
  });

  test("a reference that names its database, or a table in the connection's own, is written as it is", () => {
    assert.deepEqual(
      sqlOf([
        { kind: "createForeignKey", table: "events", schema: "reports", foreignKey: { name: "fk_a", columns: ["a"], references: { schema: "app", table: "users", columns: ["id"] } } },
        { kind: "createForeignKey", table: "events", foreignKey: { name: "fk_b", columns: ["b"], references: { table: "users", columns: ["id"] } } },
      ]),
      [
        "ALTER TABLE `reports`.`events` ADD KEY `fk_a` (`a`), ADD CONSTRAINT `fk_a` FOREIGN KEY (`a`) REFERENCES `app`.`users` (`id`)",
        "ALTER TABLE `events` ADD KEY `fk_b` (`b`), ADD CONSTRAINT `fk_b` FOREIGN KEY (`b`) REFERENCES `users` (`id`)",
      ],
    );
  });
});
