// The counter store on Redis (REDIS_URL): one key per counter, created with its window as
// its expiry, so Redis itself forgets finished windows.
import type { CounterStore } from "./rate-limiter.js";

const PREFIX = "chatbot:rate:";

export const openRedisCounters = async (url: string): Promise<CounterStore> => {
  const { createClient } = await import("redis");
  const client = createClient({ url });
  // Without a listener an error event would crash the process; the failing command
  // still rejects, so the request fails with a 500 instead.
  client.on("error", () => {});
  await client.connect();
  return {
    async hit(key, windowSeconds) {
      const name = PREFIX + key;
      const replies = await client
        .multi()
        .set(name, "0", { condition: "NX", expiration: { type: "PX", value: windowSeconds * 1000 } })
        .incr(name)
        .pTTL(name)
        .exec();
      const count = Number(replies[1]);
      const ttl = Number(replies[2]);
      return { count, secondsLeft: Math.ceil(Math.max(ttl, 0) / 1000) };
    },
    async clear(key) {
      await client.del(PREFIX + key);
    },
    async close() {
      await client.quit();
    },
  };
};
