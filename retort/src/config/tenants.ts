// Reading the config's `tenants` into a checked list: a function is called once per
// command, and every entry is checked before any tenant is touched, so a typo in the
// list never leaves half the tenants migrated.
import { isRetortError, RetortError } from "../errors.js";
import type { Tenant } from "./define-config.js";
import type { ResolvedConfig } from "./resolved.js";

/** A tenant as a run uses it: `url` and `schema` null where the tenant leaves them out. */
export interface ResolvedTenant {
  readonly name: string;
  readonly url: string | null;
  readonly schema: string | null;
}

// `--only a,b` splits on commas, and results are tables: a name is one visible word.
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:@-]*$/;
const KEYS = ["name", "url", "schema"];

const invalid = (config: ResolvedConfig, message: string): RetortError =>
  new RetortError("CONFIG_INVALID", `${config.file ?? config.root}: "tenants" ${message}`, {
    hint: 'tenants must be [{ name: "acme", schema: "tenant_acme" }, { name: "beta", url: "postgresql://..." }, ...]: a unique name and a url, a schema or both',
  });

const entryProblem = (entry: unknown): string | null => {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return "is not an object { name, url?, schema? }";
  const record = entry as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !KEYS.includes(key));
  if (extra.length > 0) return `has unknown keys ${extra.join(", ")} (expected name, url, schema)`;
  if (typeof record.name !== "string" || !NAME.test(record.name)) {
    return "needs a name of letters, digits and _ . : @ - (no spaces or commas)";
  }
  for (const key of ["url", "schema"] as const) {
    if (record[key] !== undefined && (typeof record[key] !== "string" || (record[key] as string).trim() === "")) {
      return `has a ${key} that is not a non-empty string`;
    }
  }
  if (record.url === undefined && record.schema === undefined) return "needs a url (its database) or a schema (its schema), or both";
  return null;
};

/** Every tenant of the config, checked; throws CONFIG_INVALID naming the first bad entry. */
export const listTenants = async (config: ResolvedConfig): Promise<ResolvedTenant[]> => {
  const source = config.config.tenants;
  if (source === null) {
    throw new RetortError("USAGE", "--tenants needs the config's `tenants`, and this project has none", {
      hint: 'add tenants: [{ name: "acme", schema: "tenant_acme" }, ...] (or an async function returning them) to retort.config.ts',
    });
  }
  let listed: unknown;
  try {
    listed = typeof source === "function" ? await source() : source;
  } catch (error) {
    const reason = isRetortError(error) || error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new RetortError("CONFIG_INVALID", `${config.file ?? config.root}: the "tenants" function failed: ${reason}`, {
      hint: "fix the tenants function (run with --verbose for the stack trace)",
      cause: error,
    });
  }
  if (!Array.isArray(listed)) throw invalid(config, "must be (or return) an array of tenants");
  const seen = new Set<string>();
  return listed.map((entry: unknown, index) => {
    const problem = entryProblem(entry);
    const label = typeof (entry as Tenant | null)?.name === "string" ? `tenant "${(entry as Tenant).name}"` : `entry ${index + 1}`;
    if (problem !== null) throw invalid(config, `${label} ${problem}`);
    const tenant = entry as Tenant;
    if (seen.has(tenant.name)) throw invalid(config, `names the tenant "${tenant.name}" twice`);
    seen.add(tenant.name);
    return { name: tenant.name, url: tenant.url ?? null, schema: tenant.schema ?? null };
  });
};
