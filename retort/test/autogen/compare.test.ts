import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { compareSchemas } from "../../src/autogen/compare.js";
import { reverseOp } from "../../src/ops/reverse.js";
import type { Op } from "../../src/ops/types.js";
import type { Column, EnumType, Schema, Table } from "../../src/schema/types.js";

const int = (name: string, extra: Partial<Column> = {}): Column => ({ name, type: { kind: "integer" }, nullable: false, ...extra });
const txt = (name: string, extra: Partial<Column> = {}): Column => ({ name, type: { kind: "text" }, nullable: true, ...extra });
const tbl = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({
  name,
  columns,
  primaryKey: { name: `${name}_pkey`, columns: [columns[0]?.name ?? "id"] },
  uniques: [],
  checks: [],
  foreignKeys: [],
  indexes: [],
  ...extra,
});
const schema = (tables: Table[], enums: EnumType[] = []): Schema => ({ tables, enums });
const { indexes: _i, ...usersDefinition } = tbl("users", [int("id"), txt("email")]);
const users = tbl("users", [int("id"), txt("email")]);
const fkToUsers = { name: "posts_user_fk", columns: ["user_id"], references: { table: "users", columns: ["id"] }, onDelete: "cascade" as const };

describe("compareSchemas: one change of each kind", () => {
  test("identical schemas need nothing", () => {
    assert.deepEqual(compareSchemas(schema([users]), schema([users])), { ops: [], ambiguities: [], warnings: [] });
  });

  test("a new table is created with its constraints, then its indexes", () => {
    const withIndex = { ...users, indexes: [{ name: "users_email_idx", elements: [{ kind: "column" as const, name: "email" }], unique: false }] };
    assert.deepEqual(compareSchemas(schema([]), schema([withIndex])).ops, [
      { kind: "createTable", table: usersDefinition },
      { kind: "createIndex", table: "users", index: withIndex.indexes[0] },
    ]);
  });

  test("a removed table drops its indexes first and carries its definition", () => {
    const withIndex = { ...users, indexes: [{ name: "users_email_idx", elements: [{ kind: "column" as const, name: "email" }], unique: false }] };
    assert.deepEqual(compareSchemas(schema([withIndex]), schema([])).ops, [
      { kind: "dropIndex", name: "users_email_idx", previous: { table: "users", index: withIndex.indexes[0] } },
      { kind: "dropTable", table: "users", previous: usersDefinition },
    ]);
  });

  test("referenced tables are created first and dropped last", () => {
    const posts = tbl("posts", [int("id"), int("user_id")], { foreignKeys: [fkToUsers] });
    const up = compareSchemas(schema([]), schema([posts, users])).ops;
    assert.deepEqual(up.map((op) => (op.kind === "createTable" ? op.table.name : op.kind)), ["users", "posts"]);
    const down = compareSchemas(schema([posts, users]), schema([])).ops;
    assert.deepEqual(down.map((op) => (op.kind === "dropTable" ? op.table : op.kind)), ["posts", "users"]);
  });

  test("foreign keys that form a cycle between new tables are added after both exist", () => {
    const aToB = { name: "a_b_fk", columns: ["b_id"], references: { table: "b", columns: ["id"] } };
    const bToA = { name: "b_a_fk", columns: ["a_id"], references: { table: "a", columns: ["id"] } };
    const a = tbl("a", [int("id"), int("b_id")], { foreignKeys: [aToB] });
    const b = tbl("b", [int("id"), int("a_id")], { foreignKeys: [bToA] });
    const ops = compareSchemas(schema([]), schema([a, b])).ops;
    assert.deepEqual(
      ops.map((op) => op.kind + (op.kind === "createTable" ? `:${op.table.name}:${op.table.foreignKeys.length}` : op.kind === "createForeignKey" ? `:${op.foreignKey.name}` : "")),
      ["createTable:b:0", "createTable:a:1", "createForeignKey:b_a_fk"],
    );
    const drop = compareSchemas(schema([a, b]), schema([])).ops;
    assert.deepEqual(
      drop.map((op) => op.kind + (op.kind === "dropTable" ? `:${op.table}:${op.previous?.foreignKeys.length}` : op.kind === "dropConstraint" ? `:${op.name}` : "")),
      ["dropConstraint:b_a_fk", "dropTable:a:1", "dropTable:b:0"],
    );
  });

  test("a new column is added and a removed one dropped with its definition", () => {
    const before = tbl("users", [int("id"), txt("nickname", { type: { kind: "varchar", length: 20 } })]);
    const after = tbl("users", [int("id"), int("age", { nullable: true })]);
    assert.deepEqual(compareSchemas(schema([before]), schema([after]), { renames: { rename: [], noRename: ["users.nickname:users.age"] } }).ops, [
      { kind: "dropColumn", table: "users", column: "nickname", previous: before.columns[1] },
      { kind: "addColumn", table: "users", column: after.columns[1] },
    ]);
  });

  test("type (with length), nullability and default changes become one alterColumn with previous values", () => {
    const before = tbl("users", [int("id"), txt("email", { type: { kind: "varchar", length: 100 } })]);
    const after = tbl("users", [int("id"), txt("email", { type: { kind: "varchar", length: 255 }, nullable: false, default: { kind: "literal", value: "" } })]);
    assert.deepEqual(compareSchemas(schema([before]), schema([after])).ops, [
      {
        kind: "alterColumn",
        table: "users",
        column: "email",
        type: { to: { kind: "varchar", length: 255 } },
        nullable: false,
        default: { kind: "literal", value: "" },
        previous: { type: { kind: "varchar", length: 100 }, nullable: true, default: null },
      },
    ]);
  });

  test("a change between type kinds casts explicitly and carries the default both ways, so its inverse works too", () => {
    const before = tbl("scores", [int("id"), txt("score", { default: { kind: "literal", value: "5" } })]);
    const after = tbl("scores", [int("id"), int("score", { nullable: true, default: { kind: "literal", value: 5 } })]);
    const [op] = compareSchemas(schema([before]), schema([after])).ops;
    assert.deepEqual(op, {
      kind: "alterColumn",
      table: "scores",
      column: "score",
      type: { to: { kind: "integer" }, explicitCast: true },
      default: { kind: "literal", value: 5 },
      previous: { type: { kind: "text" }, default: { kind: "literal", value: "5" } },
    });
    assert.deepEqual(reverseOp(op as Op), {
      kind: "alterColumn",
      table: "scores",
      column: "score",
      type: { to: { kind: "text" }, explicitCast: true },
      default: { kind: "literal", value: "5" },
      previous: { type: { kind: "integer" }, default: { kind: "literal", value: 5 } },
    });
  });

  test("a NOT NULL column without a default on a table with rows is added nullable, then set NOT NULL", () => {
    const before = tbl("users", [int("id")]);
    const after = tbl("users", [int("id"), txt("email", { nullable: false })]);
    assert.deepEqual(compareSchemas(schema([before]), schema([after]), { tablesWithRows: new Set(["users"]) }).ops, [
      { kind: "addColumn", table: "users", column: { name: "email", type: { kind: "text" }, nullable: true } },
      { kind: "alterColumn", table: "users", column: "email", nullable: false, previous: { nullable: true } },
    ]);
    // An empty table takes it as it is.
    assert.deepEqual(compareSchemas(schema([before]), schema([after])).ops, [
      { kind: "addColumn", table: "users", column: { name: "email", type: { kind: "text" }, nullable: false } },
    ]);
  });

  test("numeric precision and scale are compared, numeric(p) equals numeric(p, 0), char equals char(1)", () => {
    const a = tbl("m", [int("id"), txt("v", { type: { kind: "numeric", precision: 10 } }), txt("c", { type: { kind: "char" } })]);
    const b = tbl("m", [int("id"), txt("v", { type: { kind: "numeric", precision: 10, scale: 0 } }), txt("c", { type: { kind: "char", length: 1 } })]);
    assert.deepEqual(compareSchemas(schema([a]), schema([b])).ops, []);
    const c = tbl("m", [int("id"), txt("v", { type: { kind: "numeric", precision: 12, scale: 2 } }), txt("c", { type: { kind: "char", length: 1 } })]);
    assert.deepEqual(compareSchemas(schema([a]), schema([c])).ops, [
      { kind: "alterColumn", table: "m", column: "v", type: { to: { kind: "numeric", precision: 12, scale: 2 } }, previous: { type: { kind: "numeric", precision: 10 } } },
    ]);
  });

  test("a changed primary key is dropped and created", () => {
    const before = tbl("users", [int("id"), int("org")]);
    const after = { ...before, primaryKey: { name: "users_pkey", columns: ["org", "id"] } };
    assert.deepEqual(compareSchemas(schema([before]), schema([after])).ops, [
      { kind: "dropConstraint", table: "users", name: "users_pkey", type: "primaryKey", previous: { type: "primaryKey", constraint: before.primaryKey } },
      { kind: "createPrimaryKey", table: "users", primaryKey: after.primaryKey },
    ]);
  });

  test("unique constraints added and removed", () => {
    const before = { ...users, uniques: [{ name: "users_old_key", columns: ["id", "email"] }] };
    const after = { ...users, uniques: [{ name: "users_email_key", columns: ["email"], deferrable: true }] };
    assert.deepEqual(compareSchemas(schema([before]), schema([after])).ops, [
      { kind: "dropConstraint", table: "users", name: "users_old_key", type: "unique", previous: { type: "unique", constraint: before.uniques[0] } },
      { kind: "createUniqueConstraint", table: "users", unique: after.uniques[0] },
    ]);
  });

  test("a check whose expression changed is replaced", () => {
    const before = { ...users, checks: [{ name: "users_id_check", expression: "id > 0" }] };
    const after = { ...users, checks: [{ name: "users_id_check", expression: "id > 10" }] };
    assert.deepEqual(compareSchemas(schema([before]), schema([after])).ops, [
      { kind: "dropConstraint", table: "users", name: "users_id_check", type: "check", previous: { type: "check", constraint: before.checks[0] } },
      { kind: "createCheckConstraint", table: "users", check: after.checks[0] },
    ]);
  });

  test("a foreign key whose ON DELETE changed is replaced; NO ACTION equals unset", () => {
    const posts = (onDelete?: "cascade" | "no action") =>
      tbl("posts", [int("id"), int("user_id")], { foreignKeys: [{ name: "posts_user_fk", columns: ["user_id"], references: { table: "users", columns: ["id"] }, ...(onDelete ? { onDelete } : {}) }] });
    assert.deepEqual(compareSchemas(schema([users, posts()]), schema([users, posts("no action")])).ops, []);
    assert.deepEqual(compareSchemas(schema([users, posts()]), schema([users, posts("cascade")])).ops, [
      { kind: "dropConstraint", table: "posts", name: "posts_user_fk", type: "foreignKey", previous: { type: "foreignKey", constraint: posts().foreignKeys[0] } },
      { kind: "createForeignKey", table: "posts", foreignKey: posts("cascade").foreignKeys[0] },
    ]);
  });

  test("indexes: a changed predicate replaces the index; ASC NULLS LAST equals the default", () => {
    const plain = { name: "users_email_idx", elements: [{ kind: "column" as const, name: "email" }], unique: false };
    const spelled = { ...plain, elements: [{ kind: "column" as const, name: "email", order: "asc" as const, nulls: "last" as const }], method: "btree" };
    assert.deepEqual(compareSchemas(schema([{ ...users, indexes: [plain] }]), schema([{ ...users, indexes: [spelled] }])).ops, []);
    const partial = { ...plain, where: "email IS NOT NULL" };
    assert.deepEqual(compareSchemas(schema([{ ...users, indexes: [plain] }]), schema([{ ...users, indexes: [partial] }])).ops, [
      { kind: "dropIndex", name: "users_email_idx", previous: { table: "users", index: plain } },
      { kind: "createIndex", table: "users", index: partial },
    ]);
  });

  test("table and column comments are set with what they replace", () => {
    const after = { ...users, comment: "People", columns: [int("id"), txt("email", { comment: "login" })] };
    assert.deepEqual(compareSchemas(schema([users]), schema([after])).ops, [
      { kind: "setColumnComment", table: "users", column: "email", comment: "login", previous: null },
      { kind: "setTableComment", table: "users", comment: "People", previous: null },
    ]);
  });

  test("enums: created before the tables that use them, dropped after, values added in position", () => {
    const status = { name: "status", values: ["a", "c"] };
    const withEnum = tbl("jobs", [int("id"), txt("s", { type: { kind: "enum", name: "status" } })]);
    assert.deepEqual(compareSchemas(schema([]), schema([withEnum], [status])).ops.map((op) => op.kind), ["createEnum", "createTable"]);
    assert.deepEqual(compareSchemas(schema([withEnum], [status]), schema([])).ops.map((op) => op.kind), ["dropTable", "dropEnum"]);
    const columns = [{ table: "jobs", column: "s" }];
    assert.deepEqual(compareSchemas(schema([withEnum], [status]), schema([withEnum], [{ name: "status", values: ["0", "a", "b", "c", "d"] }])).ops, [
      { kind: "addEnumValue", name: "status", value: "0", before: "a", ifNotExists: true, previous: { values: ["a", "c"], columns } },
      { kind: "addEnumValue", name: "status", value: "b", after: "a", ifNotExists: true, previous: { values: ["0", "a", "c"], columns } },
      { kind: "addEnumValue", name: "status", value: "d", after: "c", ifNotExists: true, previous: { values: ["0", "a", "b", "c"], columns } },
    ]);
  });

  test("enums: removed or reordered values recreate the type, converting every column that uses it", () => {
    const status = { name: "status", values: ["a", "b", "c"] };
    const jobs = tbl("jobs", [
      int("id"),
      txt("s", { type: { kind: "enum", name: "status" }, default: { kind: "literal", value: "a" } }),
      txt("history", { type: { kind: "array", element: { kind: "enum", name: "status" } } }),
    ]);
    const removed = compareSchemas(schema([jobs], [status]), schema([jobs], [{ name: "status", values: ["c", "a"] }]));
    assert.deepEqual(removed.warnings, []);
    assert.deepEqual(removed.ops, [
      {
        kind: "recreateEnum",
        name: "status",
        values: ["c", "a"],
        columns: [
          { table: "jobs", column: "s", default: { kind: "literal", value: "a" } },
          { table: "jobs", column: "history", array: true },
        ],
        previous: ["a", "b", "c"],
      },
    ]);
  });

  test("an added value that a later op of the migration uses commits on its own", () => {
    const status = { name: "status", values: ["a"] };
    const before = tbl("jobs", [int("id")]);
    const after = tbl("jobs", [int("id"), txt("s", { type: { kind: "enum", name: "status" }, default: { kind: "literal", value: "b" } })]);
    const ops = compareSchemas(schema([before], [status]), schema([after], [{ name: "status", values: ["a", "b", "c"] }])).ops;
    assert.deepEqual(
      ops.filter((op) => op.kind === "addEnumValue").map((op) => [op.value, op.separateTransaction ?? false]),
      [["b", true], ["c", false]],
    );
  });

  test("a schema the models use but the database lacks is created first", () => {
    const audit = tbl("events", [int("id")], { schema: "audit" });
    const ops = compareSchemas({ tables: [], enums: [], schemas: ["public"] }, { tables: [audit], enums: [], schemas: ["public", "audit"] }).ops;
    assert.deepEqual(ops.map((op) => op.kind), ["createSchema", "createTable"]);
    assert.deepEqual(ops[0], { kind: "createSchema", name: "audit" });
  });

  test("ignored tables are left alone on both sides", () => {
    const ops = compareSchemas(schema([users]), schema([tbl("other", [int("id")])]), { ignore: (key) => key === "users" || key === "other" }).ops;
    assert.deepEqual(ops, []);
  });
});

describe("compareSchemas: renames are never guessed", () => {
  const people = { ...users, name: "people", primaryKey: { name: "users_pkey", columns: ["id"] } };

  test("a table that disappears while a compatible one appears is an ambiguity naming its flag", () => {
    const result = compareSchemas(schema([users]), schema([people]));
    assert.deepEqual(result.ambiguities, [{ kind: "table", table: "people", from: "users", to: "people", flag: "users:people" }]);
  });

  test("--rename turns it into renameTable; --no-rename into drop and create", () => {
    assert.deepEqual(compareSchemas(schema([users]), schema([people]), { renames: { rename: ["users:people"], noRename: [] } }), {
      ops: [{ kind: "renameTable", table: "users", newName: "people" }],
      ambiguities: [],
      warnings: [],
    });
    const dropAdd = compareSchemas(schema([users]), schema([people]), { renames: { rename: [], noRename: ["users:people"] } });
    assert.deepEqual(dropAdd.ambiguities, []);
    assert.deepEqual(dropAdd.ops.map((op) => op.kind), ["dropTable", "createTable"]);
  });

  test("a column that disappears while one of the same type appears is an ambiguity; --rename alters its name first", () => {
    const after = tbl("users", [int("id"), txt("mail", { nullable: false })]);
    assert.deepEqual(compareSchemas(schema([users]), schema([after])).ambiguities, [
      { kind: "column", table: "users", from: "email", to: "mail", flag: "users.email:users.mail" },
    ]);
    assert.deepEqual(compareSchemas(schema([users]), schema([after]), { renames: { rename: ["users.email:users.mail"], noRename: [] } }).ops, [
      { kind: "alterColumn", table: "users", column: "email", newName: "mail" },
      { kind: "alterColumn", table: "users", column: "mail", nullable: false, previous: { nullable: true } },
    ]);
  });

  test("a column of another type is not a rename candidate", () => {
    const after = tbl("users", [int("id"), int("age")]);
    assert.deepEqual(compareSchemas(schema([users]), schema([after])).ambiguities, []);
  });
});

describe("compareSchemas: after a rename, everything speaks the new names", () => {
  test("constraints and indexes on a renamed column are compared (and their previous kept) in the new name", () => {
    const before = tbl("users", [int("id"), txt("email")], {
      uniques: [{ name: "uq_users_email", columns: ["email"] }],
      checks: [{ name: "users_email_check", expression: `email <> ''::text AND "email" IS NOT NULL` }],
      indexes: [{ name: "users_lower_idx", elements: [{ kind: "expression", sql: "lower(email)" }], unique: false, where: "email_verified" }],
    });
    const after = tbl("users", [int("id"), txt("login")], {
      uniques: [{ name: "uq_users_login", columns: ["login"] }],
      checks: [{ name: "users_email_check", expression: `login <> ''::text AND login IS NOT NULL` }],
      indexes: [{ name: "users_lower_idx", elements: [{ kind: "expression", sql: "lower(login)" }], unique: false, where: "email_verified" }],
    });
    assert.deepEqual(compareSchemas(schema([before]), schema([after]), { renames: { rename: ["users.email:users.login"], noRename: [] } }).ops, [
      { kind: "alterColumn", table: "users", column: "email", newName: "login" },
      // The same constraint under its new conventional name: renamed, not rebuilt.
      { kind: "renameConstraint", table: "users", name: "uq_users_email", newName: "uq_users_login" },
    ]);
  });

  test("a renamed table renames its conventionally named constraints and indexes, leaves other names, rebuilds nothing", () => {
    const before = tbl("users", [int("id"), txt("email")], {
      primaryKey: { name: "pk_users", columns: ["id"] },
      uniques: [{ name: "uq_users_email", columns: ["email"] }],
      checks: [{ name: "email_not_empty", expression: "email <> ''::text" }],
      indexes: [{ name: "ix_users_email", elements: [{ kind: "column", name: "email" }], unique: false }],
    });
    const after = tbl("people", [int("id"), txt("email")], {
      primaryKey: { name: "pk_people", columns: ["id"] },
      uniques: [{ name: "uq_people_email", columns: ["email"] }],
      checks: [{ name: "email_not_empty", expression: "email <> ''::text" }],
      indexes: [{ name: "ix_people_email", elements: [{ kind: "column", name: "email" }], unique: false }],
    });
    const ops = compareSchemas(schema([before]), schema([after]), { renames: { rename: ["users:people"], noRename: [] } }).ops;
    assert.deepEqual(ops, [
      { kind: "renameTable", table: "users", newName: "people" },
      { kind: "renameConstraint", table: "people", name: "uq_users_email", newName: "uq_people_email" },
      { kind: "renameConstraint", table: "people", name: "pk_users", newName: "pk_people" },
      { kind: "renameConstraint", table: "people", name: "ix_users_email", newName: "ix_people_email", index: true },
    ]);
    assert.deepEqual(reverseOp(ops[1] as Op), { kind: "renameConstraint", table: "people", name: "uq_people_email", newName: "uq_users_email" });
  });

  test("foreign keys of other tables follow a renamed table and its renamed columns", () => {
    const posts = tbl("posts", [int("id"), int("user_id")], { foreignKeys: [{ name: "posts_user_fk", columns: ["user_id"], references: { table: "users", columns: ["id"] } }] });
    const people = tbl("people", [int("id"), txt("email")], { primaryKey: { name: "users_pkey", columns: ["id"] } });
    const postsAfter = { ...posts, foreignKeys: [{ name: "posts_user_fk", columns: ["user_id"], references: { table: "people", columns: ["id"] } }] };
    assert.deepEqual(compareSchemas(schema([users, posts]), schema([people, postsAfter]), { renames: { rename: ["users:people"], noRename: [] } }).ops, [
      { kind: "renameTable", table: "users", newName: "people" },
    ]);
  });
});
