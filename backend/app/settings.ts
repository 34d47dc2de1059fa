// Everything the server reads from its environment, read once and validated, so that a
// bad value stops the process at start with one clear line instead of failing later.
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

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

export const readSettings = (env: NodeJS.ProcessEnv = process.env): Settings => ({
  host: env.HOST || "127.0.0.1",
  port: integer("PORT", env.PORT, 8000, 0, 65535),
  databaseUrl: env.DATABASE_URL || undefined,
  production: env.NODE_ENV === "production",
  authSecret: env.AUTH_SECRET || undefined,
  tokenTtlSeconds: integer("TOKEN_TTL_SECONDS", env.TOKEN_TTL_SECONDS, 24 * 3600, 60, 365 * 24 * 3600),
  logLevel: env.LOG_LEVEL || "info",
});
