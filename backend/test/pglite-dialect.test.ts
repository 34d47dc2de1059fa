// The Kysely dialect over PGlite: one connection shared by the whole process, so a
// transaction must own it until it ends and plain queries must wait their turn.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Kysely, sql } from "kysely";
import { PGlite } from "@electric-sql/pglite";
import { PGliteDialect } from "../app/pglite-dialect.js";

interface DB {
  items: { id: number; label: string };
}

let db: Kysely<DB>;

before(async () => {
  const pglite = await PGlite.create({ parsers: { 20: (value: string) => value } });
  db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  await sql`create table items (id int primary key, label text not null)`.execute(db);
});

after(async () => {
  await db.destroy();
});

test("a query issued during a transaction waits for it to commit instead of running inside it", async () => {
  await db.deleteFrom("items").execute();
  const events: string[] = [];
  let reading: Promise<void> | undefined;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("items").values({ id: 1, label: "in transaction" }).execute();
    events.push("inserted");
    reading = db
      .selectFrom("items")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow()
      .then((row) => void events.push(`read ${row.n}`));
    // Give the outside query every chance to run early.
    await new Promise((resolve) => setImmediate(resolve));
    await trx.updateTable("items").set({ label: "updated" }).where("id", "=", 1).execute();
    events.push("committing");
  });
  await reading;
  assert.deepEqual(events, ["inserted", "committing", "read 1"]);
});

test("a failed transaction rolls back and frees the connection", async () => {
  await db.deleteFrom("items").execute();
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx.insertInto("items").values({ id: 2, label: "doomed" }).execute();
      await trx.insertInto("items").values({ id: 2, label: "duplicate" }).execute();
    }),
    /duplicate key value violates unique constraint "items_pkey"/,
  );
  assert.deepEqual(await db.selectFrom("items").selectAll().execute(), []);
});

test("affected row counts are reported and int8 stays a string", async () => {
  await db.deleteFrom("items").execute();
  await db.insertInto("items").values([{ id: 1, label: "a" }, { id: 2, label: "b" }, { id: 3, label: "c" }]).execute();
  const updated = await db.updateTable("items").set({ label: "z" }).where("id", ">", 1).executeTakeFirst();
  assert.equal(updated.numUpdatedRows, 2n);
  const deleted = await db.deleteFrom("items").where("id", "=", 3).executeTakeFirst();
  assert.equal(deleted.numDeletedRows, 1n);
  const big = await sql<{ n: string }>`select 9007199254740993::int8 as n`.execute(db);
  assert.deepEqual(big.rows, [{ n: "9007199254740993" }]);
});
