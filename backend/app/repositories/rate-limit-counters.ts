// The counter store in PostgreSQL (the default): one row per counter in
// rate_limit_counters. A row whose window has ended restarts at 1 on its next hit, and
// rows untouched past their window are deleted now and then, so the table stays small.
import { sql } from "kysely";
import type { Database } from "../database.js";
import type { CounterStore } from "../auth/rate-limiter.js";

const SWEEP_EVERY_MS = 60_000;

export const databaseCounters = (db: Database, now: () => number = Date.now): CounterStore => {
  let lastSweep = now();
  const sweep = async () => {
    if (now() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now();
    await db.deleteFrom("rate_limit_counters").where("reset_at", "<", sql<Date>`now()`).execute();
  };
  return {
    async hit(key, windowSeconds) {
      await sweep();
      // One statement, so concurrent hits from any replica are counted exactly; the
      // database's clock ends the window, so replicas' clocks need not agree.
      const row = await db
        .insertInto("rate_limit_counters")
        .values({ key, count: 1, reset_at: sql<Date>`now() + make_interval(secs => ${windowSeconds})` })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({
            count: sql<number>`case when rate_limit_counters.reset_at <= now() then 1 else rate_limit_counters.count + 1 end`,
            reset_at: sql<Date>`case when rate_limit_counters.reset_at <= now() then excluded.reset_at else rate_limit_counters.reset_at end`,
          }),
        )
        .returning(["count", sql<string>`ceil(extract(epoch from reset_at - now()))::int`.as("seconds_left")])
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), secondsLeft: Number(row.seconds_left) };
    },
    async clear(key) {
      await db.deleteFrom("rate_limit_counters").where("key", "=", key).execute();
    },
    async close() {},
  };
};
