// Each operation's inverse, and the operations that have none.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Operations } from "../../src/ops/facade.js";
import { reverseOp, reverseOps } from "../../src/ops/reverse.js";
import type { Op } from "../../src/ops/types.js";
import { enumType, integer, text } from "../../src/schema/index.js";
import { collectOps } from "../support/ops-collect.js";

const one = async (fn: (op: Operations) => unknown): Promise<Op> => {
  const [op] = await collectOps(fn);
  assert.ok(op !== undefined);
  return op;
};

const inverses: [string, (op: Operations) => unknown, Op][] = [
  ["renameTable", (op) => op.renameTable("a", "b", { schema: "s" }), { kind: "renameTable", schema: "s", table: "b", newName: "a" }],
  [
    "addColumn",
    (op) => op.addColumn("t", "c", text().notNull()),
    { kind: "dropColumn", table: "t", column: "c", previous: { name: "c", type: { kind: "text" }, nullable: false } },
  ],
  [
    "createIndex",
    (op) => op.createIndex("ix", "t", ["a"], { schema: "s", concurrently: true }),
    {
      kind: "dropIndex",
      schema: "s",
      name: "ix",
      concurrently: true,
      previous: { table: "t", index: { name: "ix", elements: [{ kind: "column", name: "a" }], unique: false } },
    },
  ],
  [
    "createCheckConstraint",
    (op) => op.createCheckConstraint("ck", "t", "a > 0"),
    {
      kind: "dropConstraint",
      table: "t",
      name: "ck",
      type: "check",
      previous: { type: "check", constraint: { name: "ck", expression: "a > 0" } },
    },
  ],
  ["renameEnumValue", (op) => op.renameEnumValue("e", "a", "b"), { kind: "renameEnumValue", name: "e", from: "b", to: "a" }],
  [
    "setTableComment",
    (op) => op.setTableComment("t", "new", { existing: null }),
    { kind: "setTableComment", table: "t", comment: null, previous: "new" },
  ],
  [
    "alterColumn with a rename: the inverse acts on the new name and renames back",
    (op) => op.alterColumn("t", "a", { newName: "b", nullable: true, existingNullable: false }),
    { kind: "alterColumn", table: "t", column: "b", nullable: false, newName: "a", previous: { nullable: true } },
  ],
  [
    "createFunction",
    (op) =>
      op.createFunction({
        name: "f",
        args: [
          { name: "x", type: "integer" },
          { name: "y", type: "text", mode: "out" },
        ],
        returns: "record",
        language: "sql",
        body: "select 1, 'a'",
      }),
    {
      kind: "dropFunction",
      name: "f",
      argTypes: ["integer"],
      previous: {
        name: "f",
        args: [
          { name: "x", type: "integer" },
          { name: "y", type: "text", mode: "out" },
        ],
        returns: "record",
        language: "sql",
        body: "select 1, 'a'",
      },
    },
  ],
  ["createSchema", (op) => op.createSchema("s"), { kind: "dropSchema", name: "s" }],
];

for (const [name, fn, expected] of inverses) {
  test(`the inverse of ${name}`, async () => {
    assert.deepEqual(reverseOp(await one(fn)), expected);
  });
}

test("reversing twice gives the operation back (with what it records)", async () => {
  const ops = await collectOps((op) => {
    op.createTable("t", { id: integer().primaryKey() });
    op.createIndex("ix", "t", ["id"]);
    op.createEnum(enumType("e", ["a"]));
    op.createUniqueConstraint("uq", "t", ["id"]);
  });
  assert.deepEqual(reverseOps(reverseOps(ops)), ops);
});

test("reverseOps reverses the order too", async () => {
  const ops = await collectOps((op) => {
    op.createSchema("a");
    op.createSchema("b");
  });
  assert.deepEqual(reverseOps(ops), [
    { kind: "dropSchema", name: "b" },
    { kind: "dropSchema", name: "a" },
  ]);
});

const irreversible: [(op: Operations) => unknown, string][] = [
  [(op) => op.dropTable("users"), 'dropTable "users" cannot be reversed: the dropped table\'s definition is not recorded'],
  [
    (op) => op.dropColumn("users", "email"),
    'dropColumn "users.email" cannot be reversed: the dropped column\'s definition is not recorded (pass existing)',
  ],
  [
    (op) => op.alterColumn("users", "email", { nullable: true, type: "text" }),
    'alterColumn "users.email" cannot be reversed: the column\'s previous nullable, type is not recorded (pass existingNullable/existingType)',
  ],
  [(op) => op.dropIndex("ix"), 'dropIndex "ix" cannot be reversed: the dropped index\'s definition is not recorded'],
  [
    (op) => op.dropConstraint("uq", "users"),
    'dropConstraint "uq" on "users" cannot be reversed: the dropped constraint\'s definition is not recorded',
  ],
  [(op) => op.dropEnum("e"), 'dropEnum "e" cannot be reversed: the dropped type\'s values are not recorded (pass the enum model)'],
  [
    (op) => op.addEnumValue("e", "x"),
    'addEnumValue "e" cannot be reversed: PostgreSQL cannot remove a value in place, and the type\'s values and columns before it are not recorded',
  ],
  [(op) => op.recreateEnum("e", ["a"], { columns: [] }), 'recreateEnum "e" cannot be reversed: the values before are not recorded (pass existingValues)'],
  [
    (op) => op.setColumnComment("t", "c", "x"),
    'setColumnComment "t.c" cannot be reversed: the previous comment is not recorded (pass existing)',
  ],
  [(op) => op.bulkInsert("t", [{ a: 1 }]), 'bulkInsert "t" cannot be reversed: inserted rows are data, not schema'],
  [(op) => op.execute("select 1"), "execute  cannot be reversed: raw SQL has no known inverse"],
  [(op) => op.dropFunction("f"), 'dropFunction "f" cannot be reversed: the dropped function\'s definition is not recorded'],
  [(op) => op.dropTrigger("tr", "t"), 'dropTrigger "tr" on "t" cannot be reversed: the dropped trigger\'s definition is not recorded'],
  [(op) => op.dropView("v"), 'dropView "v" cannot be reversed: the dropped view\'s query is not recorded'],
  [(op) => op.dropSchema("s", { cascade: true }), 'dropSchema "s" cannot be reversed: CASCADE dropped the schema\'s contents with it'],
];

test("operations that lose what they remove are IRREVERSIBLE_OPERATION", async () => {
  for (const [fn, message] of irreversible) {
    const op = await one(fn);
    assert.throws(
      () => reverseOp(op),
      (error: unknown) => {
        assert.equal((error as { code?: string }).code, "IRREVERSIBLE_OPERATION");
        assert.equal((error as Error).message, message);
        assert.match((error as { hint?: string }).hint ?? "", /downgrade by hand/);
        return true;
      },
    );
  }
});
