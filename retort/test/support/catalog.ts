// A test-side picture of a database's schema, read straight from the catalogs, so that
// round-trip tests can check "applied, then reversed, equals before" without relying on
// the introspector under test elsewhere. Works on PostgreSQL 15 and PGlite (18).
import { quoteIdent } from "../../src/dialects/postgres/quote.js";
import type { Statement } from "../../src/ops/types.js";

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

const USER_NAMESPACES = "n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'";

const queries: Record<string, string> = {
  schemas: `select n.nspname as name from pg_namespace n where ${USER_NAMESPACES} order by 1`,
  relations: `select n.nspname as schema, c.relname as name, c.relkind as kind, obj_description(c.oid, 'pg_class') as comment
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where ${USER_NAMESPACES} and c.relkind in ('r', 'v', 'm', 'S', 'p') order by 1, 2`,
  columns: `select n.nspname as schema, c.relname as table, row_number() over (partition by c.oid order by a.attnum)::int as position, a.attname as name,
      format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null, pg_get_expr(d.adbin, d.adrelid) as default,
      a.attidentity as identity, a.attgenerated as generated, col_description(c.oid, a.attnum) as comment
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where ${USER_NAMESPACES} and c.relkind in ('r', 'v', 'm', 'p') and a.attnum > 0 and not a.attisdropped order by 1, 2, 3`,
  constraints: `select n.nspname as schema, c.relname as table, k.conname as name, k.contype as type, pg_get_constraintdef(k.oid) as definition
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where ${USER_NAMESPACES} and k.contype <> 'n' order by 1, 2, 3`,
  indexes: `select n.nspname as schema, c.relname as table, i.relname as name, pg_get_indexdef(x.indexrelid) as definition
    from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid join pg_namespace n on n.oid = c.relnamespace
    where ${USER_NAMESPACES} order by 1, 2, 3`,
  enums: `select n.nspname as schema, t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as values
    from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
    where ${USER_NAMESPACES} group by 1, 2 order by 1, 2`,
  functions: `select n.nspname as schema, p.proname as name, pg_get_function_identity_arguments(p.oid) as args, pg_get_functiondef(p.oid) as definition
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${USER_NAMESPACES} order by 1, 2, 3`,
  triggers: `select n.nspname as schema, c.relname as table, t.tgname as name, pg_get_triggerdef(t.oid) as definition
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where ${USER_NAMESPACES} and not t.tgisinternal order by 1, 2, 3`,
  views: `select n.nspname as schema, c.relname as name, pg_get_viewdef(c.oid) as definition
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${USER_NAMESPACES} and c.relkind in ('v', 'm') order by 1, 2`,
};

export type Snapshot = Record<string, unknown[]>;

/** Everything user-defined in the database, in a stable order. */
export const snapshot = async (db: Queryable): Promise<Snapshot> => {
  const result: Snapshot = {};
  for (const [key, sql] of Object.entries(queries)) result[key] = (await db.query(sql)).rows;
  return result;
};

/** Runs compiled statements one by one, with their parameters. */
export const runStatements = async (db: Queryable, statements: readonly Statement[]): Promise<void> => {
  for (const s of statements) await db.query(s.sql, s.params);
};

/** Drops everything user-defined and leaves an empty public schema. */
export const resetDatabase = async (db: Queryable): Promise<void> => {
  const { rows } = await db.query<{ name: string }>(`select n.nspname as name from pg_namespace n where ${USER_NAMESPACES}`);
  for (const { name } of rows) await db.query(`drop schema ${quoteIdent(name)} cascade`);
  await db.query("create schema public");
};
