import { test } from "node:test";
import assert from "node:assert/strict";
import { issueToken, verifyToken } from "../../app/auth/token.js";

const secret = "a".repeat(64);
const now = Date.UTC(2026, 10, 24, 12, 0, 0);

test("an issued token verifies with its secret and carries the user id and expiry", () => {
  const { token, expiresAt } = issueToken(secret, "user-1", 3600, now);
  assert.equal(expiresAt.toISOString(), "2026-11-24T13:00:00.000Z");
  assert.deepEqual(verifyToken(secret, token, now), { ok: true, claims: { sub: "user-1", exp: now / 1000 + 3600 } });
});

test("a token is refused once expired, with another secret, or when tampered with", () => {
  const { token } = issueToken(secret, "user-1", 3600, now);
  assert.deepEqual(verifyToken(secret, token, now + 3600 * 1000), { ok: false, reason: "expired" });
  assert.deepEqual(verifyToken("b".repeat(64), token, now), { ok: false, reason: "bad signature" });
  const [payload, signature] = token.split(".") as [string, string];
  const forged = Buffer.from(JSON.stringify({ sub: "admin", exp: now / 1000 + 3600 })).toString("base64url");
  assert.deepEqual(verifyToken(secret, `${forged}.${signature}`, now), { ok: false, reason: "bad signature" });
  assert.deepEqual(verifyToken(secret, `${payload}`, now), { ok: false, reason: "malformed" });
  assert.deepEqual(verifyToken(secret, `${payload}.${signature}.x`, now), { ok: false, reason: "malformed" });
});
