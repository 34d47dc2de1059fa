// The migration state /health reports: the version table's rows against the heads of
// backend/migrations/versions.
import { sql } from "kysely";
import { heads } from "retort-migrate";
import type { Database } from "./database.js";
import { backendDir } from "./settings.js";

/** Rows of alembic_version, sorted; empty when the table does not exist yet. */
export const readCurrentRevisions = async (db: Database): Promise<string[]> => {
  const exists = await sql<{ found: string | null }>`select to_regclass('alembic_version')::text as found`.execute(db);
  if (!exists.rows[0]?.found) return [];
  const rows = await sql<{ version_num: string }>`select version_num from alembic_version`.execute(db);
  return rows.rows.map((row) => row.version_num).sort();
};

/**
 * Heads of backend/migrations/versions, sorted, as retort computes them (file headers
 * only, nothing executed). Read once at start: the files do not change under a server.
 */
export const readHeadRevisions = async (): Promise<string[]> => {
  const result = await heads({}, { cwd: backendDir, env: process.env });
  return result.heads.map((head) => head.revision).sort();
};
