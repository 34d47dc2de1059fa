// `retort current --tenants`: where every tenant stands, read N at a time without a lock
// and without creating anything (a tenant whose schema or version table does not exist
// yet is at base), and the same answer grouped by revision.
import type { RevisionId } from "../graph/index.js";
import { openSession, readHeads } from "../runtime/index.js";
import type { CommandContext } from "./context.js";
import { loadProject, type Project } from "./project.js";
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

export interface CurrentTenantsOptions extends TenantOptions {
  /** Exit 1 unless every tenant is at every head. */
  readonly checkHeads?: boolean;
}

export interface TenantState {
  readonly tenant: string;
  readonly database: string;
  readonly schema: string | null;
  /** The version table's rows; [] at base. */
  readonly heads: RevisionId[];
  /** At every head of the versions folder. */
  readonly atHead: boolean;
  /** The tenant could not be read (its database is unreachable, say). */
  readonly error: TenantError | null;
}

/** One cell of the matrix: the tenants at one set of revisions ("base" for none). */
export interface RevisionGroup {
  readonly revisions: string;
  readonly isHead: boolean;
  readonly tenants: string[];
}

export interface CurrentTenantsResult {
  readonly kind: "tenants";
  readonly heads: RevisionId[];
  readonly tenants: TenantState[];
  /** The matrix: tenants grouped by the revisions they are at, the head's group first. */
  readonly byRevision: RevisionGroup[];
  readonly checkHeads: boolean;
  /** Tenants not at head (or unreadable): with --check-heads the CLI exits 1 when any. */
  readonly behind: number;
}

const atEveryHead = (heads: readonly RevisionId[], graphHeads: readonly RevisionId[]): boolean =>
  heads.length === graphHeads.length && graphHeads.every((head) => heads.includes(head));

const readTenant = async (project: Project, place: TenantPlace): Promise<TenantState> => {
  const graphHeads = project.graph.heads();
  const state = { tenant: place.name, database: place.target.display, schema: place.schema };
  try {
    const session = await openSession({
      target: place.target,
      versionTable: place.versionTable,
      lock: false,
      ...(place.schema === null ? {} : { schema: { name: place.schema, create: false } }),
    });
    try {
      const heads = await readHeads(session);
      return { ...state, heads, atHead: atEveryHead(heads, graphHeads), error: null };
    } finally {
      await session.close();
    }
  } catch (error) {
    return { ...state, heads: [], atHead: false, error: tenantError(error) };
  }
};

export const groupByRevision = (states: readonly TenantState[], graphHeads: readonly RevisionId[]): RevisionGroup[] => {
  const groups = new Map<string, RevisionGroup>();
  for (const state of states) {
    const key = state.error !== null ? "unreadable" : state.heads.length === 0 ? "base" : [...state.heads].sort().join(",");
    let group = groups.get(key);
    if (group === undefined) {
      group = { revisions: key, isHead: state.error === null && state.atHead, tenants: [] };
      groups.set(key, group);
    }
    group.tenants.push(state.tenant);
  }
  // The head first, then the others as the config's order met them.
  return [...groups.values()].sort((a, b) => Number(b.isHead) - Number(a.isHead));
};

export const currentTenants = async (options: CurrentTenantsOptions, context: CommandContext): Promise<CurrentTenantsResult> => {
  const project = await loadProject(context);
  const concurrency = parseConcurrency(options.concurrency);
  const places = await tenantPlaces(project, options, context);
  const tenants = await runPooled(places, effectiveConcurrency(places, concurrency), (place) => readTenant(project, place));
  const heads = project.graph.heads();
  return {
    kind: "tenants",
    heads,
    tenants,
    byRevision: groupByRevision(tenants, heads),
    checkHeads: options.checkHeads === true,
    behind: tenants.filter((tenant) => !tenant.atHead).length,
  };
};
