import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveAuthSecret } from "../../app/auth/secret.js";

test("AUTH_SECRET wins, and one shorter than 32 characters is refused", () => {
  const secret = "x".repeat(32);
  assert.equal(resolveAuthSecret({ authSecret: secret, production: true, dataDir: "/nonexistent" }), secret);
  assert.throws(() => resolveAuthSecret({ authSecret: "short", production: false, dataDir: "/nonexistent" }), {
    name: "SettingsError",
    message: "AUTH_SECRET must be at least 32 characters long",
  });
});

test("production refuses to start without AUTH_SECRET", () => {
  assert.throws(() => resolveAuthSecret({ authSecret: undefined, production: true, dataDir: "/nonexistent" }), {
    name: "SettingsError",
    message: "AUTH_SECRET is required when NODE_ENV=production (e.g. `openssl rand -hex 32`)",
  });
});

test("without AUTH_SECRET outside production, a secret is generated once, kept private and reused", () => {
  const dir = mkdtempSync(join(tmpdir(), "backend-secret-"));
  try {
    const dataDir = join(dir, ".retort");
    const first = resolveAuthSecret({ authSecret: undefined, production: false, dataDir });
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.equal(readFileSync(join(dataDir, "auth-secret"), "utf8"), `${first}\n`);
    assert.equal(statSync(join(dataDir, "auth-secret")).mode & 0o777, 0o600);
    assert.equal(resolveAuthSecret({ authSecret: undefined, production: false, dataDir }), first);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
