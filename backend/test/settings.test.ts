import { test } from "node:test";
import assert from "node:assert/strict";
import { readSettings } from "../app/settings.js";

test("defaults: 127.0.0.1:8000, embedded PGlite, not production", () => {
  assert.deepEqual(readSettings({}), {
    host: "127.0.0.1",
    port: 8000,
    databaseUrl: undefined,
    production: false,
    authSecret: undefined,
    tokenTtlSeconds: 86400,
    logLevel: "info",
  });
});

test("the environment overrides each default", () => {
  const settings = readSettings({
    HOST: "0.0.0.0",
    PORT: "9000",
    DATABASE_URL: "postgresql://u@h/db",
    NODE_ENV: "production",
    AUTH_SECRET: "s".repeat(32),
    TOKEN_TTL_SECONDS: "600",
    LOG_LEVEL: "warn",
  });
  assert.deepEqual(settings, {
    host: "0.0.0.0",
    port: 9000,
    databaseUrl: "postgresql://u@h/db",
    production: true,
    authSecret: "s".repeat(32),
    tokenTtlSeconds: 600,
    logLevel: "warn",
  });
});

test("a bad number stops the start with one clear line", () => {
  assert.throws(() => readSettings({ PORT: "eighty" }), { name: "SettingsError", message: 'PORT must be an integer between 0 and 65535, got "eighty"' });
  assert.throws(() => readSettings({ TOKEN_TTL_SECONDS: "5" }), {
    name: "SettingsError",
    message: 'TOKEN_TTL_SECONDS must be an integer between 60 and 31536000, got "5"',
  });
});
