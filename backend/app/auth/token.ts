// Bearer tokens: base64url(JSON {sub, exp}) "." base64url(HMAC-SHA256 of the first part).
// Stateless, so any replica holding the same secret accepts them until they expire.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface TokenClaims {
  /** The user's id. */
  readonly sub: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

const sign = (secret: string, payload: string): Buffer => createHmac("sha256", secret).update(payload).digest();

export const issueToken = (secret: string, userId: string, ttlSeconds: number, now = Date.now()): IssuedToken => {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const payload = Buffer.from(JSON.stringify({ sub: userId, exp } satisfies TokenClaims)).toString("base64url");
  return { token: `${payload}.${sign(secret, payload).toString("base64url")}`, expiresAt: new Date(exp * 1000) };
};

export type TokenCheck =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: "malformed" | "bad signature" | "expired" };

// Node's base64url decoder skips characters outside the alphabet and ignores padding and
// spare low bits, so "<token>~~" or "<token>=" would decode to the same bytes. Only the
// canonical form, the one issueToken writes, is accepted: one identity, one token string.
const canonicalBase64url = (text: string): Buffer | undefined => {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
};

export const verifyToken = (secret: string, token: string, now = Date.now()): TokenCheck => {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: "malformed" };
  const given = canonicalBase64url(signature);
  if (given === undefined || canonicalBase64url(payload) === undefined) return { ok: false, reason: "malformed" };
  const expected = sign(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad signature" };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof claims !== "object" || claims === null) return { ok: false, reason: "malformed" };
  const { sub, exp } = claims as Record<string, unknown>;
  if (typeof sub !== "string" || typeof exp !== "number") return { ok: false, reason: "malformed" };
  if (exp * 1000 <= now) return { ok: false, reason: "expired" };
  return { ok: true, claims: { sub, exp } };
};
