// The counter stores behind the login and registration limits, on a real database and a
// real Redis: counts within a window, a fresh count once the window is over, clearing, and
// (database) finished windows swept away so the table stays small.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import net from "node:net";
import { openDatabase, type OpenedDatabase } from "../../app/database.js";
import { openRedisCounters } from "../../app/auth/redis-counters.js";
import { createRateLimiter, type CounterStore } from "../../app/auth/rate-limiter.js";
import { databaseCounters } from "../../app/repositories/rate-limit-counters.js";
import { migrate, ok } from "../support/cli.js";
import { freshPglite, type FreshPglite } from "../support/pglite.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const redisAnswers = (): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(6379, "127.0.0.1");
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.on("connect", () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
  });

const behaviour = (store: () => CounterStore, prefix: string) => {
  test("hits within a window count up; the seconds left never exceed the window", async () => {
    const counters = store();
    const key = `${prefix}-count`;
    const counts = [];
    for (let i = 0; i < 3; i++) {
      const hit = await counters.hit(key, 60);
      counts.push(hit.count);
      assert.ok(hit.secondsLeft >= 1 && hit.secondsLeft <= 60, String(hit.secondsLeft));
    }
    assert.deepEqual(counts, [1, 2, 3]);
  });

  test("a finished window starts again at 1; clear starts a key again at once", async () => {
    const counters = store();
    const key = `${prefix}-window`;
    assert.equal((await counters.hit(key, 1)).count, 1);
    assert.equal((await counters.hit(key, 1)).count, 2);
    await pause(1200);
    assert.equal((await counters.hit(key, 1)).count, 1);
    await counters.clear(key);
    assert.equal((await counters.hit(key, 60)).count, 1);
  });

  test("the limiter answers with the longest wait of any key over the limit", async () => {
    const limiter = createRateLimiter(store());
    const limits = { maxAttempts: 2, windowSeconds: 30 };
    const keys = [`${prefix}-ip`, `${prefix}-account`];
    assert.equal(await limiter.attempt(keys, limits), undefined);
    assert.equal(await limiter.attempt(keys, limits), undefined);
    const wait = await limiter.attempt(keys, limits);
    assert.ok(wait !== undefined && wait >= 1 && wait <= 30, String(wait));
    await limiter.reset(`${prefix}-account`);
    // The address is still over; the account alone would pass.
    assert.ok((await limiter.attempt(keys, limits)) !== undefined);
    assert.equal(await limiter.attempt([`${prefix}-account`], limits), undefined);
  });
};

describe("database counters (rate_limit_counters) on PGlite", () => {
  let pglite: FreshPglite;
  let database: OpenedDatabase;

  before(async () => {
    pglite = await freshPglite();
    ok(await migrate(pglite.url, "upgrade", "head"), "./migrate.sh upgrade head");
    database = await openDatabase(pglite.url);
  });

  after(async () => {
    await database?.close();
    await pglite?.cleanup();
  });

  behaviour(() => databaseCounters(database.db), "db");

  test("keys are stored hashed, and rows of finished windows are swept a minute later", async () => {
    let clock = Date.now();
    const counters = databaseCounters(database.db, () => clock);
    const limiter = createRateLimiter(counters);
    await limiter.attempt(["login-account:someone@example.com"], { maxAttempts: 5, windowSeconds: 1 });
    const keys = (await database.db.selectFrom("rate_limit_counters").select("key").execute()).map((row) => row.key);
    assert.ok(keys.includes(createHash("sha256").update("login-account:someone@example.com").digest("base64url")), keys.join(","));
    assert.ok(keys.every((key) => !key.includes("someone")));
    await pause(1200);
    clock += 61_000;
    await counters.hit("fresh", 60);
    const left = await database.db.selectFrom("rate_limit_counters").select("key").where("reset_at", "<", new Date()).execute();
    assert.deepEqual(left, []);
  });
});

const redisSkip = (await redisAnswers()) ? false : "no Redis on 127.0.0.1:6379";
if (redisSkip && process.env.BACKEND_REQUIRE_REDIS === "1") throw new Error(`BACKEND_REQUIRE_REDIS=1 but ${redisSkip}`);

describe("Redis counters", { skip: redisSkip }, () => {
  let redis: CounterStore;
  const prefix = `test-${process.pid}-${Date.now()}`;

  before(async () => {
    redis = await openRedisCounters("redis://127.0.0.1:6379");
  });

  after(async () => {
    for (const key of ["count", "window", "ip", "account"]) await redis?.clear(`${prefix}-${key}`);
    await redis?.close();
  });

  behaviour(() => redis, prefix);
});
