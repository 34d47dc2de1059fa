// Login attempts per client address and per account, in fixed windows. The account key
// stops one password being tried from many addresses; the address key stops one client
// trying many accounts. Counters live in the process: with N replicas an attacker gets at
// most N times the limit, still a fixed number per window.
export interface LoginLimits {
  /** Attempts allowed per key and window. */
  readonly maxAttempts: number;
  readonly windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { maxAttempts: 10, windowSeconds: 60 };

export interface LoginLimiter {
  /** Counts an attempt; returns the seconds to wait when over the limit, else undefined. */
  attempt(clientIp: string, account: string): number | undefined;
  /** A successful login clears its account's count (not the address's). */
  succeeded(account: string): void;
}

export const createLoginLimiter = (limits: LoginLimits = DEFAULT_LOGIN_LIMITS, now: () => number = Date.now): LoginLimiter => {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const windowMs = limits.windowSeconds * 1000;

  const hit = (key: string, at: number): number | undefined => {
    let entry = windows.get(key);
    if (!entry || entry.resetAt <= at) {
      entry = { count: 0, resetAt: at + windowMs };
      windows.set(key, entry);
    }
    entry.count += 1;
    return entry.count > limits.maxAttempts ? Math.ceil((entry.resetAt - at) / 1000) : undefined;
  };

  // Expired windows are dropped as the map grows, so it cannot grow without bound.
  const sweep = (at: number) => {
    if (windows.size < 10_000) return;
    for (const [key, entry] of windows) if (entry.resetAt <= at) windows.delete(key);
  };

  return {
    attempt(clientIp, account) {
      const at = now();
      sweep(at);
      const byAddress = hit(`ip:${clientIp}`, at);
      const byAccount = hit(`account:${account.toLowerCase()}`, at);
      if (byAddress === undefined && byAccount === undefined) return undefined;
      return Math.max(byAddress ?? 0, byAccount ?? 0);
    },
    succeeded(account) {
      windows.delete(`account:${account.toLowerCase()}`);
    },
  };
};
