// Two server processes share one login limit: attempts spread over both replicas are
// counted together, in the database's rate_limit_counters table by default and in Redis
// when REDIS_URL is set. With per-process counters the 4th attempt below would pass.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../../../retort/test/support/postgres.js";
import { migrate, ok } from "../support/cli.js";
import { startReplica, type Replica } from "../support/replica.js";
import { client } from "../support/server.js";

const REDIS_URL = "redis://127.0.0.1:6379";

const redisAnswers = (): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(6379, "127.0.0.1");
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => (socket.destroy(), resolve(data.toString().startsWith("+PONG"))));
    socket.on("error", () => resolve(false));
  });

const postgres = await postgresSkip();
const redis = (await redisAnswers()) ? false : `no Redis answers on ${REDIS_URL}`;
if (redis && process.env.BACKEND_REQUIRE_REDIS === "1") throw new Error(`BACKEND_REQUIRE_REDIS=1 but ${redis}`);
if (redis) process.stderr.write(`\n!!! SKIPPED: the Redis rate-limit suite: ${redis} !!!\n\n`);

const stores: [string, NodeJS.ProcessEnv, string | false][] = [
  ["the database table", {}, postgres],
  ["Redis", { REDIS_URL }, postgres || redis],
];

for (const [label, env, skip] of stores) {
  describe(`login limits shared by two replicas through ${label}`, { skip }, () => {
    let temp: TempDatabase;
    let replicas: Replica[] = [];
    // Unique per run: Redis outlives the test, and its counters must not carry over.
    const username = `shared_${process.pid}_${Date.now()}`;

    before(async () => {
      temp = await createTempDatabase("backend_limits");
      ok(await migrate(temp.url, "upgrade", "head"), "./migrate.sh upgrade head");
      const limits = { LOGIN_MAX_ATTEMPTS: "3", LOGIN_WINDOW_SECONDS: "120", ...env };
      replicas = await Promise.all([startReplica(temp.url, limits), startReplica(temp.url, limits)]);
      const res = await client(replicas[0]!.baseUrl)("POST", "/api/v1/auth/register", {
        body: { email: `${username}@example.com`, username, password: "right-password" },
      });
      assert.equal(res.status, 201);
    });

    after(async () => {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await temp?.drop();
    });

    test("three wrong passwords spread over both replicas block the fourth attempt on either", async () => {
      const [a, b] = replicas.map((replica) => client(replica.baseUrl)) as [ReturnType<typeof client>, ReturnType<typeof client>];
      const wrong = { body: { login: username, password: "wrong-password" } };
      assert.equal((await a("POST", "/api/v1/auth/login", wrong)).status, 401);
      assert.equal((await b("POST", "/api/v1/auth/login", wrong)).status, 401);
      assert.equal((await a("POST", "/api/v1/auth/login", wrong)).status, 401);
      for (const call of [b, a]) {
        const blocked = await call("POST", "/api/v1/auth/login", { body: { login: username, password: "right-password" } });
        assert.equal(blocked.status, 429);
        assert.equal(blocked.body.error.code, "TOO_MANY_ATTEMPTS");
        const wait = Number(blocked.headers.get("retry-after"));
        assert.ok(wait >= 1 && wait <= 120, String(wait));
      }
      assert.ok(replicas.every((replica) => replica.output().includes(`"rateLimits":"${env.REDIS_URL ? "redis" : "database"}"`)));
    });
  });
}
