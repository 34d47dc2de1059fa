// Login rate limiting (429 with Retry-After, per client address and per account) and CORS
// (off unless CORS_ORIGINS names origins), over real HTTP.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readHeadRevisions } from "../../app/revisions.js";
import { migrate, ok } from "../support/cli.js";
import { freshPglite, type FreshPglite } from "../support/pglite.js";
import { client, startServer, type RunningServer } from "../support/server.js";

describe("login limits and CORS", () => {
  let pglite: FreshPglite;
  let limited: RunningServer;
  let open: RunningServer;

  before(async () => {
    pglite = await freshPglite();
    ok(await migrate(pglite.url, "upgrade", "head"), "./migrate.sh upgrade head");
    const heads = await readHeadRevisions();
    limited = await startServer(pglite.url, {
      heads,
      loginLimits: { maxAttempts: 3, windowSeconds: 120 },
      registerLimits: { maxAttempts: 3, windowSeconds: 120 },
      corsOrigins: ["https://app.example.com"],
    });
    const call = client(limited.baseUrl);
    for (const name of ["limit1", "limit2"]) {
      assert.equal((await call("POST", "/api/v1/auth/register", { body: { email: `${name}@example.com`, username: name, password: "right-password" } })).status, 201);
    }
  });

  after(async () => {
    await limited?.close();
    await open?.close();
    await pglite?.cleanup();
  });

  /** A POST from a given loopback address (Linux routes all of 127/8 to lo). */
  const postFrom = (address: string, path: string, body: unknown) =>
    new Promise<{ status: number; retryAfter: string | undefined; body: any }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const url = new URL(`${limited.baseUrl}${path}`);
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          localAddress: address,
          agent: false,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
        },
        (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, retryAfter: response.headers["retry-after"], body: JSON.parse(text) }),
          );
        },
      );
      request.on("error", reject);
      request.end(payload);
    });

  const loginFrom = (address: string, login: string, password: string) => postFrom(address, "/api/v1/auth/login", { login, password });

  test("the 4th attempt on one account within the window is a 429 with Retry-After, from any address, even with the right password", async () => {
    for (const address of ["127.0.0.2", "127.0.0.3", "127.0.0.4"]) {
      assert.equal((await loginFrom(address, "limit1", "wrong-password")).status, 401);
    }
    const blocked = await loginFrom("127.0.0.5", "LIMIT1", "right-password");
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.error.code, "TOO_MANY_ATTEMPTS");
    const retryAfter = Number(blocked.retryAfter);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 120, String(blocked.retryAfter));
    assert.equal(blocked.body.error.message, `too many login attempts; try again in ${retryAfter} seconds`);
  });

  test("one client address is limited across accounts too; other addresses and accounts are not", async () => {
    for (const login of ["nobody1", "nobody2", "nobody3"]) assert.equal((await loginFrom("127.0.0.6", login, "whatever-pass")).status, 401);
    const blocked = await loginFrom("127.0.0.6", "limit2", "right-password");
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.retryAfter) >= 1);
    const elsewhere = await loginFrom("127.0.0.7", "limit2", "right-password");
    assert.equal(elsewhere.status, 200);
    assert.equal(elsewhere.body.user.username, "limit2");
  });

  test("registration is limited per client address like login: the 4th in the window is a 429 and creates nothing", async () => {
    // before() registered two accounts from 127.0.0.1.
    const register = (address: string, name: string) =>
      postFrom(address, "/api/v1/auth/register", { email: `${name}@example.com`, username: name, password: "long-enough-1" });
    assert.equal((await register("127.0.0.1", "third")).status, 201);
    const blocked = await register("127.0.0.1", "fourth");
    assert.equal(blocked.status, 429);
    const retryAfter = Number(blocked.retryAfter);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 120, String(blocked.retryAfter));
    assert.deepEqual(blocked.body, {
      error: { code: "TOO_MANY_ATTEMPTS", message: `too many registrations from this address; try again in ${retryAfter} seconds` },
    });
    const row = await limited.db.selectFrom("users").select("id").where("username", "=", "fourth").executeTakeFirst();
    assert.equal(row, undefined);
    assert.equal((await register("127.0.0.8", "fourth")).status, 201);
  });

  test("CORS: an allowed origin gets the headers, any other origin none", async () => {
    const preflight = await fetch(`${limited.baseUrl}/api/v1/bots`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example.com", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "https://app.example.com");
    const allowed = await fetch(`${limited.baseUrl}/api/v1/bots`, { headers: { origin: "https://app.example.com" } });
    assert.equal(allowed.headers.get("access-control-allow-origin"), "https://app.example.com");
    const other = await fetch(`${limited.baseUrl}/api/v1/bots`, { headers: { origin: "https://evil.example.com" } });
    assert.equal(other.status, 200);
    assert.equal(other.headers.get("access-control-allow-origin"), null);
  });

  test("CORS is off by default: no headers, and a preflight is a 405 naming the path's methods", async () => {
    await limited.close();
    open = await startServer(pglite.url, { heads: await readHeadRevisions() });
    const res = await fetch(`${open.baseUrl}/api/v1/bots`, { headers: { origin: "https://app.example.com" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    const preflight = await fetch(`${open.baseUrl}/api/v1/bots`, { method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "POST" } });
    assert.equal(preflight.status, 405);
    assert.equal(preflight.headers.get("allow"), "GET, HEAD, POST");
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
  });
});
