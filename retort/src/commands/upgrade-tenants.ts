// `retort upgrade <target> --tenants`: every tenant of the config migrated, N at a time,
// each on its own session (its own run lock, one transaction per migration as always). A
// tenant that fails is recorded and the others go on; the result lists every tenant with
// where it started and ended, so a rerun (which plans each tenant from its own version
// table) resumes exactly the tenants not yet at the target.
import { RetortError } from "../errors.js";
import type { RevisionId } from "../graph/index.js";
import { ensureVersionTable, openSession, readHeads, runPlan, type Session } from "../runtime/index.js";
import { report, type CommandContext } from "./context.js";
import { lockWaitMs, plan, safetyOf, type Direction } from "./migrate.js";
import { loadProject, operationsOptionsOf, type Project } from "./project.js";
import {
  effectiveConcurrency,
  parseConcurrency,
  runPooled,
  tenantError,
  tenantPlaces,
  type TenantError,
  type TenantOptions,
  type TenantPlace,
} from "./tenant-runs.js";

export interface TenantsMigrateOptions extends TenantOptions {
  readonly target: string;
  readonly lockWait?: string;
}

/** One tenant's run. `to` is where it stands afterwards (after a failure too). */
export interface TenantMigration {
  readonly tenant: string;
  /** Its database as shown to people (password masked). */
  readonly database: string;
  readonly schema: string | null;
  readonly from: RevisionId[];
  readonly to: RevisionId[];
  /** Migrations committed in this run. */
  readonly steps: number;
  readonly elapsedMs: number;
  readonly error: TenantError | null;
}

export interface TenantsMigrateResult {
  readonly kind: "tenants";
  readonly direction: Direction;
  readonly target: string;
  readonly concurrency: number;
  readonly tenants: TenantMigration[];
  /** How many tenants failed: the CLI exits 1 when any did. */
  readonly failed: number;
  /** Wall time of the whole run, in ms. */
  readonly elapsedMs: number;
}

const migrateTenant = async (
  direction: Direction,
  project: Project,
  place: TenantPlace,
  options: TenantsMigrateOptions,
  context: CommandContext,
  warned: Set<string>,
): Promise<TenantMigration> => {
  const started = performance.now();
  let from: RevisionId[] = [];
  let fromRead = false;
  let steps = 0;
  let session: Session | undefined;
  const outcome = (to: RevisionId[], error: TenantError | null): TenantMigration => {
    const done: TenantMigration = {
      tenant: place.name,
      database: place.target.display,
      schema: place.schema,
      from,
      to,
      steps,
      elapsedMs: performance.now() - started,
      error,
    };
    report(context, { kind: "tenant-done", tenant: done.tenant, steps, elapsedMs: done.elapsedMs, error: error?.message ?? null });
    return done;
  };
  try {
    session = await openSession({
      target: place.target,
      versionTable: place.versionTable,
      lock: true,
      lockWaitMs: lockWaitMs(options.lockWait),
      ...(place.schema === null ? {} : { schema: { name: place.schema, create: true } }),
    });
    await ensureVersionTable(session);
    from = await readHeads(session);
    fromRead = true;
    const made = plan(direction, project.graph, from, options.target);
    for (const warning of made.warnings) {
      if (!warned.has(warning)) report(context, { kind: "warning", message: warning });
      warned.add(warning);
    }
    await runPlan(session, { start: from, steps: made.steps, heads: made.heads }, project.revisions, {
      cwd: context.cwd,
      operations: { ...operationsOptionsOf(project.config), tenant: place.name },
      safety: safetyOf(project),
      events: { onStepDone: () => (steps += 1) },
    });
    return outcome(await readHeads(session), null);
  } catch (error) {
    // Where the tenant stands now: the migrations before the failing one stay committed.
    const to = session === undefined ? from : await readHeads(session).catch(() => from);
    // Stopped before its heads were read (an interrupted run): it stands where it stood.
    if (!fromRead) from = to;
    return outcome(to, tenantError(error));
  } finally {
    await session?.close().catch(() => {});
  }
};

export const migrateTenants = async (
  direction: Direction,
  options: TenantsMigrateOptions,
  context: CommandContext,
): Promise<TenantsMigrateResult> => {
  const project = await loadProject(context);
  if (options.target.includes(":")) {
    throw new RetortError("RANGE_REQUIRES_OFFLINE", `the range '${options.target}' cannot be used with --tenants`, {
      hint: "each tenant is migrated from where it is: give only the target, e.g. `retort upgrade head --tenants`",
    });
  }
  // Checked before the first tenant: a bad flag must not fail every tenant one by one.
  lockWaitMs(options.lockWait);
  const asked = parseConcurrency(options.concurrency);
  const places = await tenantPlaces(project, options, context);
  // An unknown target fails here once, not once per tenant (planning from base resolves it).
  if (direction === "up") plan(direction, project.graph, [], options.target);
  const concurrency = effectiveConcurrency(places, asked);
  if (concurrency < asked) {
    report(context, { kind: "notice", message: "PGlite opens one database at a time: tenants run one by one" });
  }
  const started = performance.now();
  const warned = new Set<string>();
  const tenants = await runPooled(places, concurrency, (place) => migrateTenant(direction, project, place, options, context, warned));
  return {
    kind: "tenants",
    direction,
    target: options.target,
    concurrency,
    tenants,
    failed: tenants.filter((tenant) => tenant.error !== null).length,
    elapsedMs: performance.now() - started,
  };
};
