// The catalog queries for functions, triggers, views, extensions, sequences, policies and
// row-level security: one query per kind, whatever the number of objects, each taking the
// namespace names as $1 (text[]) unless it says otherwise. Objects that belong to an
// extension (pg_depend deptype 'e') are the extension's, never the models'.

const notExtensionMember = (classTable: string, oid: string) => `not exists (select 1 from pg_catalog.pg_depend e
    where e.classid = '${classTable}'::regclass and e.objid = ${oid} and e.deptype = 'e')`;

// Argument types are printed per argument (format_type) so that names, modes and defaults
// can be told apart without parsing pg_get_function_arguments; defaults come as one list.
export const FUNCTIONS_SQL = `
select n.nspname as schema, p.proname as name, p.prokind as kind, l.lanname as language, p.prosrc as body,
       p.prosqlbody is not null as atomic,
       p.provolatile as volatility, p.prosecdef as definer, p.proisstrict as strict, p.proparallel as parallel,
       case when p.prokind = 'p' then null else pg_catalog.pg_get_function_result(p.oid) end as returns,
       array(select pg_catalog.format_type(u.t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as u(t, i) order by u.i) as arg_types,
       p.proargnames::text[] as arg_names, p.proargmodes::text[] as arg_modes,
       pg_catalog.pg_get_expr(p.proargdefaults, 0) as arg_defaults,
       pg_catalog.pg_get_function_identity_arguments(p.oid) as identity
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
join pg_catalog.pg_language l on l.oid = p.prolang
where n.nspname = any($1::text[]) and p.prokind in ('f', 'p')
  and ${notExtensionMember("pg_catalog.pg_proc", "p.oid")}
order by n.nspname, p.proname, identity`;

// tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate, 64 instead.
// Triggers cloned onto partitions (tgparentid) belong to the parent's trigger.
// The WHEN condition is only printed inside pg_get_triggerdef, asked for where there is one.
export const TRIGGERS_SQL = `
select n.nspname as schema, c.relname as table, t.tgname as name, t.tgtype::int as type,
       array(select a.attname::text from unnest(t.tgattr::int2[]) with ordinality as k(num, ord)
               join pg_catalog.pg_attribute a on a.attrelid = t.tgrelid and a.attnum = k.num order by k.ord) as update_of,
       fn.nspname as function_schema, p.proname as function_name,
       t.tgnargs as nargs, encode(t.tgargs, 'escape') as args,
       case when t.tgqual is not null then pg_catalog.pg_get_triggerdef(t.oid, true) end as definition
from pg_catalog.pg_trigger t
join pg_catalog.pg_class c on c.oid = t.tgrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_proc p on p.oid = t.tgfoid
join pg_catalog.pg_namespace fn on fn.oid = p.pronamespace
where not t.tgisinternal and t.tgparentid = 0 and n.nspname = any($1::text[])
order by n.nspname, c.relname, t.tgname`;

export const VIEWS_SQL = `
select c.oid::int8::text as oid, n.nspname as schema, c.relname as name, c.relkind as kind,
       pg_catalog.pg_get_viewdef(c.oid, true) as query, c.reloptions::text[] as options, c.relispopulated as populated
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('v', 'm') and n.nspname = any($1::text[])
  and ${notExtensionMember("pg_catalog.pg_class", "c.oid")}
order by n.nspname, c.relname`;

/** Columns of views, in order: their row types, and the names a materialized view's indexes use. */
export const VIEW_COLUMNS_SQL = `
select a.attrelid::int8::text as table_oid, a.attnum as num, a.attname as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as type
from pg_catalog.pg_attribute a
join pg_catalog.pg_class c on c.oid = a.attrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('v', 'm') and n.nspname = any($1::text[]) and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum`;

/** What each view's rewrite rule reads: relations with the columns used, and functions. */
export const VIEW_DEPENDENCIES_SQL = `
select v.oid::int8::text as view_oid, rn.nspname as schema, r.relname as name,
       array_remove(array_agg(distinct a.attname::text), null) as columns, false as routine
from pg_catalog.pg_depend d
join pg_catalog.pg_rewrite w on w.oid = d.objid
join pg_catalog.pg_class v on v.oid = w.ev_class
join pg_catalog.pg_namespace vn on vn.oid = v.relnamespace
join pg_catalog.pg_class r on r.oid = d.refobjid
join pg_catalog.pg_namespace rn on rn.oid = r.relnamespace
left join pg_catalog.pg_attribute a on a.attrelid = r.oid and a.attnum = d.refobjsubid and d.refobjsubid > 0
where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
  and v.relkind in ('v', 'm') and r.oid <> v.oid and vn.nspname = any($1::text[])
group by v.oid, rn.nspname, r.relname
union all
select distinct v.oid::int8::text, pn.nspname, p.proname, array[]::text[], true
from pg_catalog.pg_depend d
join pg_catalog.pg_rewrite w on w.oid = d.objid
join pg_catalog.pg_class v on v.oid = w.ev_class
join pg_catalog.pg_namespace vn on vn.oid = v.relnamespace
join pg_catalog.pg_proc p on p.oid = d.refobjid
join pg_catalog.pg_namespace pn on pn.oid = p.pronamespace
where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refclassid = 'pg_catalog.pg_proc'::regclass
  and v.relkind in ('v', 'm') and vn.nspname = any($1::text[]) and pn.nspname <> 'pg_catalog'
order by 1, 2, 3`;

/** Indexes on materialized views, in the shape of the table index query. */
export const VIEW_INDEXES_SQL = `
select i.indrelid::int8::text as table_oid, ic.relname as name, i.indisunique as is_unique,
       am.amname as method, i.indnkeyatts as key_count,
       i.indkey::text as attnums, i.indoption::text as options, i.indclass::text as opclasses,
       case when i.indexprs is not null then
         array(select pg_catalog.pg_get_indexdef(i.indexrelid, k, true) from generate_series(1, i.indnatts) as k order by k) end as defs,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) as predicate
from pg_catalog.pg_index i
join pg_catalog.pg_class ic on ic.oid = i.indexrelid
join pg_catalog.pg_class c on c.oid = i.indrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_am am on am.oid = ic.relam
where c.relkind = 'm' and n.nspname = any($1::text[])
order by i.indrelid, ic.relname`;

/** Extensions are database-wide: no namespace parameter. plpgsql comes with every database. */
export const EXTENSIONS_SQL = `
select e.extname as name, n.nspname as schema, e.extversion as version
from pg_catalog.pg_extension e
join pg_catalog.pg_namespace n on n.oid = e.extnamespace
where e.extname <> 'plpgsql'
order by e.extname`;

// Sequences behind identity columns (deptype 'i') and serial columns (owned, and drawn
// from by a column default, which the server records as the default's dependency on the
// sequence) belong to those columns and are left out. The dependency, not the default's
// text: deparsing every default of the database (pg_get_expr) cost more than the rest of
// introspection on 10,000 serial columns. Each sequence's owner is looked up by index
// (lateral, one row): joined, the planner hashed every dependency of the database, however
// few sequences the namespaces read hold. Owner names are read for the rows kept only.
export const STANDALONE_SEQUENCES_SQL = `
select n.nspname as schema, c.relname as name, pg_catalog.format_type(s.seqtypid, null) as type,
       s.seqstart::text as start, s.seqincrement::text as increment, s.seqmin::text as min, s.seqmax::text as max,
       s.seqcache::text as cache, s.seqcycle as cycle,
       (select oc.relname from pg_catalog.pg_class oc where oc.oid = d.refobjid) as owner_table,
       (select oa.attname from pg_catalog.pg_attribute oa where oa.attrelid = d.refobjid and oa.attnum = d.refobjsubid) as owner_column
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_sequence s on s.seqrelid = c.oid
left join lateral (select o.deptype, o.refobjid, o.refobjsubid from pg_catalog.pg_depend o
                   where o.classid = 'pg_catalog.pg_class'::regclass and o.objid = c.oid and o.objsubid = 0
                     and o.refclassid = 'pg_catalog.pg_class'::regclass and o.deptype in ('a', 'i')
                   limit 1) d on true
where c.relkind = 'S' and n.nspname = any($1::text[]) and d.deptype is distinct from 'i'
  and ${notExtensionMember("pg_catalog.pg_class", "c.oid")}
  and not (d.deptype is not distinct from 'a' and exists (select 1 from pg_catalog.pg_depend dd
                                                         where dd.refclassid = 'pg_catalog.pg_class'::regclass and dd.refobjid = c.oid
                                                           and dd.classid = 'pg_catalog.pg_attrdef'::regclass))
order by n.nspname, c.relname`;

// polcmd: r select, a insert, w update, d delete, * all; role 0 is PUBLIC.
export const POLICIES_SQL = `
select n.nspname as schema, c.relname as table, p.polname as name, p.polcmd as command, p.polpermissive as permissive,
       array(select case when r.oid = 0 then 'public' else pg_catalog.pg_get_userbyid(r.oid)::text end
               from unnest(p.polroles) with ordinality as r(oid, ord) order by r.ord) as roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) as using, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as with_check
from pg_catalog.pg_policy p
join pg_catalog.pg_class c on c.oid = p.polrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1::text[])
order by n.nspname, c.relname, p.polname`;

export const ROW_SECURITY_SQL = `
select n.nspname as schema, c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and (c.relrowsecurity or c.relforcerowsecurity) and n.nspname = any($1::text[])
order by n.nspname, c.relname`;
