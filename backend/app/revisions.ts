// The migration state /health reports: the version table's rows against the heads of
// backend/migrations/versions. Both the table's name and the heads come from retort's
// own reading of retort.config.ts, so a configured versionTable is the one read here.
import { sql } from "kysely";
import { heads, loadConfig } from "retort-migrate";
import type { Database } from "./database.js";
import { backendDir } from "./settings.js";

export interface VersionTable {
  readonly table: string;
  /** null: the connection's search_path decides, as it does for retort. */
  readonly schema: string | null;
}

/** The version table retort.config.ts in `cwd` configures (alembic_version by default). */
export const readVersionTable = async (cwd: string = backendDir): Promise<VersionTable> => {
  const { config } = await loadConfig({ cwd });
  return { table: config.versionTable, schema: config.versionTableSchema };
};

/** Rows of the version table, sorted; empty when the table does not exist yet. */
export const readCurrentRevisions = async (db: Database, location: VersionTable): Promise<string[]> => {
  const qualified = location.schema === null ? sql.id(location.table) : sql.id(location.schema, location.table);
  // to_regclass takes the name as text and parses it: quote it as an identifier first.
  const name = sql`${qualified}`.compile(db).sql;
  const exists = await sql<{ found: string | null }>`select to_regclass(${name})::text as found`.execute(db);
  if (!exists.rows[0]?.found) return [];
  const rows = await sql<{ version_num: string }>`select version_num from ${qualified}`.execute(db);
  return rows.rows.map((row) => row.version_num).sort();
};

/**
 * Heads of backend/migrations/versions, sorted, as retort computes them (file headers
 * only, nothing executed). Read once at start: the files do not change under a server.
 */
export const readHeadRevisions = async (cwd: string = backendDir): Promise<string[]> => {
  const result = await heads({}, { cwd, env: process.env });
  return result.heads.map((head) => head.revision).sort();
};
