import { table, integer, timestamp, varchar, index } from "retort-migrate";

/** Rate-limit counters shared by every replica (app/repositories/rate-limit-counters.ts). */
export const rateLimitCounters = table(
  "rate_limit_counters",
  {
    // A hash of the limited thing (an address, an account), never the thing itself.
    key: varchar(64).primaryKey(),
    count: integer().notNull(),
    reset_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("ix_rate_limit_counters_reset_at").on(t.reset_at)],
);
