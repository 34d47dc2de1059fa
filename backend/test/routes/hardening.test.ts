// What an outside client or attacker tried (issue 16), as specifications over real HTTP on
// PGlite: access follows a bot's current visibility, a visitor's view of a bot leaves out
// its configuration, identities are unique whatever their case, every temperature with two
// decimals is accepted as written, slow or oversized requests and wrong methods answer in
// the one error shape, and the usual security headers are on every response.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { readHeadRevisions } from "../../app/revisions.js";
import { migrate, ok } from "../support/cli.js";
import { freshPglite, type FreshPglite } from "../support/pglite.js";
import { client, startServer, type RunningServer } from "../support/server.js";

type Call = ReturnType<typeof client>;

const REQUEST_TIMEOUT_MS = 3000;
const HEADERS_TIMEOUT_MS = 2000;

/** Writes `chunks` on a raw connection and returns what the server answered. */
const rawExchange = (port: number, chunks: readonly string[]) =>
  new Promise<{ text: string; elapsedMs: number }>((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1", () => {
      for (const chunk of chunks) socket.write(chunk);
    });
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve({ text, elapsedMs: Date.now() - started }));
    socket.setTimeout(20_000, () => socket.destroy(new Error("no answer in 20 s")));
  });

const statusAndBody = (text: string) => {
  const [head = "", body = ""] = text.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), head, body: JSON.parse(body) as unknown };
};

describe("hardening", () => {
  let pglite: FreshPglite;
  let server: RunningServer;
  let call: Call;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const register = async (name: string, email = `${name.toLowerCase()}@example.com`) => {
    const res = await call("POST", "/api/v1/auth/register", { body: { email, username: name, password: `${name}-password-1` } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const login = await call("POST", "/api/v1/auth/login", { body: { login: name, password: `${name}-password-1` } });
    assert.equal(login.status, 200);
    tokens[name] = login.body.access_token;
    ids[name] = res.body.id;
  };

  const messageCount = async () =>
    Number((await server.db.selectFrom("conversation_messages").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

  before(async () => {
    pglite = await freshPglite();
    ok(await migrate(pglite.url, "upgrade", "head"), "./migrate.sh upgrade head");
    server = await startServer(pglite.url, {
      heads: await readHeadRevisions(),
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
    });
    call = client(server.baseUrl);
    await register("owner");
    await register("visitor");
  });

  after(async () => {
    await server?.close();
    await pglite?.cleanup();
  });

  test("a bot made private cuts off the conversations others started while it was public", async () => {
    const bot = await call("POST", "/api/v1/bots", { token: tokens.owner, body: { name: "Helpdesk", is_public: true } });
    assert.equal(bot.status, 201);
    const botId = bot.body.id as string;
    const mine = await call("POST", `/api/v1/bots/${botId}/conversations`, { token: tokens.visitor });
    assert.equal(mine.status, 201);
    const anonymous = await call("POST", `/api/v1/bots/${botId}/conversations`);
    assert.equal(anonymous.status, 201);
    const session = { "x-session-id": anonymous.body.session_id as string };
    assert.equal((await call("POST", `/api/v1/conversations/${mine.body.id}/messages`, { token: tokens.visitor, body: { content: "hello" } })).status, 201);
    assert.equal((await call("POST", `/api/v1/conversations/${anonymous.body.id}/messages`, { headers: session, body: { content: "hello" } })).status, 201);

    // The owner hides the bot and trains it on something internal.
    assert.equal((await call("PATCH", `/api/v1/bots/${botId}`, { token: tokens.owner, body: { is_public: false } })).status, 200);
    const item = { source_type: "qa", question: "What is the internal door code?", content: "The internal door code is 4711." };
    assert.equal((await call("POST", `/api/v1/bots/${botId}/training-data`, { token: tokens.owner, body: item })).status, 201);
    assert.equal((await call("POST", `/api/v1/bots/${botId}/training-jobs`, { token: tokens.owner })).status, 201);
    assert.equal(await server.runner.drain(), 1);

    const before = await messageCount();
    const notFound = { error: { code: "NOT_FOUND", message: "conversation not found" } };
    const attempts: [string, string, Parameters<Call>[2]][] = [
      ["POST", `/api/v1/conversations/${mine.body.id}/messages`, { token: tokens.visitor, body: { content: "What is the internal door code?" } }],
      ["GET", `/api/v1/conversations/${mine.body.id}`, { token: tokens.visitor }],
      ["GET", `/api/v1/conversations/${mine.body.id}/messages`, { token: tokens.visitor }],
      ["POST", `/api/v1/conversations/${anonymous.body.id}/messages`, { headers: session, body: { content: "What is the internal door code?" } }],
      ["GET", `/api/v1/conversations/${anonymous.body.id}`, { headers: session }],
      ["GET", `/api/v1/conversations/${anonymous.body.id}/messages`, { headers: session }],
    ];
    for (const [method, path, options] of attempts) {
      const res = await call(method, path, options);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.deepEqual(res.body, notFound, `${method} ${path}`);
      assert.ok(!JSON.stringify(res.body).includes("4711"));
    }
    assert.equal((await call("GET", `/api/v1/bots/${botId}/conversations`, { token: tokens.visitor })).status, 404);
    assert.equal((await call("POST", `/api/v1/bots/${botId}/conversations`, { token: tokens.visitor })).status, 404);
    assert.equal(await messageCount(), before, "nothing was written");

    // The owner still reads every conversation; making the bot public again restores access.
    assert.equal((await call("GET", `/api/v1/conversations/${mine.body.id}`, { token: tokens.owner })).status, 200);
    assert.equal((await call("PATCH", `/api/v1/bots/${botId}`, { token: tokens.owner, body: { is_public: true } })).status, 200);
    assert.equal((await call("GET", `/api/v1/conversations/${anonymous.body.id}/messages`, { headers: session })).status, 200);
  });

  test("a visitor's view of a public bot shows no system prompt, temperature or settings", async () => {
    const created = await call("POST", "/api/v1/bots", {
      token: tokens.owner,
      body: { name: "Shop", is_public: true, system_prompt: "Never mention the discount code SECRET10.", temperature: 0.3, settings: { discount: "SECRET10" } },
    });
    assert.equal(created.status, 201);
    const visitorKeys = ["created_at", "description", "id", "is_public", "model_name", "name", "owner_id", "updated_at"];
    for (const token of [tokens.visitor, undefined]) {
      const one = await call("GET", `/api/v1/bots/${created.body.id}`, token === undefined ? {} : { token });
      assert.equal(one.status, 200);
      assert.deepEqual(Object.keys(one.body).sort(), visitorKeys);
      const listed = await call("GET", "/api/v1/bots?limit=200", token === undefined ? {} : { token });
      const entry = listed.body.items.find((bot: { id: string }) => bot.id === created.body.id);
      assert.deepEqual(Object.keys(entry).sort(), visitorKeys);
      assert.ok(!JSON.stringify(listed.body).includes("SECRET10"));
    }
    const own = await call("GET", `/api/v1/bots/${created.body.id}`, { token: tokens.owner });
    assert.equal(own.body.system_prompt, "Never mention the discount code SECRET10.");
    assert.equal(own.body.temperature, 0.3);
    assert.deepEqual(own.body.settings, { discount: "SECRET10" });
  });

  test("usernames and emails are unique whatever their case, even when registrations race", async () => {
    const first = await call("POST", "/api/v1/auth/register", { body: { email: "race@example.com", username: "RACE_x", password: "race-password-1" } });
    assert.equal(first.status, 201);
    const second = await call("POST", "/api/v1/auth/register", { body: { email: "race2@example.com", username: "race_x", password: "race-password-1" } });
    assert.deepEqual([second.status, second.body.error.code], [409, "USERNAME_TAKEN"]);
    const email = await call("POST", "/api/v1/auth/register", { body: { email: "RACE@Example.COM", username: "other_x", password: "race-password-1" } });
    assert.deepEqual([email.status, email.body.error.code], [409, "EMAIL_TAKEN"]);
    const racing = await Promise.all(
      ["Dup_y", "dUP_Y", "dup_y"].map((username, i) =>
        call("POST", "/api/v1/auth/register", { body: { email: `dup${i}@example.com`, username, password: "dup-password-1" } }),
      ),
    );
    assert.deepEqual(racing.map((res) => res.status).sort(), [201, 409, 409]);
    for (const res of racing.filter((r) => r.status === 409)) assert.equal(res.body.error.code, "USERNAME_TAKEN");
    const rows = await server.db.selectFrom("users").select("username").where("username", "ilike", "dup_y").execute();
    assert.equal(rows.length, 1);
    // The username logs in in any case.
    assert.equal((await call("POST", "/api/v1/auth/login", { body: { login: "race_X", password: "race-password-1" } })).status, 200);
  });

  test("every temperature from 0.00 to 2.00 in steps of 0.01 is accepted and stored as written", async () => {
    const bot = await call("POST", "/api/v1/bots", { token: tokens.owner, body: { name: "Thermometer" } });
    const refused: string[] = [];
    for (let hundredths = 0; hundredths <= 200; hundredths++) {
      const text = (hundredths / 100).toFixed(2);
      const res = await call("PATCH", `/api/v1/bots/${bot.body.id}`, { token: tokens.owner, rawBody: `{"temperature": ${text}}` });
      if (res.status !== 200 || res.body.temperature !== Number(text)) refused.push(`${text}: ${res.status}`);
      const stored = await server.db.selectFrom("bots").select("temperature").where("id", "=", bot.body.id).executeTakeFirstOrThrow();
      if (stored.temperature !== text) refused.push(`${text} stored as ${stored.temperature}`);
    }
    assert.deepEqual(refused, []);
    for (const text of ["0.001", "1.105", "0.1e-2", "2.01"]) {
      const res = await call("PATCH", `/api/v1/bots/${bot.body.id}`, { token: tokens.owner, rawBody: `{"temperature": ${text}}` });
      assert.equal(res.status, 400, text);
    }
  });

  test("a body that is not UTF-8 is refused, not stored with U+FFFD in place of its bytes", async () => {
    const before = await messageCount();
    const bot = await call("POST", "/api/v1/bots", { token: tokens.owner, body: { name: "Bytes", is_public: true } });
    const conversation = await call("POST", `/api/v1/bots/${bot.body.id}/conversations`, { token: tokens.owner });
    const bytes = Buffer.concat([Buffer.from('{"content": "a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b"}')]);
    const res = await fetch(`${server.baseUrl}/api/v1/conversations/${conversation.body.id}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.owner}`, "content-type": "application/json" },
      body: bytes,
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: { code: "INVALID_JSON", message: "the body is not valid UTF-8" } });
    assert.equal(await messageCount(), before);
  });

  test("security headers are on every response; the CSP lets /docs load its own assets only", async () => {
    for (const path of ["/health", "/api/v1/bots", "/docs", "/nowhere"]) {
      const res = await fetch(`${server.baseUrl}${path}`);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
      assert.equal(res.headers.get("x-frame-options"), "SAMEORIGIN", path);
      const csp = res.headers.get("content-security-policy") ?? "";
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
    }
  });

  test("a known path asked with another method is a 405 naming its methods, in the one error shape", async () => {
    const res = await call("PUT", "/api/v1/bots");
    assert.equal(res.status, 405);
    assert.equal(res.headers.get("allow"), "GET, HEAD, POST");
    assert.deepEqual(res.body, { error: { code: "METHOD_NOT_ALLOWED", message: "PUT is not allowed on /api/v1/bots; use GET, HEAD, POST" } });
    const withId = await call("POST", `/api/v1/bots/${ids.owner}`);
    assert.equal(withId.status, 405);
    assert.equal(withId.headers.get("allow"), "DELETE, GET, HEAD, PATCH");
    const unknown = await call("GET", "/api/v1/nothing-here");
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, "NOT_FOUND"]);
  });

  test("headers larger than the server takes are a 431 in the one error shape", async () => {
    const port = Number(new URL(server.baseUrl).port);
    const { text } = await rawExchange(port, [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`]);
    const answer = statusAndBody(text);
    assert.equal(answer.status, 431);
    assert.deepEqual(answer.body, { error: { code: "HEADERS_TOO_LARGE", message: "the request's headers are too large" } });
  });

  test("a body or headers that stop arriving are cut off with a 408 after the timeout", async () => {
    const port = Number(new URL(server.baseUrl).port);
    const slowBody = await rawExchange(port, [
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
      '{"login": "ow',
    ]);
    const slowHeaders = await rawExchange(port, ["GET /health HTTP/1.1\r\nHost: x\r\n"]);
    for (const [what, exchange, limit] of [
      ["body", slowBody, REQUEST_TIMEOUT_MS],
      ["headers", slowHeaders, HEADERS_TIMEOUT_MS],
    ] as const) {
      const answer = statusAndBody(exchange.text);
      assert.equal(answer.status, 408, what);
      assert.deepEqual(answer.body, { error: { code: "REQUEST_TIMEOUT", message: "the request did not arrive in time" } }, what);
      assert.ok(exchange.elapsedMs >= limit - 100 && exchange.elapsedMs < limit + 5000, `${what}: cut after ${exchange.elapsedMs} ms`);
    }
  });
});
