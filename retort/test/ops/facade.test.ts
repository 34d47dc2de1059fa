// The op facade: operations as frozen data, run strictly in call order whether or not the
// migration awaits, and nothing after the first failure.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RetortError } from "../../src/errors.js";
import { createOperations } from "../../src/ops/facade.js";
import type { Op } from "../../src/ops/types.js";
import { index, integer, sql, table, text } from "../../src/schema/index.js";
import { collectOps } from "../support/ops-collect.js";

// Lets a varying number of other callbacks run first, so that out-of-order execution would show.
const yieldTimes = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

const sqlOf = (op: Op): string => (op.kind === "execute" && typeof op.sql === "string" ? op.sql : op.kind);

test("unawaited calls run one at a time, in call order; drain waits for all of them", async () => {
  const events: string[] = [];
  const { op, drain } = createOperations(async (o) => {
    events.push(`start ${sqlOf(o)}`);
    await yieldTimes(sqlOf(o) === "a" ? 5 : 1);
    events.push(`end ${sqlOf(o)}`);
  });
  void op.execute("a");
  void op.execute("b");
  void op.execute("c");
  assert.deepEqual(events, [], "nothing runs synchronously");
  await drain();
  assert.deepEqual(events, ["start a", "end a", "start b", "end b", "start c", "end c"]);
});

test("each call's promise settles once its own op has run", async () => {
  const ran: string[] = [];
  const { op, drain } = createOperations(async (o) => {
    await yieldTimes(1);
    ran.push(sqlOf(o));
  });
  const first = op.execute("first");
  void op.execute("second");
  await first;
  assert.deepEqual(ran, ["first"]);
  await drain();
  assert.deepEqual(ran, ["first", "second"]);
});

test("drain also waits for ops queued while it waits", async () => {
  const ran: string[] = [];
  const { op, drain } = createOperations(async (o) => {
    await yieldTimes(3);
    ran.push(sqlOf(o));
  });
  void op.execute("first");
  const draining = drain();
  // Queued after drain() has taken its look at the queue, while "first" is still running.
  void op.execute("late");
  await draining;
  assert.deepEqual(ran, ["first", "late"]);
});

test("after a failing op nothing else runs; later calls and drain reject with that failure", async () => {
  const ran: string[] = [];
  const failure = new Error("boom");
  const { op, drain } = createOperations(async (o) => {
    ran.push(sqlOf(o));
    if (sqlOf(o) === "b") throw failure;
  });
  const a = op.execute("a");
  const b = op.execute("b");
  const c = op.execute("c");
  await a;
  await assert.rejects(b, failure);
  await assert.rejects(c, failure);
  await assert.rejects(drain(), failure);
  assert.deepEqual(ran, ["a", "b"]);
});

test("a bad argument throws at the call, and nothing queued after it runs", async () => {
  const ran: string[] = [];
  const { op, drain } = createOperations(async (o) => {
    ran.push(sqlOf(o));
  });
  void op.execute("a");
  assert.throws(() => op.createIndex("ix", "t", []), { code: "INVALID_OPERATION", message: 'index "ix" has an empty column list' });
  void op.execute("c").catch(() => {});
  await assert.rejects(drain(), (error: unknown) => error instanceof RetortError && error.code === "INVALID_OPERATION");
  assert.deepEqual(ran, ["a"]);
});

test("ops are frozen data; rows keep the caller's values without freezing them", async () => {
  const meta = { nested: true };
  const [insert] = await collectOps((op) => op.bulkInsert("t", [{ meta }]));
  assert.ok(insert !== undefined && insert.kind === "bulkInsert");
  assert.ok(Object.isFrozen(insert) && Object.isFrozen(insert.rows) && Object.isFrozen(insert.rows[0]));
  assert.equal(Object.isFrozen(meta), false);
  assert.equal(insert.rows[0]?.meta, meta);
});

test("createTable of a model queues the table, then each of its indexes", async () => {
  const notes = table("notes", { id: integer().primaryKey(), body: text() }, (t) => [index().on(t.body)]);
  const ops = await collectOps((op) => op.createTable(notes));
  assert.deepEqual(ops, [
    {
      kind: "createTable",
      table: {
        name: "notes",
        columns: [
          { name: "id", type: { kind: "integer" }, nullable: false },
          { name: "body", type: { kind: "text" }, nullable: true },
        ],
        primaryKey: { name: "pk_notes", columns: ["id"] },
        uniques: [],
        checks: [],
        foreignKeys: [],
      },
    },
    { kind: "createIndex", table: "notes", index: { name: "ix_notes_body", elements: [{ kind: "column", name: "body" }], unique: false } },
  ]);
});

test("a naming convention given to createOperations names unnamed constraints", async () => {
  const ops = await collectOps((op) => op.createUniqueConstraint(null, "users", ["email", "tenant"]), {
    namingConvention: { uq: "%(table)s_%(column_0_N)s_key" },
  });
  assert.deepEqual(ops, [
    { kind: "createUniqueConstraint", table: "users", unique: { name: "users_email_tenant_key", columns: ["email", "tenant"] } },
  ]);
});

test("execute takes text with parameters, or an sql`` fragment whose values follow the given ones", async () => {
  const ops = await collectOps((op) => {
    op.execute("select 1");
    op.execute(sql`select ${sql.ident("t")}.a from t where a = $1 and b = ${"x"}`, [5]);
  });
  assert.deepEqual(ops, [
    { kind: "execute", sql: "select 1" },
    {
      kind: "execute",
      sql: {
        parts: [
          { kind: "text", text: "select " },
          { kind: "identifier", parts: ["t"] },
          { kind: "text", text: ".a from t where a = $1 and b = " },
          { kind: "parameter", index: 1 },
        ],
      },
      params: [5, "x"],
    },
  ]);
});

test("alterColumn records what it replaces when told", async () => {
  const ops = await collectOps((op) =>
    op.alterColumn("t", "a", {
      nullable: false,
      existingNullable: true,
      default: 3,
      existingDefault: null,
      type: "bigint",
      existingType: integer(),
    }),
  );
  assert.deepEqual(ops, [
    {
      kind: "alterColumn",
      table: "t",
      column: "a",
      nullable: false,
      type: { to: { kind: "bigint" } },
      default: { kind: "literal", value: 3 },
      previous: { type: { kind: "integer" }, nullable: true, default: null },
    },
  ]);
});
