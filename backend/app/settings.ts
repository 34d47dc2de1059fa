// Everything the server reads from its environment, read once and validated, so that a
// bad value stops the process at start with one clear line instead of failing later.
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { LlmSettings } from "./services/llm.js";

/** backend/, whatever the working directory: the data dir must not move with cwd. */
export const backendDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** Where embedded PGlite keeps its data (and the development auth secret); `retort` run from backend/ uses the same directory by default. */
export const defaultDataDir = join(backendDir, ".retort");
export const defaultPgliteDir = join(defaultDataDir, "pglite");

export interface Settings {
  readonly host: string;
  readonly port: number;
  /** postgres(ql)://..., pglite://PATH or pglite://memory; undefined means embedded PGlite. */
  readonly databaseUrl: string | undefined;
  readonly production: boolean;
  /** AUTH_SECRET when set. */
  readonly authSecret: string | undefined;
  readonly tokenTtlSeconds: number;
  readonly logLevel: string;
  /** CORS_ORIGINS, comma-separated; empty: CORS off. */
  readonly corsOrigins: readonly string[];
  readonly loginMaxAttempts: number;
  readonly loginWindowSeconds: number;
  readonly jobLeaseSeconds: number;
  /** TRUST_PROXY: whose X-Forwarded-For to believe for the client address (login limits). */
  readonly trustProxy: boolean | string;
  /** LLM_BASE_URL and LLM_API_KEY: replies written by that model; null: retrieval alone. */
  readonly llm: LlmSettings | null;
}

export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

const integer = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SettingsError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
};

// An origin is scheme://host[:port], exactly what browsers send; anything else would
// never match and silently leave CORS broken.
const origins = (raw: string | undefined): string[] => {
  const list = (raw ?? "").split(",").map((item) => item.trim()).filter((item) => item !== "");
  for (const origin of list) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new SettingsError(`CORS_ORIGINS must be comma-separated origins such as https://app.example.com, got "${origin}"`);
    }
  }
  return list;
};

// unset: the peer is the client; "true": any proxy (only when nothing else can reach the
// server); otherwise the proxies' addresses or CIDRs, comma-separated, as Fastify takes them.
const trustProxy = (raw: string | undefined): boolean | string => {
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  return raw;
};

// Both or neither: one without the other is a deployment mistake, not a choice.
const llm = (baseUrl: string | undefined, apiKey: string | undefined): LlmSettings | null => {
  if (!baseUrl && !apiKey) return null;
  if (!baseUrl || !apiKey) throw new SettingsError(`LLM_BASE_URL and LLM_API_KEY go together: ${baseUrl ? "LLM_API_KEY" : "LLM_BASE_URL"} is not set`);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new SettingsError("LLM_BASE_URL must be an http(s) URL such as https://api.openai.com/v1");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new SettingsError("LLM_BASE_URL must be an http(s) URL such as https://api.openai.com/v1");
  return { baseUrl, apiKey };
};

export const readSettings = (env: NodeJS.ProcessEnv = process.env): Settings => ({
  host: env.HOST || "127.0.0.1",
  port: integer("PORT", env.PORT, 8000, 0, 65535),
  databaseUrl: env.DATABASE_URL || undefined,
  production: env.NODE_ENV === "production",
  authSecret: env.AUTH_SECRET || undefined,
  tokenTtlSeconds: integer("TOKEN_TTL_SECONDS", env.TOKEN_TTL_SECONDS, 24 * 3600, 60, 365 * 24 * 3600),
  logLevel: env.LOG_LEVEL || "info",
  corsOrigins: origins(env.CORS_ORIGINS),
  loginMaxAttempts: integer("LOGIN_MAX_ATTEMPTS", env.LOGIN_MAX_ATTEMPTS, 10, 1, 1_000_000),
  loginWindowSeconds: integer("LOGIN_WINDOW_SECONDS", env.LOGIN_WINDOW_SECONDS, 60, 1, 24 * 3600),
  jobLeaseSeconds: integer("JOB_LEASE_SECONDS", env.JOB_LEASE_SECONDS, 600, 1, 24 * 3600),
  trustProxy: trustProxy(env.TRUST_PROXY),
  llm: llm(env.LLM_BASE_URL || undefined, env.LLM_API_KEY || undefined),
});
