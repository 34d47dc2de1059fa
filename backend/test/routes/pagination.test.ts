// Keyset pagination on every list: with 500 rows, following next_cursor returns each row
// exactly once, in the list's order, while new rows are being inserted concurrently.
// On PGlite and on PostgreSQL (where the inserts run on other connections at once).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { readHeadRevisions } from "../../app/revisions.js";
import { migrate, ok } from "../support/cli.js";
import {
  createTempDatabase,
  postgresSkip,
} from "../../../retort/test/support/postgres.js";
import { freshPglite } from "../support/pglite.js";
import { client, startServer, type RunningServer } from "../support/server.js";

const ROWS = 500;
const INSERTS_DURING_WALK = 20;

interface Provisioned {
  readonly url: string;
  cleanup(): Promise<void>;
}

const paginationSuite = (
  label: string,
  provision: () => Promise<Provisioned>,
  skip: string | false,
) =>
  describe(`keyset pagination over 500 rows on ${label}`, { skip }, () => {
    let provisioned: Provisioned;
    let server: RunningServer;
    let call: ReturnType<typeof client>;
    let token = "";
    let botId = "";
    let conversationId = "";

    before(async () => {
      provisioned = await provision();
      ok(
        await migrate(provisioned.url, "upgrade", "head"),
        "./migrate.sh upgrade head",
      );
      server = await startServer(provisioned.url, {
        heads: await readHeadRevisions(),
      });
      call = client(server.baseUrl);
      assert.equal(
        (
          await call("POST", "/api/v1/auth/register", {
            body: {
              email: "p@example.com",
              username: "pager",
              password: "pager-password",
            },
          })
        ).status,
        201,
      );
      token = (
        await call("POST", "/api/v1/auth/login", {
          body: { login: "pager", password: "pager-password" },
        })
      ).body.access_token;
      botId = (
        await call("POST", "/api/v1/bots", { token, body: { name: "main" } })
      ).body.id;
      conversationId = (
        await call("POST", `/api/v1/bots/${botId}/conversations`, {
          token,
          body: {},
        })
      ).body.id;
      const owner = (
        await server.db
          .selectFrom("users")
          .select("id")
          .executeTakeFirstOrThrow()
      ).id;
      // Rows share timestamps in threes, so the id must break ties for the order to be total.
      const at = (i: number) =>
        sql<Date>`timestamptz '2026-01-01 00:00:00+00' + make_interval(secs => ${Math.floor(i / 3)} * 0.000001)`;
      for (let start = 0; start < ROWS; start += 100) {
        const batch = Array.from({ length: 100 }, (_, k) => start + k);
        await server.db
          .insertInto("bots")
          .values(
            batch.map((i) => ({
              owner_id: owner,
              name: `bot ${i}`,
              created_at: at(i),
            })),
          )
          .execute();
        await server.db
          .insertInto("training_data")
          .values(
            batch.map((i) => ({
              bot_id: botId,
              source_type: "text" as const,
              content: `item ${i}`,
              created_at: at(i),
            })),
          )
          .execute();
        await server.db
          .insertInto("training_jobs")
          .values(
            batch.map((i) => ({
              bot_id: botId,
              status: "completed" as const,
              created_at: at(i),
            })),
          )
          .execute();
        await server.db
          .insertInto("conversations")
          .values(
            batch.map((i) => ({
              bot_id: botId,
              user_id: owner,
              session_id: `s${i}`,
              created_at: at(i),
            })),
          )
          .execute();
        await server.db
          .insertInto("conversation_messages")
          .values(
            batch.map((i) => ({
              conversation_id: conversationId,
              role: "user" as const,
              content: `m ${i}`,
            })),
          )
          .execute();
      }
    });

    after(async () => {
      await server?.close();
      await provisioned?.cleanup();
    });

    /** Walks the list page by page while up to INSERTS_DURING_WALK inserts run alongside; returns every id seen. */
    const walk = async (
      path: string,
      limit: number,
      insert: (n: number) => Promise<void>,
    ) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      let walking = true;
      let inserted = 0;
      // Bounded, so that a walk in insertion order (oldest first) reaches its end.
      const inserter = (async () => {
        while (walking && inserted < INSERTS_DURING_WALK) await insert(++inserted);
      })();
      do {
        const query: string = `limit=${limit}${cursor === null ? "" : `&cursor=${cursor}`}`;
        const res = await call("GET", `${path}?${query}`, { token });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.limit, limit);
        assert.ok(res.body.items.length <= limit);
        seen.push(
          ...res.body.items.map((item: { id: string | number }) =>
            String(item.id),
          ),
        );
        cursor = res.body.next_cursor;
        pages += 1;
      } while (cursor !== null);
      walking = false;
      await inserter;
      assert.ok(inserted >= 1, "rows were inserted during the walk");
      return { seen, pages };
    };

    /** Every row that existed once and in order; rows added meanwhile at most once, in order too. */
    const assertWalk = (
      seen: readonly string[],
      expected: readonly string[],
      final: readonly string[],
      label: string,
    ) => {
      assert.equal(
        new Set(seen).size,
        seen.length,
        `${label}: a row came twice`,
      );
      const existing = new Set(expected);
      assert.deepEqual(
        seen.filter((id) => existing.has(id)),
        expected,
        `${label}: every row once, in order`,
      );
      const shown = new Set(seen);
      assert.deepEqual(
        seen,
        final.filter((id) => shown.has(id)),
        `${label}: the whole walk in the list's order`,
      );
    };

    test("bots, newest first", async () => {
      const order = async () =>
        (
          await server.db
            .selectFrom("bots")
            .select("id")
            .orderBy("created_at", "desc")
            .orderBy("id", "desc")
            .execute()
        ).map((r) => r.id);
      const expected = await order();
      assert.equal(expected.length, ROWS + 1);
      const { seen, pages } = await walk("/api/v1/bots", 37, async (n) => {
        assert.equal(
          (
            await call("POST", "/api/v1/bots", {
              token,
              body: { name: `new ${n}` },
            })
          ).status,
          201,
        );
      });
      assertWalk(seen, expected, await order(), "bots");
    assert.ok(pages >= Math.ceil((ROWS + 1) / 37));
    });

    test("training data, oldest first: the 500 rows in order, rows added meanwhile at most once", async () => {
      const order = async () =>
        (
          await server.db
            .selectFrom("training_data")
            .select("id")
            .orderBy("created_at")
            .orderBy("id")
            .execute()
        ).map((r) => r.id);
      const expected = await order();
      const { seen } = await walk(
        `/api/v1/bots/${botId}/training-data`,
        50,
        async (n) => {
          assert.equal(
            (
              await call("POST", `/api/v1/bots/${botId}/training-data`, {
                token,
                body: { source_type: "text", content: `added ${n}` },
              })
            ).status,
            201,
          );
        },
      );
      assertWalk(seen, expected, await order(), "training data");
    });

    test("training jobs, newest first", async () => {
      const order = async () =>
        (
          await server.db
            .selectFrom("training_jobs")
            .select("id")
            .orderBy("created_at", "desc")
            .orderBy("id", "desc")
            .execute()
        ).map((r) => r.id);
      const expected = await order();
      const { seen } = await walk(
        `/api/v1/bots/${botId}/training-jobs`,
        200,
        async () => {
          await server.db
            .insertInto("training_jobs")
            .values({ bot_id: botId, status: "completed" })
            .execute();
        },
      );
      assertWalk(seen, expected, await order(), "training jobs");
    });

    test("conversations, newest first, even while messages change their last activity", async () => {
      const order = async () =>
        (
          await server.db
            .selectFrom("conversations")
            .select("id")
            .orderBy("created_at", "desc")
            .orderBy("id", "desc")
            .execute()
        ).map((r) => r.id);
      const expected = await order();
      const { seen } = await walk(
        `/api/v1/bots/${botId}/conversations`,
        45,
        async (n) => {
          // Activity on an old conversation moves its updated_at, not its place in the list.
          const old = expected.at(-1 - (n % ROWS)) as string;
          await server.db
            .updateTable("conversations")
            .set({ title: `touched ${n}` })
            .where("id", "=", old)
            .execute();
          assert.equal(
            (
              await call("POST", `/api/v1/bots/${botId}/conversations`, {
                token,
                body: {},
              })
            ).status,
            201,
          );
        },
      );
      assertWalk(seen, expected, await order(), "conversations");
    });

    test("messages, oldest first, while the conversation goes on", async () => {
      const order = async () =>
        (
          await server.db
            .selectFrom("conversation_messages")
            .select("id")
            .where("conversation_id", "=", conversationId)
            .orderBy("id")
            .execute()
        ).map((r) => String(r.id));
      const expected = await order();
      assert.equal(expected.length, ROWS);
      const { seen } = await walk(
        `/api/v1/conversations/${conversationId}/messages`,
        50,
        async (n) => {
          assert.equal(
            (
              await call(
                "POST",
                `/api/v1/conversations/${conversationId}/messages`,
                { token, body: { content: `hello ${n}` } },
              )
            ).status,
            201,
          );
        },
      );
      assertWalk(seen, expected, await order(), "messages");
    });

    test("limit defaults to 50", async () => {
      const res = await call("GET", `/api/v1/bots/${botId}/training-data`, {
        token,
      });
      assert.equal(res.body.limit, 50);
      assert.equal(res.body.items.length, 50);
      assert.equal(typeof res.body.next_cursor, "string");
    });
  });

paginationSuite("embedded PGlite", freshPglite, false);

const skipPostgres = await postgresSkip();
paginationSuite(
  "PostgreSQL",
  async () => {
    const db = await createTempDatabase("backend_pages");
    return { url: db.url, cleanup: () => db.drop() };
  },
  skipPostgres,
);
