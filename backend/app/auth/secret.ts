// Where the token-signing secret comes from. AUTH_SECRET wins; production refuses to
// start without it (replicas must share one secret, and a secret made up at boot would
// log everyone out on every restart); elsewhere a random secret is generated once and
// kept beside the embedded database, so development tokens survive restarts.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SettingsError } from "../settings.js";

export const MIN_SECRET_LENGTH = 32;

export const resolveAuthSecret = (options: {
  readonly authSecret: string | undefined;
  readonly production: boolean;
  readonly dataDir: string;
}): string => {
  if (options.authSecret !== undefined) {
    if (options.authSecret.length < MIN_SECRET_LENGTH) {
      throw new SettingsError(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`);
    }
    return options.authSecret;
  }
  if (options.production) {
    throw new SettingsError("AUTH_SECRET is required when NODE_ENV=production (e.g. `openssl rand -hex 32`)");
  }
  const file = join(options.dataDir, "auth-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= MIN_SECRET_LENGTH) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
};
