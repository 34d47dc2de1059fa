// The text of `--tenants` results: one aligned table row per tenant, then a summary, so that
// after a run with failures the reader sees at once which tenants moved and which did not.
import type { CurrentTenantsResult } from "../commands/current-tenants.js";
import type { TenantsMigrateResult } from "../commands/upgrade-tenants.js";

const revisions = (ids: readonly string[]): string => (ids.length === 0 ? "base" : ids.join(","));

/** Columns padded to their widest cell; the last column is left as it is. */
export const table = (rows: readonly (readonly string[])[]): string[] => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export const tenantsMigrateText = (result: TenantsMigrateResult): string[] => {
  const rows = result.tenants.map((tenant) => [
    tenant.tenant,
    revisions(tenant.from),
    revisions(tenant.to),
    String(tenant.steps),
    (tenant.elapsedMs / 1000).toFixed(2),
    tenant.error === null ? "" : tenant.error.message,
  ]);
  const moved = result.tenants.filter((tenant) => tenant.error === null && tenant.steps > 0).length;
  const summary =
    `${plural(result.tenants.length, "tenant")}: ${moved} migrated, ${result.tenants.length - moved - result.failed} already there, ${result.failed} failed` +
    ` (${(result.elapsedMs / 1000).toFixed(2)} s, ${result.concurrency} at a time)`;
  return [...table([["TENANT", "FROM", "TO", "STEPS", "SECONDS", "ERROR"], ...rows]), summary];
};

export const currentTenantsText = (result: CurrentTenantsResult): string[] => {
  const rows = result.tenants.map((tenant) => [
    tenant.tenant,
    tenant.error !== null ? "?" : revisions(tenant.heads),
    tenant.error !== null ? `error: ${tenant.error.message}` : tenant.atHead ? "head" : "behind",
  ]);
  const groups = result.byRevision.map(
    (group) => `${group.revisions}${group.isHead ? " (head)" : ""}: ${plural(group.tenants.length, "tenant")} (${group.tenants.join(", ")})`,
  );
  return [...table([["TENANT", "REVISION", "STATE"], ...rows]), "", ...groups];
};
