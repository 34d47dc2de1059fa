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

test("only the exact issued string verifies: trailing junk, padding or a stray character is malformed", () => {
  const { token } = issueToken(secret, "user-1", 3600, now);
  const [payload, signature] = token.split(".") as [string, string];
  // The signature's last character carries spare bits: a neighbour decodes to the same bytes.
  const last = signature.at(-1) as string;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const twin = [...alphabet].find((c) => c !== last && Buffer.from(signature.slice(0, -1) + c, "base64url").equals(Buffer.from(signature, "base64url")));
  assert.ok(twin, "a 32-byte signature has spare bits in its last character");
  const variants = [
    `${token}~~`,
    `${token}!`,
    `${token}=`,
    `${payload}.${signature.slice(0, 10)}*${signature.slice(10)}`,
    `${payload}=.${signature}`,
    `${payload}.${signature.slice(0, -1)}${twin}`,
    ` ${token}`,
  ];
  for (const variant of variants) assert.deepEqual(verifyToken(secret, variant, now), { ok: false, reason: "malformed" }, variant);
  assert.equal(verifyToken(secret, token, now).ok, true);
});
