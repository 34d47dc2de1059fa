// The catalog queries introspection runs. Each covers every table of the requested
// namespaces at once, so their number never grows with the schema. pg_catalog is read
// directly (information_schema's views are slow on large catalogs and hide PostgreSQL
// detail such as index methods and opclasses). Each query takes the namespace names as
// $1 (text[]) unless it says otherwise.
//
// Shaped for 1,000-table catalogs: per-row catalog functions (format_type, col_description,
// pg_get_indexdef) are called only where their answer cannot be worked out from plain
// columns, sets are fetched in queries of their own rather than joined (catalog
// statistics are often stale, and the planner then picks nested loops over thousands of
// rows), and names of key columns are resolved from the column query's rows.

/** The connection's default schema: unqualified names in a Schema live there. */
export const DEFAULT_SCHEMA_SQL = "select current_schema() as name";

/** Which of the requested namespaces exist (asked only when several are configured). */
export const NAMESPACES_SQL = `
select n.nspname as name from pg_catalog.pg_namespace n where n.nspname = any($1::text[]) order by n.nspname`;

export const TABLES_SQL = `
select n.nspname as schema, c.relname as name, c.oid::int8::text as oid
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_depend e
                  where e.classid = 'pg_catalog.pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
order by n.nspname, c.relname`;

/**
 * Built-in types whose spelling introspection knows without asking format_type. Their
 * names as format_type prints them (without type modifiers) are in introspect-types.ts.
 */
export const KNOWN_BUILTINS = [
  "int2",
  "int4",
  "int8",
  "numeric",
  "float4",
  "float8",
  "bool",
  "text",
  "varchar",
  "bpchar",
  "uuid",
  "date",
  "time",
  "timetz",
  "timestamp",
  "timestamptz",
  "json",
  "jsonb",
  "bytea",
] as const;

const known = `(${KNOWN_BUILTINS.map((name) => `'${name}'`).join(", ")})`;

// Unordered: sorting 10,000 wide rows spills to disk on a default work_mem; the caller
// orders them by attnum.
export const COLUMNS_SQL = `
select a.attrelid::int8::text as table_oid, a.attnum as num, a.attname as name,
       a.attnotnull as not_null, a.attndims as dims, a.atttypmod as typmod,
       t.typname as type_name, t.typtype as type_type, tn.nspname as type_schema,
       case when tn.nspname = 'pg_catalog' and (t.typname in ${known} or et.typname in ${known}) then null
            else format_type(a.atttypid, a.atttypmod) end as formatted,
       et.typname as elem_name, et.typtype as elem_type, etn.nspname as elem_schema,
       case when et.oid is null or (etn.nspname = 'pg_catalog' and et.typname in ${known}) then null
            else format_type(et.oid, a.atttypmod) end as elem_formatted,
       case when a.attgenerated = '' then pg_get_expr(d.adbin, d.adrelid) end as default_sql,
       case when a.attgenerated <> '' then pg_get_expr(d.adbin, d.adrelid) end as generated_sql,
       a.attidentity as identity
from pg_catalog.pg_attribute a
join pg_catalog.pg_class c on c.oid = a.attrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_type t on t.oid = a.atttypid
join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
left join pg_catalog.pg_type et on et.oid = t.typelem and t.typcategory = 'A'
left join pg_catalog.pg_namespace etn on etn.oid = et.typnamespace
left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
where c.relkind in ('r', 'p') and n.nspname = any($1::text[]) and a.attnum > 0 and not a.attisdropped`;

/** Table comments (num 0) and column comments (num = attnum). */
export const COMMENTS_SQL = `
select ds.objoid::int8::text as table_oid, ds.objsubid as num, ds.description as text
from pg_catalog.pg_description ds
join pg_catalog.pg_class c on c.oid = ds.objoid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where ds.classoid = 'pg_catalog.pg_class'::regclass and c.relkind in ('r', 'p') and n.nspname = any($1::text[])`;

// Sequences owned by columns: 'a' for a serial column (recognised by its nextval default
// drawing from the sequence it owns), 'i' for an identity column, whose options we read.
export const SEQUENCES_SQL = `
select sd.refobjid::int8::text as table_oid, sd.refobjsubid as num, sd.deptype as type,
       s.oid::regclass::text as name, sq.seqstart::text as start, sq.seqincrement::text as increment
from pg_catalog.pg_depend sd
join pg_catalog.pg_class s on s.oid = sd.objid and s.relkind = 'S'
join pg_catalog.pg_namespace n on n.oid = s.relnamespace
join pg_catalog.pg_sequence sq on sq.seqrelid = s.oid
where sd.classid = 'pg_catalog.pg_class'::regclass and sd.refclassid = 'pg_catalog.pg_class'::regclass
  and sd.deptype in ('a', 'i') and n.nspname = any($1::text[])`;

// contype 'n' (NOT NULL, recorded as a constraint from PostgreSQL 18) is left out on
// purpose: nullability is read from pg_attribute on every version. Names of referenced
// columns are looked up here only for tables outside the namespaces read.
export const CONSTRAINTS_SQL = `
select co.conrelid::int8::text as table_oid, co.conname as name, co.contype as type,
       co.conkey::int2[] as keys, co.confkey::int2[] as ref_keys,
       case when co.contype = 'f' and not rn.nspname = any($1::text[]) then
         array(select a.attname::text from unnest(co.confkey) with ordinality as k(num, ord)
                 join pg_catalog.pg_attribute a on a.attrelid = co.confrelid and a.attnum = k.num
                order by k.ord) end as ref_columns,
       r.oid::int8::text as ref_oid, rn.nspname as ref_schema, r.relname as ref_table,
       co.confupdtype as on_update, co.confdeltype as on_delete,
       co.condeferrable as deferrable, co.condeferred as deferred,
       case when co.contype = 'c' then pg_get_constraintdef(co.oid, true) end as definition
from pg_catalog.pg_constraint co
join pg_catalog.pg_class c on c.oid = co.conrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_class r on r.oid = co.confrelid and co.contype = 'f'
left join pg_catalog.pg_namespace rn on rn.oid = r.relnamespace
where co.contype in ('p', 'u', 'c', 'f') and c.relkind in ('r', 'p') and n.nspname = any($1::text[])
order by co.conrelid, co.conname`;

// Indexes that back a constraint (primary key, unique, exclusion) belong to that
// constraint and are left out. indkey, indoption and indclass come as their text forms
// (space-separated numbers): attnums (0 for an expression), option bits (1 = DESC,
// 2 = NULLS FIRST) and opclass oids. pg_get_indexdef describes key positions only for
// indexes that have expressions.
export const INDEXES_SQL = `
select i.indrelid::int8::text as table_oid, ic.relname as name, i.indisunique as is_unique,
       am.amname as method, i.indnkeyatts as key_count,
       i.indkey::text as attnums, i.indoption::text as options, i.indclass::text as opclasses,
       case when i.indexprs is not null then
         array(select pg_get_indexdef(i.indexrelid, k, true) from generate_series(1, i.indnatts) as k order by k) end as defs,
       pg_get_expr(i.indpred, i.indrelid, true) as predicate
from pg_catalog.pg_index i
join pg_catalog.pg_class ic on ic.oid = i.indexrelid
join pg_catalog.pg_class c on c.oid = i.indrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_am am on am.oid = ic.relam
where c.relkind in ('r', 'p') and n.nspname = any($1::text[])
  and not exists (select 1 from pg_catalog.pg_constraint co
                  where co.conindid = i.indexrelid and co.contype in ('p', 'u', 'x'))
order by i.indrelid, ic.relname`;

/** Operator classes that are not their type's default (takes no parameter). */
export const OPCLASSES_SQL = `
select oc.oid::int8::text as oid, oc.opcname as name
from pg_catalog.pg_opclass oc
where not oc.opcdefault`;

export const ENUMS_SQL = `
select n.nspname as schema, t.typname as name,
       array(select e.enumlabel::text from pg_catalog.pg_enum e
              where e.enumtypid = t.oid order by e.enumsortorder) as labels
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
where t.typtype = 'e' and n.nspname = any($1::text[])
order by n.nspname, t.typname`;
