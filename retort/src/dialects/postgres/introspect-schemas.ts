// How many tables each user schema holds, in one catalog query: what `pull` says when the
// schemas it read are empty but others are not.
import type { Connection } from "../../drivers/types.js";

const TABLES_BY_SCHEMA_SQL = `select n.nspname as schema, count(*)::int as tables, n.nspname = current_schema() as "isDefault"
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and not c.relispartition
  and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
group by n.nspname order by n.nspname`;

export interface SchemaTableCount {
  readonly schema: string;
  readonly tables: number;
  /** The connection's default schema (where unqualified names live). */
  readonly isDefault: boolean;
}

export const tablesBySchema = async (connection: Connection): Promise<SchemaTableCount[]> => {
  const result = await connection.query<SchemaTableCount>(TABLES_BY_SCHEMA_SQL);
  return result.rows.map((row) => ({ schema: row.schema, tables: Number(row.tables), isDefault: row.isDefault === true }));
};
