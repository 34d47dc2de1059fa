// What `upgrade --tenants` and `current --tenants` share: which tenants (`--only`), where
// each one lives (its database target and version table), how many run at once, and the
// pool that runs them. Every tenant is resolved before the first one is touched, so a bad
// URL or an unknown `--only` name fails the command with nothing migrated.
import { listTenants } from "../config/index.js";
import type { VersionTableLocation } from "../dialects/index.js";
import { parseDatabaseUrl, type DatabaseTarget } from "../drivers/index.js";
import { RetortError, isRetortError } from "../errors.js";
import { editDistance } from "../graph/suggest.js";
import type { CommandContext } from "./context.js";
import { databaseTarget, versionTableOf, type Project } from "./project.js";

export const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 64;

export interface TenantOptions {
  /** --only a,b: these tenants alone, in the config's order. */
  readonly only?: string;
  /** --concurrency N: tenants run at once (default 4). */
  readonly concurrency?: string;
}

/** A tenant ready to be opened: its database, its version table, its schema. */
export interface TenantPlace {
  readonly name: string;
  readonly target: DatabaseTarget;
  readonly versionTable: VersionTableLocation;
  readonly schema: string | null;
}

/** How a tenant's failure is reported: the error's code, its one line and its hint. */
export interface TenantError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

export const tenantError = (error: unknown): TenantError =>
  isRetortError(error)
    ? { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) }
    : { code: "INTERNAL", message: error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error) };

export const parseConcurrency = (value: string | undefined): number => {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new RetortError("USAGE", `--concurrency '${value}' is not a whole number from 1 to ${MAX_CONCURRENCY}`, {
      hint: `give how many tenants run at once, e.g. --concurrency 8 (default ${DEFAULT_CONCURRENCY})`,
    });
  }
  return n;
};

const closest = (name: string, known: readonly string[]): string | undefined => {
  let best: { name: string; d: number } | undefined;
  for (const candidate of known) {
    const d = editDistance(name, candidate);
    if (best === undefined || d < best.d) best = { name: candidate, d };
  }
  return best !== undefined && best.d <= Math.max(1, Math.floor(name.length / 3)) ? best.name : undefined;
};

const selected = <T extends { readonly name: string }>(tenants: readonly T[], only: string | undefined): T[] => {
  if (only === undefined) return [...tenants];
  const names = only.split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.length === 0) {
    throw new RetortError("USAGE", "--only needs tenant names separated by commas", { hint: "e.g. --only acme,beta" });
  }
  const known = tenants.map((tenant) => tenant.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const guess = unknown.length === 1 ? closest(unknown[0] as string, known) : undefined;
    throw new RetortError(
      "USAGE",
      `--only names ${unknown.length === 1 ? "a tenant" : "tenants"} the config does not list: ${unknown.join(", ")}${guess === undefined ? "" : ` (did you mean ${guess}?)`}`,
      {
        hint: `the config's tenants are ${known.slice(0, 10).join(", ")}${known.length > 10 ? `, ... (${known.length} in all)` : ""}`,
      },
    );
  }
  const wanted = new Set(names);
  return tenants.filter((tenant) => wanted.has(tenant.name));
};

/** The tenants this run touches, each with its database and version table. */
export const tenantPlaces = async (project: Project, options: TenantOptions, context: CommandContext): Promise<TenantPlace[]> => {
  const tenants = selected(await listTenants(project.config), options.only);
  const base = versionTableOf(project.config);
  // The run's own database is needed only by tenants without a URL of their own.
  let shared: DatabaseTarget | undefined;
  const sharedTarget = (): DatabaseTarget => (shared ??= databaseTarget(context, project.config).target);
  return tenants.map((tenant) => {
    let target: DatabaseTarget;
    if (tenant.url === null) {
      target = sharedTarget();
    } else {
      try {
        target = parseDatabaseUrl(tenant.url, project.config.root);
      } catch (error) {
        if (!isRetortError(error)) throw error;
        throw new RetortError(error.code, `tenant "${tenant.name}": ${error.message}`, { hint: error.hint, cause: error });
      }
    }
    return {
      name: tenant.name,
      target,
      versionTable: tenant.schema === null ? base : { table: base.table, schema: tenant.schema },
      schema: tenant.schema,
    };
  });
};

/**
 * Embedded PGlite opens one process's data directory at a time: tenants there run one by
 * one whatever --concurrency says.
 */
export const effectiveConcurrency = (places: readonly TenantPlace[], asked: number): number =>
  places.some((place) => place.target.kind === "pglite") ? 1 : asked;

/** Runs `work` over `items`, at most `limit` at a time, results in the items' order. */
export const runPooled = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};
