// 002_triggers on both databases: updated_at follows every update, and the conversation's
// message_count and last_message_at follow inserts and deletes of its messages.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openDatabase, type OpenedDatabase } from "../../app/database.js";
import { createTempDatabase, postgresSkip } from "../../../retort/test/support/postgres.js";
import { migrate, ok } from "../support/cli.js";
import { freshPglite } from "../support/pglite.js";

const OLD = new Date("2000-01-01T00:00:00Z");

const targets: { label: string; skip: string | false; provision: () => Promise<{ url: string; cleanup: () => Promise<void> }> }[] = [
  {
    label: "PGlite",
    skip: false,
    provision: freshPglite,
  },
  {
    label: "PostgreSQL",
    skip: await postgresSkip(),
    provision: async () => {
      const db = await createTempDatabase("backend_triggers");
      return { url: db.url, cleanup: () => db.drop() };
    },
  },
];

for (const target of targets) {
  describe(`002_triggers on ${target.label}`, { skip: target.skip }, () => {
    let provisioned: { url: string; cleanup: () => Promise<void> };
    let opened: OpenedDatabase;

    before(async () => {
      provisioned = await target.provision();
      ok(await migrate(provisioned.url, "upgrade", "head"), "./migrate.sh upgrade head");
      opened = await openDatabase(provisioned.url);
    });

    after(async () => {
      await opened?.close();
      await provisioned?.cleanup();
    });

    test("updated_at is set by the database on every update of every table that has it, created_at is not", async () => {
      const { db } = opened;
      const user = await db
        .insertInto("users")
        .values({ email: "t@example.com", username: "t", password_hash: "x", created_at: OLD, updated_at: OLD })
        .returning("id")
        .executeTakeFirstOrThrow();
      const bot = await db
        .insertInto("bots")
        .values({ owner_id: user.id, name: "b", created_at: OLD, updated_at: OLD })
        .returning("id")
        .executeTakeFirstOrThrow();
      const data = await db
        .insertInto("training_data")
        .values({ bot_id: bot.id, source_type: "text", content: "c", created_at: OLD, updated_at: OLD })
        .returning("id")
        .executeTakeFirstOrThrow();
      const job = await db
        .insertInto("training_jobs")
        .values({ bot_id: bot.id, created_at: OLD, updated_at: OLD })
        .returning("id")
        .executeTakeFirstOrThrow();
      const conversation = await db
        .insertInto("conversations")
        .values({ bot_id: bot.id, session_id: "s", created_at: OLD, updated_at: OLD })
        .returning("id")
        .executeTakeFirstOrThrow();

      await db.updateTable("users").set({ full_name: "T", updated_at: OLD }).where("id", "=", user.id).execute();
      await db.updateTable("bots").set({ description: "d" }).where("id", "=", bot.id).execute();
      await db.updateTable("training_data").set({ status: "processed" }).where("id", "=", data.id).execute();
      await db.updateTable("training_jobs").set({ progress: 50 }).where("id", "=", job.id).execute();
      await db.updateTable("conversations").set({ title: "t" }).where("id", "=", conversation.id).execute();

      for (const table of ["users", "bots", "training_data", "training_jobs", "conversations"] as const) {
        const row = await db.selectFrom(table).select(["created_at", "updated_at"]).executeTakeFirstOrThrow();
        assert.equal(row.created_at.toISOString(), OLD.toISOString(), `${table}.created_at`);
        assert.ok(row.updated_at.getTime() > Date.parse("2020-01-01"), `${table}.updated_at moved: ${row.updated_at.toISOString()}`);
      }
    });

    test("message_count and last_message_at follow inserts and deletes of messages", async () => {
      const { db } = opened;
      const conversation = await db.selectFrom("conversations").select("id").executeTakeFirstOrThrow();
      const state = () =>
        db
          .selectFrom("conversations")
          .select(["message_count", "last_message_at"])
          .where("id", "=", conversation.id)
          .executeTakeFirstOrThrow()
          .then((row) => ({ count: row.message_count, last: row.last_message_at?.toISOString() ?? null }));
      assert.deepEqual(await state(), { count: 0, last: null });

      const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
      const insert = (minute: number, role: "user" | "assistant") =>
        db
          .insertInto("conversation_messages")
          .values({ conversation_id: conversation.id, role, content: `m${minute}`, created_at: at(minute) })
          .returning("id")
          .executeTakeFirstOrThrow();
      const first = await insert(1, "user");
      assert.deepEqual(await state(), { count: 1, last: at(1).toISOString() });
      const second = await insert(2, "assistant");
      const third = await insert(3, "user");
      assert.deepEqual(await state(), { count: 3, last: at(3).toISOString() });

      // An older message arriving late does not move last_message_at back.
      const late = await insert(0, "user");
      assert.deepEqual(await state(), { count: 4, last: at(3).toISOString() });

      await db.deleteFrom("conversation_messages").where("id", "=", third.id).execute();
      assert.deepEqual(await state(), { count: 3, last: at(2).toISOString() });
      await db.deleteFrom("conversation_messages").where("id", "=", first.id).execute();
      assert.deepEqual(await state(), { count: 2, last: at(2).toISOString() });
      await db.deleteFrom("conversation_messages").where("id", "in", [second.id, late.id]).execute();
      assert.deepEqual(await state(), { count: 0, last: null });

      // Several rows in one statement are counted one by one.
      await db
        .insertInto("conversation_messages")
        .values([1, 2, 3, 4, 5].map((minute) => ({ conversation_id: conversation.id, role: "user" as const, content: "x", created_at: at(minute) })))
        .execute();
      assert.deepEqual(await state(), { count: 5, last: at(5).toISOString() });
    });

    test("deleting a conversation takes its messages with it", async () => {
      const { db } = opened;
      const conversation = await db.selectFrom("conversations").select("id").executeTakeFirstOrThrow();
      await db.deleteFrom("conversations").where("id", "=", conversation.id).execute();
      const left = await db.selectFrom("conversation_messages").select("id").execute();
      assert.deepEqual(left, []);
    });
  });
}
