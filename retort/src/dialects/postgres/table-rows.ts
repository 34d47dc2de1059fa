// Row estimates for every table, in one catalog query, for `retort lint --url`: the linter
// flags size-dependent patterns only on tables that are large. The planner's estimate
// (reltuples) is what ANALYZE and autovacuum keep; a table never analyzed (-1 since
// PostgreSQL 14) falls back to the statistics collector's live-tuple count.
import type { Connection } from "../../drivers/types.js";

const TABLE_ROWS_SQL = `SELECT n.nspname AS schema, c.relname AS name,
  CASE WHEN c.reltuples < 0 THEN COALESCE(s.n_live_tup, 0) ELSE c.reltuples END::float8 AS rows
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid
WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`;

/** Estimated rows by `schema.table`. */
export const tableRows = async (connection: Connection): Promise<Map<string, number>> => {
  const result = await connection.query<{ schema: string; name: string; rows: number | string }>(TABLE_ROWS_SQL, []);
  return new Map(result.rows.map((row) => [`${row.schema}.${row.name}`, Number(row.rows)]));
};
