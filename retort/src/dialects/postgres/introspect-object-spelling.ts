// Model functions, views, trigger conditions and policy expressions in the server's own
// spelling, the way introspect-normalise.ts does it for tables: inside a transaction that
// is always rolled back, functions and views are created in a scratch schema (first on the
// search path, so views on views resolve to each other), trigger conditions and policies
// on the real tables under scratch names, and all of them are read back with the same
// catalog queries introspection uses. Only objects that exist on both sides with
// different text are created; an object the server refuses (by its SQLSTATE, as in
// introspect-spelling.ts) keeps the model's text, and any other failure is an error.
import { randomBytes } from "node:crypto";
import type { Connection } from "../../drivers/types.js";
import { RetortError } from "../../errors.js";
import type { Op } from "../../ops/types.js";
import type { FunctionDefinition, Policy, TriggerDefinition, ViewColumns, ViewDefinition } from "../../schema/objects.js";
import type { Schema } from "../../schema/types.js";
import type { DialectCompiler } from "../types.js";
import { objectsFromCatalog, readObjectCatalog } from "./introspect-objects.js";
import { isRefusal } from "./introspect-spelling.js";
import { sqlTextOf } from "./fragment.js";

const key = (o: { readonly schema?: string; readonly name: string }): string => (o.schema === undefined ? o.name : `${o.schema}.${o.name}`);
const tableKey = (o: { readonly schema?: string; readonly table: string }): string => (o.schema === undefined ? o.table : `${o.schema}.${o.table}`);

/** Which model objects need the server's spelling: those whose database twin differs in text. */
const pending = (models: Schema, db: Schema) => {
  const dbFunctions = new Map<string, FunctionDefinition[]>();
  for (const f of db.functions ?? []) dbFunctions.set(key(f), [...(dbFunctions.get(key(f)) ?? []), f]);
  const functions = (models.functions ?? []).filter((f) => {
    const twins = dbFunctions.get(key(f));
    return twins !== undefined && !twins.some((t) => JSON.stringify(t) === JSON.stringify(f));
  });
  const dbViews = new Map((db.views ?? []).map((v) => [key(v), v]));
  const views = (models.views ?? []).filter((v) => dbViews.has(key(v)) && dbViews.get(key(v))?.query !== v.query);
  const dbTriggers = new Map((db.triggers ?? []).map((t) => [`${tableKey(t)}:${t.name}`, t]));
  const triggers = (models.triggers ?? []).filter((t) => {
    const twin = dbTriggers.get(`${tableKey(t)}:${t.name}`);
    return twin !== undefined && t.when !== undefined && twin.when !== t.when;
  });
  const dbPolicies = new Map((db.policies ?? []).map((p) => [`${tableKey(p)}:${p.name}`, p]));
  const policies = (models.policies ?? []).filter((p) => {
    const twin = dbPolicies.get(`${tableKey(p)}:${p.name}`);
    return twin !== undefined && (twin.using !== p.using || twin.withCheck !== p.withCheck);
  });
  return { functions, views, triggers, policies };
};

const mentions = (query: string, name: string): boolean => new RegExp(`(^|[^A-Za-z0-9_$])"?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?($|[^A-Za-z0-9_$])`, "i").test(query);

// A view must be created after the views it reads, or it binds to the database's copy
// (and then prints as schema-qualified, since the scratch copy shadows the name).
const readersLast = (views: readonly ViewDefinition[]): ViewDefinition[] => {
  const left = [...views];
  const order: ViewDefinition[] = [];
  while (left.length > 0) {
    const ready = left.findIndex((v) => !left.some((o) => o !== v && mentions(sqlTextOf(v.query), o.name)));
    order.push(...left.splice(ready < 0 ? 0 : ready, 1));
  }
  return order;
};

export const spellObjectsWithServer = async (conn: Connection, models: Schema, db: Schema, compiler: DialectCompiler): Promise<Schema> => {
  const work = pending(models, db);
  if (work.functions.length + work.views.length + work.triggers.length + work.policies.length === 0) return models;
  const scratch = `retort_normalise_${randomBytes(6).toString("hex")}`;
  const prefix = `retort_n_${randomBytes(3).toString("hex")}_`;
  const run = async (op: Op): Promise<void> => {
    for (const statement of compiler.compile(op)) await conn.query(statement.sql, statement.params);
  };
  const attempt = async (op: Op): Promise<boolean> => {
    await conn.query("SAVEPOINT retort_normalise_object");
    try {
      await run(op);
      await conn.query("RELEASE SAVEPOINT retort_normalise_object");
      return true;
    } catch (error) {
      if (!isRefusal(error) && !(error instanceof RetortError && error.code === "INVALID_OPERATION")) throw error;
      await conn.query("ROLLBACK TO SAVEPOINT retort_normalise_object");
      return false;
    }
  };
  await conn.query(compiler.transaction.begin);
  let failure: unknown;
  try {
    const defaultSchema = (await conn.query<{ name: string }>("select current_schema() as name")).rows[0]?.name ?? "public";
    await run({ kind: "createSchema", name: scratch });
    await conn.query("SELECT set_config('search_path', $1 || ', ' || current_setting('search_path'), true)", [`"${scratch}"`]);
    const functionNames = new Map<string, FunctionDefinition>();
    for (const [i, f] of work.functions.entries()) {
      const name = `f${i}`;
      if (await attempt({ kind: "createFunction", function: { ...f, schema: scratch, name } })) functionNames.set(name, f);
    }
    // Views keep their names so that a view on another resolves to the scratch copy; a
    // materialized one is created WITH NO DATA, since only its text is wanted.
    const viewNames = new Map<string, ViewDefinition>();
    for (const v of readersLast(work.views)) {
      const { indexes: _indexes, ...rest } = v;
      const copy: ViewDefinition = { ...rest, schema: scratch, ...(v.materialized === true ? { withData: false } : {}) };
      if (await attempt({ kind: "createView", view: copy })) viewNames.set(v.name, v);
    }
    const triggerNames = new Map<string, TriggerDefinition>();
    for (const [i, t] of work.triggers.entries()) {
      const name = `${prefix}t${i}`;
      if (await attempt({ kind: "createTrigger", trigger: { ...t, name } })) triggerNames.set(name, t);
    }
    const policyNames = new Map<string, Policy>();
    for (const [i, p] of work.policies.entries()) {
      const name = `${prefix}p${i}`;
      if (await attempt({ kind: "createPolicy", policy: { ...p, name } })) policyNames.set(name, p);
    }
    const namespaces = [scratch, ...new Set([...work.triggers, ...work.policies].map((o) => o.schema ?? defaultSchema))];
    const read = objectsFromCatalog(await readObjectCatalog(conn, namespaces), defaultSchema, () => true);
    const spelledFunctions = new Map<FunctionDefinition, FunctionDefinition>();
    for (const f of read.functions ?? []) {
      const model = f.schema === scratch ? functionNames.get(f.name) : undefined;
      if (model === undefined) continue;
      const { schema: _s, name: _n, body: _b, ...fields } = f;
      spelledFunctions.set(model, { ...(model.schema === undefined ? {} : { schema: model.schema }), name: model.name, ...fields, body: model.body });
    }
    const spelledViews = new Map<ViewDefinition, string>();
    const columns: ViewColumns[] = [];
    for (const v of read.views ?? []) {
      const model = v.schema === scratch ? viewNames.get(v.name) : undefined;
      if (model === undefined) continue;
      spelledViews.set(model, sqlTextOf(v.query));
      const found = read.viewColumns?.find((c) => c.view === `${scratch}.${v.name}`);
      if (found !== undefined) columns.push({ view: key(model), columns: found.columns });
    }
    const spelledWhen = new Map<TriggerDefinition, string | undefined>();
    for (const t of read.triggers ?? []) {
      const model = triggerNames.get(t.name);
      if (model !== undefined) spelledWhen.set(model, t.when === undefined ? undefined : sqlTextOf(t.when));
    }
    const spelledPolicies = new Map<Policy, Policy>();
    for (const p of read.policies ?? []) {
      const model = policyNames.get(p.name);
      if (model !== undefined) spelledPolicies.set(model, { ...model, ...(p.using === undefined ? {} : { using: p.using }), ...(p.withCheck === undefined ? {} : { withCheck: p.withCheck }) });
    }
    return {
      ...models,
      ...(models.functions === undefined ? {} : { functions: models.functions.map((f) => spelledFunctions.get(f) ?? f) }),
      ...(models.views === undefined ? {} : { views: models.views.map((v) => (spelledViews.has(v) ? { ...v, query: spelledViews.get(v) as string } : v)) }),
      ...(models.triggers === undefined
        ? {}
        : { triggers: models.triggers.map((t) => (spelledWhen.has(t) && spelledWhen.get(t) !== undefined ? { ...t, when: spelledWhen.get(t) as string } : t)) }),
      ...(models.policies === undefined ? {} : { policies: models.policies.map((p) => spelledPolicies.get(p) ?? p) }),
      ...(columns.length === 0 ? {} : { viewColumns: [...(models.viewColumns ?? []), ...columns] }),
    };
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    // After a failure the connection may be gone: the rollback must not hide why.
    if (failure === undefined) await conn.query(compiler.transaction.rollback);
    else await conn.query(compiler.transaction.rollback).catch(() => {});
  }
};
