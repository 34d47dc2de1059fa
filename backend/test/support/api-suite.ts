// The HTTP API end to end, over real HTTP on an ephemeral port, against a database that
// `./migrate.sh upgrade head` migrated. The same suite runs on PGlite and on PostgreSQL.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { readHeadRevisions } from "../../app/revisions.js";
import { FALLBACK_REPLY } from "../../app/services/reply.js";
import { migrate, ok } from "./cli.js";
import { client, startServer, type RunningServer } from "./server.js";

type Call = ReturnType<typeof client>;

export interface SuiteDatabase {
  readonly url: string;
  cleanup(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MISSING = "00000000-0000-4000-8000-000000000000";

export const apiSuite = (label: string, provision: () => Promise<SuiteDatabase | undefined>, skip: string | false): void => {
  describe(`HTTP API on ${label}`, { skip }, () => {
    let database: SuiteDatabase | undefined;
    let server: RunningServer;
    let call: Call;
    // Set by a test to observe the runner between rows (batches of one row here).
    let afterRow: ((jobId: string, done: number, total: number) => Promise<void>) | undefined;
    const passwords = { alice: "alice-password-1", bob: "bob-password-22" };
    const tokens: Record<"alice" | "bob", string> = { alice: "", bob: "" };
    const ids = { alice: "", bob: "", publicBot: "", privateBot: "", bobBot: "", anonConversation: "" };
    const sessions: string[] = [];

    const count = async (table: "users" | "bots" | "training_data" | "training_jobs" | "conversations" | "conversation_messages") =>
      Number((await server.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

    before(async () => {
      database = await provision();
      if (!database) return;
      ok(await migrate(database.url, "upgrade", "head"), "./migrate.sh upgrade head");
      server = await startServer(database.url, {
        heads: await readHeadRevisions(),
        runner: { batchSize: 1, afterBatch: (jobId, done, total) => afterRow?.(jobId, done, total) ?? Promise.resolve() },
      });
      call = client(server.baseUrl);
    });

    after(async () => {
      await server?.close();
      await database?.cleanup();
    });

    test("GET /health reports the database at the head revision", async () => {
      const heads = await readHeadRevisions();
      const res = await call("GET", "/health");
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        status: "ok",
        database: server.kind,
        revision: heads.join(","),
        head: heads.join(","),
        up_to_date: true,
      });
    });

    test("register creates a user and never returns the password", async () => {
      for (const name of ["alice", "bob"] as const) {
        const res = await call("POST", "/api/v1/auth/register", {
          body: { email: `${name.toUpperCase()}@Example.com`, username: name, password: passwords[name], full_name: `${name} Test` },
        });
        assert.equal(res.status, 201);
        assert.match(res.body.id, UUID);
        assert.equal(res.body.email, `${name}@example.com`);
        assert.equal(res.body.username, name);
        assert.equal(res.body.is_active, true);
        assert.equal(res.body.is_superuser, false);
        assert.deepEqual(Object.keys(res.body).sort(), ["avatar_url", "created_at", "email", "full_name", "id", "is_active", "is_superuser", "updated_at", "username"]);
        ids[name] = res.body.id;
      }
      const stored = await server.db.selectFrom("users").select("password_hash").where("username", "=", "alice").executeTakeFirstOrThrow();
      assert.match(stored.password_hash, /^scrypt\$/);
    });

    test("register refuses taken emails and usernames and bad input, writing nothing", async () => {
      const before = await count("users");
      const cases: [unknown, number, string][] = [
        [{ email: "alice@example.com", username: "alice2", password: "long-enough-1" }, 409, "EMAIL_TAKEN"],
        [{ email: "new@example.com", username: "alice", password: "long-enough-1" }, 409, "USERNAME_TAKEN"],
        [{ email: "not-an-email", username: "carol", password: "long-enough-1" }, 400, "VALIDATION_FAILED"],
        [{ email: "carol@example.com", username: "carol", password: "short" }, 400, "VALIDATION_FAILED"],
        [{ email: "carol@example.com", username: "carol" }, 400, "VALIDATION_FAILED"],
        [{ email: "carol@example.com", username: "carol", password: 12345678 }, 400, "VALIDATION_FAILED"],
        [{ email: "carol@example.com", username: "carol", password: "long-enough-1", is_superuser: true }, 400, "VALIDATION_FAILED"],
        [{ email: "carol@example.com", username: "c".repeat(51), password: "long-enough-1" }, 400, "VALIDATION_FAILED"],
      ];
      for (const [body, status, code] of cases) {
        const res = await call("POST", "/api/v1/auth/register", { body });
        assert.equal(res.status, status, JSON.stringify(body));
        assert.equal(res.body.error.code, code);
        assert.equal(typeof res.body.error.message, "string");
      }
      const missing = await call("POST", "/api/v1/auth/register", { body: { email: "carol@example.com", username: "carol" } });
      assert.equal(missing.body.error.message, "body must have required property 'password'");
      const extra = await call("POST", "/api/v1/auth/register", {
        body: { email: "carol@example.com", username: "carol", password: "long-enough-1", is_superuser: true },
      });
      assert.equal(extra.body.error.message, "body must NOT have additional properties");
      assert.equal(await count("users"), before);
    });

    test("login returns a signed bearer token with an expiry; wrong credentials get one answer", async () => {
      for (const name of ["alice", "bob"] as const) {
        const res = await call("POST", "/api/v1/auth/login", { body: { login: name, password: passwords[name] } });
        assert.equal(res.status, 200);
        assert.equal(res.body.token_type, "bearer");
        assert.match(res.body.access_token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
        assert.ok(Date.parse(res.body.expires_at) > Date.now());
        assert.equal(res.body.user.username, name);
        assert.equal(res.body.user.password_hash, undefined);
        tokens[name] = res.body.access_token;
      }
      const byEmail = await call("POST", "/api/v1/auth/login", { body: { login: "ALICE@example.com", password: passwords.alice } });
      assert.equal(byEmail.status, 200);
      for (const body of [
        { login: "alice", password: "wrong-password" },
        { login: "nobody", password: "whatever-123" },
      ]) {
        const res = await call("POST", "/api/v1/auth/login", { body });
        assert.equal(res.status, 401);
        assert.deepEqual(res.body, { error: { code: "INVALID_CREDENTIALS", message: "wrong login or password" } });
      }
    });

    test("GET /auth/me needs a valid token", async () => {
      const me = await call("GET", "/api/v1/auth/me", { token: tokens.alice });
      assert.equal(me.status, 200);
      assert.equal(me.body.id, ids.alice);
      assert.equal((await call("GET", "/api/v1/auth/me")).status, 401);
      const forged = await call("GET", "/api/v1/auth/me", { token: `${tokens.alice.split(".")[0]}.AAAA` });
      assert.deepEqual(forged.body, { error: { code: "UNAUTHORIZED", message: "the token is not valid" } });
      const notBearer = await call("GET", "/api/v1/auth/me", { headers: { authorization: "Basic abc" } });
      assert.equal(notBearer.status, 401);
    });

    test("PATCH /auth/me edits the profile and nothing else", async () => {
      const res = await call("PATCH", "/api/v1/auth/me", { token: tokens.bob, body: { full_name: "Robert" } });
      assert.equal(res.status, 200);
      assert.equal(res.body.full_name, "Robert");
      assert.equal(res.body.username, "bob");
      for (const body of [{}, { username: "bobby" }, { is_superuser: true }, { full_name: 7 }]) {
        assert.equal((await call("PATCH", "/api/v1/auth/me", { token: tokens.bob, body })).status, 400, JSON.stringify(body));
      }
      assert.equal((await call("PATCH", "/api/v1/auth/me", { body: { full_name: "x" } })).status, 401);
      const stored = await server.db.selectFrom("users").select(["username", "is_superuser", "full_name"]).where("id", "=", ids.bob).executeTakeFirstOrThrow();
      assert.deepEqual(stored, { username: "bob", is_superuser: false, full_name: "Robert" });
    });

    test("PATCH /auth/me sets and clears avatar_url (revision 003), refusing non-http URLs", async () => {
      const set = await call("PATCH", "/api/v1/auth/me", { token: tokens.bob, body: { avatar_url: "https://cdn.example.com/bob.png" } });
      assert.equal(set.status, 200);
      assert.equal(set.body.avatar_url, "https://cdn.example.com/bob.png");
      for (const avatar_url of ["javascript:alert(1)", "x".repeat(501), 5]) {
        assert.equal((await call("PATCH", "/api/v1/auth/me", { token: tokens.bob, body: { avatar_url } })).status, 400, String(avatar_url));
      }
      const cleared = await call("PATCH", "/api/v1/auth/me", { token: tokens.bob, body: { avatar_url: null } });
      assert.equal(cleared.body.avatar_url, null);
      const stored = await server.db.selectFrom("users").select("avatar_url").where("id", "=", ids.bob).executeTakeFirstOrThrow();
      assert.deepEqual(stored, { avatar_url: null });
    });

    test("bots: create with defaults, duplicate names per owner refused", async () => {
      const res = await call("POST", "/api/v1/bots", { token: tokens.alice, body: { name: "Support", is_public: true } });
      assert.equal(res.status, 201);
      assert.equal(res.body.owner_id, ids.alice);
      assert.equal(res.body.temperature, 0.7);
      assert.equal(res.body.model_name, "fts-qa");
      assert.deepEqual(res.body.settings, {});
      assert.equal(res.body.is_public, true);
      ids.publicBot = res.body.id;
      const secret = await call("POST", "/api/v1/bots", {
        token: tokens.alice,
        body: { name: "Private", description: "internal", temperature: 1.25, settings: { tone: "dry", tags: ["a"] } },
      });
      assert.equal(secret.status, 201);
      assert.equal(secret.body.temperature, 1.25);
      assert.deepEqual(secret.body.settings, { tone: "dry", tags: ["a"] });
      assert.equal(secret.body.is_public, false);
      ids.privateBot = secret.body.id;
      const dup = await call("POST", "/api/v1/bots", { token: tokens.alice, body: { name: "Support" } });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.error.code, "BOT_NAME_TAKEN");
      const bobs = await call("POST", "/api/v1/bots", { token: tokens.bob, body: { name: "Support" } });
      assert.equal(bobs.status, 201, "another owner may reuse the name");
      ids.bobBot = bobs.body.id;
    });

    test("bots: bad input gets a 4xx JSON error and writes nothing", async () => {
      const before = await count("bots");
      const cases: [Parameters<Call>[2], number, string][] = [
        [{ rawBody: '{"name": "x",' }, 400, "INVALID_JSON"],
        [{ rawBody: "" }, 400, "INVALID_JSON"],
        [{ body: {} }, 400, "VALIDATION_FAILED"],
        [{ body: { name: "" } }, 400, "VALIDATION_FAILED"],
        [{ body: { name: "x".repeat(101) } }, 400, "VALIDATION_FAILED"],
        [{ body: { name: 42 } }, 400, "VALIDATION_FAILED"],
        [{ body: { name: "t", temperature: 2.5 } }, 400, "VALIDATION_FAILED"],
        [{ body: { name: "t", temperature: "1" } }, 400, "VALIDATION_FAILED"],
        [{ body: { name: "t", temperature: 0.123 } }, 400, "BAD_REQUEST"],
        [{ body: { name: "t", is_public: "true" } }, 400, "VALIDATION_FAILED"],
        [{ body: { name: "t", settings: [1, 2] } }, 400, "VALIDATION_FAILED"],
        [{ body: { name: "t", owner_id: ids.bob } }, 400, "VALIDATION_FAILED"],
        [{ body: { name: "t", description: "d".repeat(300 * 1024) } }, 413, "PAYLOAD_TOO_LARGE"],
        [{ rawBody: "name=t", headers: { "content-type": "application/x-www-form-urlencoded" } }, 415, "UNSUPPORTED_MEDIA_TYPE"],
      ];
      for (const [options, status, code] of cases) {
        const res = await call("POST", "/api/v1/bots", { token: tokens.alice, ...options });
        assert.equal(res.status, status, JSON.stringify(options).slice(0, 80));
        assert.equal(res.body.error.code, code, JSON.stringify(options).slice(0, 80));
      }
      const long = await call("POST", "/api/v1/bots", { token: tokens.alice, body: { name: "x".repeat(101) } });
      assert.equal(long.body.error.message, "body/name must NOT have more than 100 characters");
      const unauthenticated = await call("POST", "/api/v1/bots", { body: { name: "anon" } });
      assert.equal(unauthenticated.status, 401);
      assert.equal(await count("bots"), before);
    });

    test("bots: list shows your own and public bots; anonymous visitors see public ones", async () => {
      const names = (res: { body: { items: { id: string }[] } }) => res.body.items.map((b) => b.id).sort();
      assert.deepEqual(names(await call("GET", "/api/v1/bots", { token: tokens.alice })), [ids.publicBot, ids.privateBot].sort());
      assert.deepEqual(names(await call("GET", "/api/v1/bots", { token: tokens.bob })), [ids.publicBot, ids.bobBot].sort());
      assert.deepEqual(names(await call("GET", "/api/v1/bots")), [ids.publicBot]);
      const first = await call("GET", "/api/v1/bots?limit=1", { token: tokens.alice });
      assert.equal(first.body.items.length, 1);
      assert.equal(first.body.limit, 1);
      assert.equal(typeof first.body.next_cursor, "string");
      const second = await call("GET", `/api/v1/bots?limit=1&cursor=${first.body.next_cursor}`, { token: tokens.alice });
      assert.deepEqual([first.body.items[0].id, second.body.items[0].id].sort(), [ids.publicBot, ids.privateBot].sort());
      assert.equal(second.body.next_cursor, null);
      for (const query of ["limit=abc", "limit=0", "limit=201", "offset=0", "cursor=not!base64"]) {
        const res = await call("GET", `/api/v1/bots?${query}`);
        assert.equal(res.status, 400, query);
        assert.equal(res.body.error.code, "VALIDATION_FAILED", query);
      }
      const forged = await call("GET", `/api/v1/bots?cursor=${Buffer.from('["yesterday"]').toString("base64url")}`);
      assert.deepEqual(forged.body, {
        error: { code: "INVALID_CURSOR", message: "the cursor is not one this list issued; start again from the first page without it" },
      });
    });

    test("bots: a private bot is 404 to everyone but its owner; only the owner changes a bot", async () => {
      assert.equal((await call("GET", `/api/v1/bots/${ids.privateBot}`, { token: tokens.alice })).status, 200);
      for (const token of [tokens.bob, undefined]) {
        const res = await call("GET", `/api/v1/bots/${ids.privateBot}`, token === undefined ? {} : { token });
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, { error: { code: "NOT_FOUND", message: "bot not found" } });
      }
      assert.equal((await call("PATCH", `/api/v1/bots/${ids.privateBot}`, { token: tokens.bob, body: { name: "mine" } })).status, 404);
      assert.equal((await call("DELETE", `/api/v1/bots/${ids.privateBot}`, { token: tokens.bob })).status, 404);
      assert.equal((await call("GET", `/api/v1/bots/${ids.publicBot}`, { token: tokens.bob })).status, 200);
      const notOwner = await call("PATCH", `/api/v1/bots/${ids.publicBot}`, { token: tokens.bob, body: { name: "mine" } });
      assert.equal(notOwner.status, 403);
      assert.equal((await call("DELETE", `/api/v1/bots/${ids.publicBot}`, { token: tokens.bob })).status, 403);
      assert.equal((await call("GET", `/api/v1/bots/${MISSING}`, { token: tokens.alice })).status, 404);
      const badId = await call("GET", "/api/v1/bots/not-a-uuid", { token: tokens.alice });
      assert.equal(badId.status, 400);
      assert.equal(badId.body.error.message, 'params/botId must match format "uuid"');
      const unchanged = await server.db.selectFrom("bots").select("name").where("id", "=", ids.publicBot).executeTakeFirstOrThrow();
      assert.equal(unchanged.name, "Support");
    });

    test("bots: the owner updates and deletes; updated_at moves", async () => {
      const before = await call("GET", `/api/v1/bots/${ids.privateBot}`, { token: tokens.alice });
      const res = await call("PATCH", `/api/v1/bots/${ids.privateBot}`, {
        token: tokens.alice,
        body: { system_prompt: "Be brief.", temperature: 0, description: null },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.system_prompt, "Be brief.");
      assert.equal(res.body.temperature, 0);
      assert.equal(res.body.description, null);
      assert.equal(res.body.name, "Private");
      assert.ok(Date.parse(res.body.updated_at) > Date.parse(before.body.updated_at));
      assert.equal(res.body.created_at, before.body.created_at);
      assert.equal((await call("PATCH", `/api/v1/bots/${ids.privateBot}`, { token: tokens.alice, body: {} })).status, 400);
      const rename = await call("PATCH", `/api/v1/bots/${ids.privateBot}`, { token: tokens.alice, body: { name: "Support" } });
      assert.equal(rename.status, 409);
      const gone = await call("POST", "/api/v1/bots", { token: tokens.alice, body: { name: "Temporary" } });
      assert.equal((await call("DELETE", `/api/v1/bots/${gone.body.id}`, { token: tokens.alice })).status, 204);
      assert.equal((await call("GET", `/api/v1/bots/${gone.body.id}`, { token: tokens.alice })).status, 404);
    });

    test("training data: the owner adds, lists and deletes; qa needs a question", async () => {
      const path = `/api/v1/bots/${ids.publicBot}/training-data`;
      const items = [
        { source_type: "qa", question: "What are your opening hours?", content: "We are open from 9am to 5pm, Monday to Friday." },
        { source_type: "qa", question: "How do I reset my password?", content: "Use the 'Forgot password' link on the login page." },
        { source_type: "text", content: "Refunds for opening orders are processed within 14 days.", metadata: { source: "handbook" } },
      ];
      for (const body of items) {
        const res = await call("POST", path, { token: tokens.alice, body });
        assert.equal(res.status, 201);
        assert.equal(res.body.status, "pending");
        assert.equal(res.body.bot_id, ids.publicBot);
      }
      const before = await count("training_data");
      const bad: [unknown, string][] = [
        [{ source_type: "qa", content: "no question" }, "a qa training item needs a question"],
        [{ source_type: "text", question: "q?", content: "c" }, "only a qa training item has a question"],
        [{ source_type: "video", content: "c" }, "body/source_type must be equal to one of the allowed values"],
        [{ source_type: "text", content: "" }, "body/content must NOT have fewer than 1 characters"],
      ];
      for (const [body, message] of bad) {
        const res = await call("POST", path, { token: tokens.alice, body });
        assert.equal(res.status, 400);
        assert.equal(res.body.error.message, message);
      }
      assert.equal((await call("POST", path, { token: tokens.bob, body: items[0] })).status, 403);
      assert.equal((await call("POST", `/api/v1/bots/${ids.privateBot}/training-data`, { token: tokens.bob, body: items[0] })).status, 404);
      assert.equal(await count("training_data"), before);
      const list = await call("GET", path, { token: tokens.alice });
      assert.deepEqual(
        list.body.items.map((i: { source_type: string }) => i.source_type),
        ["qa", "qa", "text"],
      );
      assert.deepEqual(list.body.items[2].metadata, { source: "handbook" });
      const extra = await call("POST", path, { token: tokens.alice, body: { source_type: "text", content: "to be deleted" } });
      assert.equal((await call("DELETE", `${path}/${extra.body.id}`, { token: tokens.bob })).status, 403);
      assert.equal((await call("DELETE", `${path}/${extra.body.id}`, { token: tokens.alice })).status, 204);
      assert.equal((await call("DELETE", `${path}/${extra.body.id}`, { token: tokens.alice })).status, 404);
    });

    test("training jobs: one active job per bot; the runner processes every row with progress", async () => {
      const path = `/api/v1/bots/${ids.publicBot}/training-jobs`;
      const job = await call("POST", path, { token: tokens.alice });
      assert.equal(job.status, 201);
      assert.equal(job.body.status, "pending");
      assert.equal(job.body.progress, 0);
      const second = await call("POST", path, { token: tokens.alice });
      assert.equal(second.status, 409);
      assert.equal(second.body.error.code, "JOB_ALREADY_ACTIVE");
      assert.equal(await count("training_jobs"), 1);

      const seen: { status: string; progress: number }[] = [];
      afterRow = async (jobId) => {
        seen.push(await server.db.selectFrom("training_jobs").select(["status", "progress"]).where("id", "=", jobId).executeTakeFirstOrThrow());
      };
      assert.equal(await server.runner.drain(), 1);
      afterRow = undefined;
      assert.deepEqual(seen, [
        { status: "running", progress: 33 },
        { status: "running", progress: 66 },
        { status: "running", progress: 100 },
      ]);
      const done = await call("GET", `${path}/${job.body.id}`, { token: tokens.alice });
      assert.equal(done.body.status, "completed");
      assert.equal(done.body.progress, 100);
      assert.ok(done.body.started_at !== null && done.body.completed_at !== null);
      const data = await call("GET", `/api/v1/bots/${ids.publicBot}/training-data`, { token: tokens.alice });
      assert.deepEqual(
        data.body.items.map((i: { status: string }) => i.status),
        ["processed", "processed", "processed"],
      );
      const list = await call("GET", path, { token: tokens.alice });
      assert.deepEqual(list.body.items.map((j: { id: string }) => j.id), [job.body.id]);
      assert.equal((await call("GET", `${path}/${job.body.id}`, { token: tokens.bob })).status, 403);
      assert.equal((await call("GET", `${path}/${MISSING}`, { token: tokens.alice })).status, 404);
      const cancelDone = await call("POST", `${path}/${job.body.id}/cancel`, { token: tokens.alice });
      assert.equal(cancelDone.status, 409);
      assert.equal(cancelDone.body.error.message, "the job is already completed; only a pending or running job can be cancelled");
    });

    test("training jobs: cancelling stops a pending job, and a running one at the next row", async () => {
      const path = `/api/v1/bots/${ids.privateBot}/training-jobs`;
      const pending = await call("POST", path, { token: tokens.alice });
      const cancelled = await call("POST", `${path}/${pending.body.id}/cancel`, { token: tokens.alice });
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.status, "cancelled");
      assert.equal(await server.runner.drain(), 0);

      for (const n of [1, 2, 3]) {
        await call("POST", `/api/v1/bots/${ids.privateBot}/training-data`, { token: tokens.alice, body: { source_type: "text", content: `row ${n}` } });
      }
      const job = await call("POST", path, { token: tokens.alice });
      assert.equal(job.status, 201, "a cancelled job is not active");
      afterRow = async (jobId, done) => {
        if (done === 1) assert.equal((await call("POST", `${path}/${jobId}/cancel`, { token: tokens.alice })).status, 200);
      };
      assert.equal(await server.runner.drain(), 1);
      afterRow = undefined;
      const final = await call("GET", `${path}/${job.body.id}`, { token: tokens.alice });
      assert.equal(final.body.status, "cancelled");
      assert.equal(final.body.progress, 33);
      const statuses = (await call("GET", `/api/v1/bots/${ids.privateBot}/training-data`, { token: tokens.alice })).body.items.map(
        (i: { status: string }) => i.status,
      );
      assert.deepEqual(statuses, ["processed", "pending", "pending"]);
    });

    test("training jobs: the background runner picks up a job on its own", async () => {
      await call("POST", `/api/v1/bots/${ids.bobBot}/training-data`, {
        token: tokens.bob,
        body: { source_type: "qa", question: "Who are you?", content: "Bob's bot." },
      });
      const job = await call("POST", `/api/v1/bots/${ids.bobBot}/training-jobs`, { token: tokens.bob });
      server.runner.start();
      let status = job.body.status;
      for (let attempt = 0; attempt < 600 && status !== "completed"; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await call("GET", `/api/v1/bots/${ids.bobBot}/training-jobs/${job.body.id}`, { token: tokens.bob })).body.status;
      }
      await server.runner.stop();
      assert.equal(status, "completed");
    });

    test("training jobs: a job left running by a dead runner is requeued and finished", async () => {
      await call("POST", `/api/v1/bots/${ids.bobBot}/training-data`, { token: tokens.bob, body: { source_type: "text", content: "late row" } });
      const old = new Date(Date.now() - 60 * 60 * 1000);
      const abandoned = await server.db
        .insertInto("training_jobs")
        .values({ bot_id: ids.bobBot, status: "running", started_at: old, created_at: old, updated_at: old })
        .returning("id")
        .executeTakeFirstOrThrow();
      assert.equal((await call("POST", `/api/v1/bots/${ids.bobBot}/training-jobs`, { token: tokens.bob })).status, 409, "it still counts as active");
      assert.equal(await server.runner.drain(), 1);
      const job = await call("GET", `/api/v1/bots/${ids.bobBot}/training-jobs/${abandoned.id}`, { token: tokens.bob });
      assert.equal(job.body.status, "completed");
      assert.equal(job.body.progress, 100);
      assert.ok(server.logs.some((line) => line.includes("training job abandoned by its runner; requeued") && line.includes(abandoned.id)));
    });

    test("conversations: a visitor talks to a public bot; the reply is the best-ranked passage, and says which item answered", async () => {
      const start = await call("POST", `/api/v1/bots/${ids.publicBot}/conversations`);
      assert.equal(start.status, 201);
      assert.equal(start.body.user_id, null);
      assert.equal(start.body.message_count, 0);
      assert.equal(start.body.last_message_at, null);
      assert.match(start.body.session_id, /^[A-Za-z0-9_-]{32}$/);
      sessions.push(start.body.session_id);
      ids.anonConversation = start.body.id;
      const session = { "x-session-id": start.body.session_id };
      const path = `/api/v1/conversations/${start.body.id}/messages`;

      const hit = await call("POST", path, { headers: session, body: { content: "When are you open?" } });
      assert.equal(hit.status, 201);
      assert.equal(hit.body.matched, true);
      assert.equal(hit.body.user_message.role, "user");
      assert.equal(hit.body.user_message.content, "When are you open?");
      assert.equal(hit.body.user_message.token_count, 5);
      assert.equal(hit.body.assistant_message.role, "assistant");
      assert.equal(hit.body.assistant_message.content, "We are open from 9am to 5pm, Monday to Friday.");
      assert.equal(hit.body.conversation.message_count, 2);
      assert.equal(hit.body.conversation.title, "When are you open?");

      const password = await call("POST", path, { headers: session, body: { content: "I forgot my password, how can I reset it" } });
      assert.equal(password.body.assistant_message.content, "Use the 'Forgot password' link on the login page.");

      assert.equal(hit.body.assistant_message.metadata.source.source_type, "qa");
      assert.equal(hit.body.assistant_message.metadata.source.training_data_id, hit.body.source_training_data_id);
      // Text items answer too, with the passage that matched, cited in the metadata.
      const refunds = await call("POST", path, { headers: session, body: { content: "when are refunds processed?" } });
      assert.equal(refunds.body.matched, true);
      assert.equal(refunds.body.assistant_message.content, "Refunds for opening orders are processed within 14 days.");
      assert.equal(refunds.body.assistant_message.metadata.source.source_type, "text");
      // A question that shares a word with an item but is about something else gets the fallback.
      const miss = await call("POST", path, { headers: session, body: { content: "is the museum open on mondays" } });
      assert.equal(miss.body.matched, false);
      assert.deepEqual(miss.body.assistant_message.metadata, { source: null, generated_by: null });
      assert.equal(miss.body.source_training_data_id, null);
      assert.equal(miss.body.assistant_message.content, FALLBACK_REPLY);
      const stopWords = await call("POST", path, { headers: session, body: { content: "the and of" } });
      assert.equal(stopWords.body.assistant_message.content, FALLBACK_REPLY);

      const messages = await call("GET", path, { headers: session });
      assert.equal(messages.status, 200);
      assert.deepEqual(
        messages.body.items.map((m: { role: string }) => m.role),
        ["user", "assistant", "user", "assistant", "user", "assistant", "user", "assistant", "user", "assistant"],
      );
      const conversation = await call("GET", `/api/v1/conversations/${start.body.id}`, { headers: session });
      assert.equal(conversation.body.message_count, 10);
      assert.equal(conversation.body.last_message_at, messages.body.items[9].created_at);
      assert.equal(conversation.body.session_id, undefined, "the session id is shown only when the conversation starts");
    });

    test("conversations: only participants write; the bot's owner reads; others get 404", async () => {
      const path = `/api/v1/conversations/${ids.anonConversation}/messages`;
      assert.equal((await call("GET", path)).status, 404);
      assert.equal((await call("GET", path, { headers: { "x-session-id": "wrong" } })).status, 404);
      assert.equal((await call("GET", path, { token: tokens.bob })).status, 404);
      assert.equal((await call("GET", path, { token: tokens.alice })).status, 200, "the bot's owner reads");
      assert.equal((await call("POST", path, { token: tokens.alice, body: { content: "hi" } })).status, 404, "but does not write");

      const mine = await call("POST", `/api/v1/bots/${ids.publicBot}/conversations`, { token: tokens.bob, body: { title: "Bob asks" } });
      assert.equal(mine.status, 201);
      assert.equal(mine.body.user_id, ids.bob);
      sessions.push(mine.body.session_id);
      const bobPath = `/api/v1/conversations/${mine.body.id}/messages`;
      assert.equal((await call("POST", bobPath, { token: tokens.bob, body: { content: "opening hours?" } })).status, 201);
      assert.equal((await call("POST", bobPath, { headers: { "x-session-id": mine.body.session_id }, body: { content: "x" } })).status, 404);

      const before = await count("conversation_messages");
      for (const body of [{}, { content: "" }, { content: "   " }, { content: 5 }, { content: "x".repeat(4001) }, { content: "a", role: "assistant" }]) {
        assert.equal((await call("POST", bobPath, { token: tokens.bob, body })).status, 400, JSON.stringify(body).slice(0, 40));
      }
      assert.equal((await call("POST", `/api/v1/conversations/${MISSING}/messages`, { token: tokens.bob, body: { content: "hi" } })).status, 404);
      assert.equal(await count("conversation_messages"), before);

      assert.equal((await call("POST", `/api/v1/bots/${ids.privateBot}/conversations`, { token: tokens.bob, body: {} })).status, 404);
      const own = await call("POST", `/api/v1/bots/${ids.privateBot}/conversations`, { token: tokens.alice, body: {} });
      const badTitle = await call("POST", `/api/v1/bots/${ids.privateBot}/conversations`, { token: tokens.alice, body: { title: 5 } });
      assert.equal(badTitle.status, 400);
      assert.equal(own.status, 201, "an owner talks to a private bot");

      const ownerList = await call("GET", `/api/v1/bots/${ids.publicBot}/conversations`, { token: tokens.alice });
      assert.deepEqual(ownerList.body.items.map((c: { id: string }) => c.id), [mine.body.id, ids.anonConversation], "most recent first");
      const bobList = await call("GET", `/api/v1/bots/${ids.publicBot}/conversations`, { token: tokens.bob });
      assert.deepEqual(bobList.body.items.map((c: { id: string }) => c.id), [mine.body.id]);
    });

    test("deleting a bot deletes its training data, jobs and conversations", async () => {
      const bot = await call("POST", "/api/v1/bots", { token: tokens.bob, body: { name: "Short-lived", is_public: true } });
      await call("POST", `/api/v1/bots/${bot.body.id}/training-data`, { token: tokens.bob, body: { source_type: "text", content: "x" } });
      await call("POST", `/api/v1/bots/${bot.body.id}/training-jobs`, { token: tokens.bob });
      const conversation = await call("POST", `/api/v1/bots/${bot.body.id}/conversations`, { token: tokens.bob, body: {} });
      await call("POST", `/api/v1/conversations/${conversation.body.id}/messages`, { token: tokens.bob, body: { content: "hello" } });
      assert.equal((await call("DELETE", `/api/v1/bots/${bot.body.id}`, { token: tokens.bob })).status, 204);
      for (const table of ["training_data", "training_jobs", "conversations"] as const) {
        const left = await server.db.selectFrom(table).select("id").where("bot_id", "=", bot.body.id).execute();
        assert.deepEqual(left, [], table);
      }
      const messages = await server.db.selectFrom("conversation_messages").select("id").where("conversation_id", "=", conversation.body.id).execute();
      assert.deepEqual(messages, []);
    });

    test("unknown routes get a JSON 404", async () => {
      const res = await call("GET", "/api/v1/nothing?x=1");
      assert.deepEqual(res, { ...res, status: 404, body: { error: { code: "NOT_FOUND", message: "no route GET /api/v1/nothing" } } });
    });

    test("every request is logged as JSON, and no password, token or session id reaches the log", async () => {
      assert.ok(server.logs.length > 50);
      const entries = server.logs.map((line) => JSON.parse(line) as { msg?: string; req?: { url?: string }; code?: string; reason?: string });
      assert.ok(entries.some((e) => e.msg === "incoming request" && e.req?.url === "/api/v1/auth/login"));
      assert.ok(entries.some((e) => e.msg === "request completed"));
      assert.ok(entries.some((e) => e.msg === "request refused" && e.code === "INVALID_CREDENTIALS" && e.reason === "wrong login or password"));
      assert.ok(entries.some((e) => e.msg === "request refused" && e.code === "INVALID_JSON"));
      const all = server.logs.join("\n");
      for (const secret of [...Object.values(passwords), ...Object.values(tokens), ...sessions]) {
        assert.ok(secret.length > 0);
        assert.ok(!all.includes(secret), "a secret reached the log");
      }
      assert.ok(!all.includes("scrypt$"), "a password hash reached the log");
    });

    test("the database agrees with the API: counters come from the triggers", async () => {
      const rows = await sql<{ id: string; message_count: number; actual: string }>`
        select c.id, c.message_count, (select count(*) from conversation_messages m where m.conversation_id = c.id) as actual
        from conversations c`.execute(server.db);
      assert.ok(rows.rows.length >= 3);
      for (const row of rows.rows) assert.equal(row.message_count, Number(row.actual));
    });
  });
};
