// Attempts per key in fixed windows, counted in a store every replica shares, so N
// replicas allow the limit once, not N times. Keys are hashed before they reach the
// store: a counters table or a Redis instance has no business holding email addresses.
import { createHash } from "node:crypto";

export interface RateLimits {
  /** Attempts allowed per key and window. */
  readonly maxAttempts: number;
  readonly windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: RateLimits = { maxAttempts: 10, windowSeconds: 60 };
export const DEFAULT_REGISTER_LIMITS: RateLimits = { maxAttempts: 10, windowSeconds: 60 };

/** Where the counts live; the store's clock decides when a window ends. */
export interface CounterStore {
  /** Counts one attempt; the key's count in its window and the seconds until the window ends. */
  hit(key: string, windowSeconds: number): Promise<{ readonly count: number; readonly secondsLeft: number }>;
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimiter {
  /** Counts an attempt under every key; the seconds to wait when any is over the limit, else undefined. */
  attempt(keys: readonly string[], limits: RateLimits): Promise<number | undefined>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

const hashed = (key: string): string => createHash("sha256").update(key).digest("base64url");

export const createRateLimiter = (store: CounterStore): RateLimiter => ({
  async attempt(keys, limits) {
    let wait: number | undefined;
    for (const key of keys) {
      const { count, secondsLeft } = await store.hit(hashed(key), limits.windowSeconds);
      if (count > limits.maxAttempts) wait = Math.max(wait ?? 0, Math.max(1, secondsLeft));
    }
    return wait;
  },
  reset: (key) => store.clear(hashed(key)),
  close: () => store.close(),
});
