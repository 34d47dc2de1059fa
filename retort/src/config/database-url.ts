import { join } from "node:path";
import type { ResolvedConfig } from "./resolved.js";

export type UrlSource = "--url" | "DATABASE_URL" | "config" | "default";

export interface ResolveDatabaseUrlInput {
  readonly flag?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly config: ResolvedConfig;
}

/**
 * The database URL and where it came from: --url, else DATABASE_URL, else the config's url,
 * else embedded PGlite in <root>/.retort/pglite. An empty value counts as unset, as a shell's
 * `DATABASE_URL=` usually means "none".
 */
export const resolveDatabaseUrl = (input: ResolveDatabaseUrlInput): { raw: string; source: UrlSource } => {
  const given = (value: string | null | undefined): value is string => value !== undefined && value !== null && value.trim() !== "";
  if (given(input.flag)) return { raw: input.flag, source: "--url" };
  const env = input.env.DATABASE_URL;
  if (given(env)) return { raw: env, source: "DATABASE_URL" };
  const fromConfig = input.config.config.url;
  if (given(fromConfig)) return { raw: fromConfig, source: "config" };
  return { raw: `pglite://${join(input.config.root, ".retort", "pglite")}`, source: "default" };
};
