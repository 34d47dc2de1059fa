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
    corsOrigins: [],
    loginMaxAttempts: 10,
    loginWindowSeconds: 60,
    jobLeaseSeconds: 600,
    trustProxy: false,
    llm: null,
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
    CORS_ORIGINS: "https://app.example.com, http://localhost:5173",
    LOGIN_MAX_ATTEMPTS: "3",
    LOGIN_WINDOW_SECONDS: "30",
    JOB_LEASE_SECONDS: "5",
    TRUST_PROXY: "10.0.0.0/8",
    LLM_BASE_URL: "https://llm.example.com/v1",
    LLM_API_KEY: "llm-key",
  });
  assert.deepEqual(settings, {
    host: "0.0.0.0",
    port: 9000,
    databaseUrl: "postgresql://u@h/db",
    production: true,
    authSecret: "s".repeat(32),
    tokenTtlSeconds: 600,
    logLevel: "warn",
    corsOrigins: ["https://app.example.com", "http://localhost:5173"],
    loginMaxAttempts: 3,
    loginWindowSeconds: 30,
    jobLeaseSeconds: 5,
    trustProxy: "10.0.0.0/8",
    llm: { baseUrl: "https://llm.example.com/v1", apiKey: "llm-key" },
  });
});

test("a bad number stops the start with one clear line", () => {
  assert.throws(() => readSettings({ PORT: "eighty" }), { name: "SettingsError", message: 'PORT must be an integer between 0 and 65535, got "eighty"' });
  assert.throws(() => readSettings({ TOKEN_TTL_SECONDS: "5" }), {
    name: "SettingsError",
    message: 'TOKEN_TTL_SECONDS must be an integer between 60 and 31536000, got "5"',
  });
});

test("CORS_ORIGINS takes origins only", () => {
  assert.throws(() => readSettings({ CORS_ORIGINS: "https://ok.example.com,*" }), {
    name: "SettingsError",
    message: 'CORS_ORIGINS must be comma-separated origins such as https://app.example.com, got "*"',
  });
  assert.throws(() => readSettings({ CORS_ORIGINS: "https://app.example.com/path" }), { name: "SettingsError" });
});

test("TRUST_PROXY: off, any proxy, or the proxies' addresses", () => {
  assert.deepEqual(["", "false", "true", "127.0.0.1,10.0.0.0/8"].map((raw) => readSettings({ TRUST_PROXY: raw }).trustProxy), [false, false, true, "127.0.0.1,10.0.0.0/8"]);
});

test("LLM_BASE_URL and LLM_API_KEY: both or neither, and an http(s) URL", () => {
  assert.throws(() => readSettings({ LLM_BASE_URL: "https://llm.example.com/v1" }), {
    name: "SettingsError",
    message: "LLM_BASE_URL and LLM_API_KEY go together: LLM_API_KEY is not set",
  });
  assert.throws(() => readSettings({ LLM_API_KEY: "k" }), { name: "SettingsError", message: "LLM_BASE_URL and LLM_API_KEY go together: LLM_BASE_URL is not set" });
  for (const url of ["llm.example.com", "ftp://llm.example.com"]) {
    assert.throws(() => readSettings({ LLM_BASE_URL: url, LLM_API_KEY: "secret-key" }), {
      name: "SettingsError",
      message: "LLM_BASE_URL must be an http(s) URL such as https://api.openai.com/v1",
    });
  }
});
