// Names and values chosen to break out of identifiers and literals. Every one must arrive
// in the database exactly as given, online (bound parameters) and offline (inlined
// literals, also with standard_conforming_strings off), and the sentinel table must survive.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { postgresCapabilities } from "../../../src/dialects/postgres/capabilities.js";
import { compileOp, inlineStatement } from "../../../src/dialects/postgres/compile.js";
import { quoteIdent } from "../../../src/dialects/postgres/quote.js";
import { check, enumType, index, integer, sql, table, text, unique } from "../../../src/schema/index.js";
import { resetDatabase, runStatements, type Queryable } from "../../support/catalog.js";
import { collectOps } from "../../support/ops-collect.js";
import { describeOnPostgres } from "../../support/postgres.js";

const HOSTILE = [
  `"; drop table sentinel; --`,
  `a"b`,
  `x'y`,
  `back\\slash`,
  `semi;colon`,
  `ünï 😀`,
  `$1`,
  `$$`,
  `'); drop table sentinel; --`,
  `\\'`,
  `E'\\\\'`,
];

const tableName = HOSTILE[0] as string;
const columns = HOSTILE.slice(1);

const hostileTable = table(
  tableName,
  Object.fromEntries([
    ["id", integer().primaryKey()],
    ...columns.map((c, i) => [
      c,
      text()
        .default(c)
        .comment(HOSTILE[(i + 2) % HOSTILE.length] as string),
    ]),
  ]) as Record<string, ReturnType<typeof text>>,
  (t) => [
    unique(`uq ${HOSTILE[2]}`).on(t[`a"b`] as never),
    index(`ix ${HOSTILE[8]}`).on(t[`x'y`] as never),
    check(`ck ${HOSTILE[1]}`, sql`id > 0`),
  ],
  { comment: HOSTILE.join(" | ") },
);
const hostileEnum = enumType(`${HOSTILE[1]} enum`, HOSTILE);

const structure = (op: Parameters<Parameters<typeof collectOps>[0]>[0]) => {
  op.createTable(hostileTable);
  op.createEnum(hostileEnum);
  op.createFunction({
    name: `f ${HOSTILE[3]}`,
    returns: "trigger",
    language: "plpgsql",
    body: `begin /* $$ $body$ ' " */ return new; end`,
  });
  op.createTrigger({
    name: `t ${HOSTILE[5]}`,
    table: hostileTable,
    timing: "before",
    events: ["insert"],
    forEach: "row",
    function: `f ${HOSTILE[3]}`,
    args: HOSTILE,
  });
  op.createView(`v ${HOSTILE[9]}`, sql`select ${sql.ident(tableName)}.id from ${sql.ident(tableName)}`);
};

const rows = HOSTILE.map((value, i) => ({ id: i + 1, ...Object.fromEntries(columns.map((c) => [c, `${value}${c}`])) }));

const checks = (target: () => Queryable) => {
  test("hostile names and values arrive intact, online and offline", async () => {
    const db = target();
    await resetDatabase(db);
    await db.query("create table sentinel (id int)");
    const ops = await collectOps(structure);
    for (const op of ops) await runStatements(db, compileOp(op, { capabilities: postgresCapabilities("postgres") }));

    const online = await collectOps((op) => op.bulkInsert(hostileTable, rows.slice(0, 6)));
    for (const op of online) await runStatements(db, compileOp(op, { capabilities: postgresCapabilities("postgres") }));
    // Offline: the same rows as literals in plain SQL text, under both string-literal settings.
    const offline = await collectOps((op) => {
      op.bulkInsert(hostileTable, rows.slice(6, 8));
      op.execute(sql`insert into ${sql.ident(tableName)} (id) values (${100})`);
    });
    const inlined = offline.flatMap((op) => compileOp(op, { capabilities: postgresCapabilities("postgres") })).map(inlineStatement);
    const offlineExpected = [
      ...rows.slice(6, 8),
      // The row inserted with only an id took every column's hostile default.
      { id: 100, ...Object.fromEntries(columns.map((c) => [c, c])) },
    ];
    for (const standard of ["off", "on"]) {
      await db.query(`set standard_conforming_strings = ${standard}`);
      for (const statement of inlined) await db.query(statement);
      const { rows: stored } = await db.query(`select * from ${quoteIdent(tableName)} where id >= 7 order by id`);
      assert.deepEqual(stored, offlineExpected, `standard_conforming_strings = ${standard}`);
      await db.query(`delete from ${quoteIdent(tableName)} where id >= 7`);
    }

    assert.deepEqual((await db.query("select count(*)::int as n from sentinel")).rows, [{ n: 0 }]);
    const { rows: cols } = await db.query<{ name: string; comment: string | null }>(
      "select a.attname as name, col_description(a.attrelid, a.attnum) as comment from pg_attribute a where a.attrelid = $1::regclass and a.attnum > 0 order by a.attnum",
      [quoteIdent(tableName)],
    );
    assert.deepEqual(
      cols.map((c) => c.name),
      ["id", ...columns],
    );
    assert.deepEqual(
      cols.slice(1).map((c) => c.comment),
      columns.map((_, i) => HOSTILE[(i + 2) % HOSTILE.length]),
    );
    const { rows: tables } = await db.query("select obj_description(c.oid, 'pg_class') as comment from pg_class c where c.relname = $1", [
      tableName,
    ]);
    assert.deepEqual(tables, [{ comment: HOSTILE.join(" | ") }]);
    const { rows: constraints } = await db.query<{ name: string }>(
      "select conname as name from pg_constraint where contype in ('u', 'c', 'p') and conrelid = (select oid from pg_class where relname = $1) order by 1",
      [tableName],
    );
    assert.deepEqual(
      constraints.map((c) => c.name).sort(),
      [`ck_${tableName}_ck ${HOSTILE[1]}`, `pk_${tableName}`, `uq ${HOSTILE[2]}`].sort(),
    );
    const { rows: enums } = await db.query<{ v: string }>(
      "select e.enumlabel as v from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = $1 order by e.enumsortorder",
      [`${HOSTILE[1]} enum`],
    );
    assert.deepEqual(
      enums.map((e) => e.v),
      HOSTILE,
    );
    const { rows: triggerArgs } = await db.query<{ n: number }>("select tgnargs as n from pg_trigger where tgname = $1", [
      `t ${HOSTILE[5]}`,
    ]);
    assert.deepEqual(triggerArgs, [{ n: HOSTILE.length }]);

    const { rows: stored } = await db.query<Record<string, unknown>>(`select * from ${quoteIdent(tableName)} order by id`);
    assert.deepEqual(stored, rows.slice(0, 6));
  });
};

describe("on PGlite", () => {
  let db: PGlite;
  before(async () => {
    db = new PGlite();
    await db.waitReady;
  });
  after(() => db.close());
  checks(() => db);
});

describeOnPostgres("ops_hostile", (client) => {
  checks(client);
});
