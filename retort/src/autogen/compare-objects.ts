// The operations for functions, triggers, views, extensions, sequences, policies and
// row-level security that take a database's Schema to the models'. Pure, like
// compare.ts, which places the four groups around its table phases: `first` before any
// table change, `dropsBefore` before tables and columns change, `createsAfter` once
// every table is in place, `last` at the very end. Each op carries what it replaces, so
// the downgrade is the exact inverse; what depends on a dropped object (triggers on a
// function, views on a view or on a changed column, read from pg_depend) is dropped
// before it and created again after.
import { functionKey, triggerKey } from "../schema/build-objects.js";
import type {
  Extension,
  FunctionDefinition,
  Policy,
  RowLevelSecurity,
  Sequence,
  TriggerDefinition,
  ViewDefinition,
} from "../schema/objects.js";
import type { Index, Schema } from "../schema/types.js";
import type { Op } from "../ops/types.js";
import { sameBody } from "./body-tokens.js";
import { spelledText } from "../schema/sql-text.js";
import { same, sameIndex } from "./equality.js";

export interface ObjectPhases {
  readonly first: Op[];
  readonly dropsBefore: Op[];
  readonly createsAfter: Op[];
  readonly last: Op[];
  readonly warnings: string[];
}

const key = (o: { readonly schema?: string; readonly name: string }): string => (o.schema === undefined ? o.name : `${o.schema}.${o.name}`);
const tableKey = (o: { readonly schema?: string; readonly table: string }): string => (o.schema === undefined ? o.table : `${o.schema}.${o.table}`);
const schemaOf = (schema: string | undefined) => (schema === undefined ? {} : { schema });
const byKey = <T>(items: readonly T[] | undefined, keyOf: (item: T) => string): Map<string, T> => new Map((items ?? []).map((i) => [keyOf(i), i]));

/** A function without the defaults PostgreSQL fills in, for comparison. */
const routineShape = (f: FunctionDefinition) => ({
  schema: f.schema,
  name: f.name,
  args: f.args.map((a) => ({ name: a.name, type: a.type, mode: a.mode === "in" ? undefined : a.mode, default: a.default })),
  returns: f.returns,
  language: f.language,
  volatility: f.volatility === "volatile" ? undefined : f.volatility,
  security: f.security === "invoker" ? undefined : f.security,
  strict: f.strict === true ? true : undefined,
  parallel: f.parallel === "unsafe" ? undefined : f.parallel,
  procedure: f.procedure === true ? true : undefined,
});

export const sameFunction = (a: FunctionDefinition, b: FunctionDefinition): boolean => same(routineShape(a), routineShape(b)) && sameBody(spelledText(a.body), spelledText(b.body));

// CREATE OR REPLACE keeps a function's identity: it cannot change the return type, the
// kind, input argument names, or take defaults away.
const replaceable = (from: FunctionDefinition, to: FunctionDefinition): boolean => {
  if (from.returns !== to.returns || (from.procedure === true) !== (to.procedure === true)) return false;
  if (from.args.length !== to.args.length) return false;
  return from.args.every((a, i) => {
    const b = to.args[i];
    return b !== undefined && (a.name ?? "") === (b.name ?? "") && (a.mode ?? "in") === (b.mode ?? "in") && (a.default === undefined || b.default !== undefined);
  });
};

const dropFunctionOp = (f: FunctionDefinition): Op => ({
  kind: "dropFunction",
  ...schemaOf(f.schema),
  name: f.name,
  argTypes: f.args.filter((a) => a.mode !== "out").map((a) => a.type),
  ...(f.procedure === true ? { procedure: true } : {}),
  previous: f,
});

const triggerShape = (t: TriggerDefinition) => ({ ...t, updateOf: t.updateOf ?? [], args: t.args ?? [], events: [...t.events].sort() });
const policyShape = (p: Policy) => ({ ...p, for: p.for === "all" ? undefined : p.for, permissive: p.permissive === false ? false : undefined });

const viewOptions = (v: ViewDefinition) => ({
  materialized: v.materialized === true,
  withData: v.withData !== false,
  checkOption: v.checkOption,
  securityBarrier: v.securityBarrier === true,
});

// The server prints a view's query; a difference in line breaks alone (PostgreSQL 15 and
// 18 indent differently) is not a change.
const sameQuery = (a: string, b: string): boolean => a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();

const sameIndexes = (a: readonly Index[] | undefined, b: readonly Index[] | undefined): boolean => {
  const x = a ?? [];
  const y = byKey(b, (i) => i.name);
  return x.length === y.size && x.every((i) => y.has(i.name) && sameIndex(i, y.get(i.name) as Index));
};

/** Orders views so that each comes after the views it reads (known dependencies, or names its query mentions). */
const viewOrder = (views: readonly ViewDefinition[], dependsOn: (view: ViewDefinition) => readonly string[]): ViewDefinition[] => {
  const byName = byKey(views, key);
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: ViewDefinition[] = [];
  const visit = (v: ViewDefinition): void => {
    const k = key(v);
    if (done.has(k) || visiting.has(k)) return;
    visiting.add(k);
    for (const d of dependsOn(v)) {
      const next = byName.get(d);
      if (next !== undefined) visit(next);
    }
    visiting.delete(k);
    done.add(k);
    order.push(v);
  };
  views.forEach(visit);
  return order;
};

const mentions = (query: string, name: string): boolean => new RegExp(`(^|[^A-Za-z0-9_$."])"?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?($|[^A-Za-z0-9_$"])`, "i").test(query);

export const compareObjects = (from: Schema, to: Schema, tableOps: readonly Op[], ignore: (key: string) => boolean): ObjectPhases => {
  const phases: ObjectPhases = { first: [], dropsBefore: [], createsAfter: [], last: [], warnings: [] };

  // Extensions: created first, dropped last. A version is compared only when the model names one.
  const oldExtensions = byKey(from.extensions, (e) => e.name);
  const newExtensions = byKey(to.extensions, (e) => e.name);
  for (const [name, e] of newExtensions) {
    const old = oldExtensions.get(name);
    if (old === undefined) phases.first.push({ kind: "createExtension", extension: e });
    else if ((e.schema ?? null) !== (old.schema ?? null) || (e.version !== undefined && e.version !== old.version))
      phases.warnings.push(`extension ${name}: schema or version differs (database ${old.schema ?? "default schema"} ${old.version ?? ""}); use ALTER EXTENSION by hand`);
  }
  const lastDrops: Op[] = [];
  for (const [name, e] of oldExtensions) if (!newExtensions.has(name)) lastDrops.push({ kind: "dropExtension", name, previous: e as Extension });

  // Sequences: standalone ones before tables (defaults may draw from them); owned ones after.
  const oldSequences = byKey(from.sequences, key);
  const newSequences = byKey(to.sequences, key);
  for (const [k, s] of newSequences) {
    const old = oldSequences.get(k);
    if (old === undefined) (s.ownedBy === undefined ? phases.first : phases.createsAfter).push({ kind: "createSequence", sequence: s });
    else if (!same(old, s)) phases.createsAfter.push({ kind: "alterSequence", sequence: s, previous: old as Sequence });
  }
  for (const [k, s] of oldSequences) if (!newSequences.has(k)) lastDrops.unshift({ kind: "dropSequence", ...schemaOf(s.schema), name: s.name, previous: s });

  // Functions by identity (name and input types).
  const oldFunctions = byKey(from.functions, functionKey);
  const newFunctions = byKey(to.functions, functionKey);
  const functionDrops: Op[] = [];
  const functionCreates: Op[] = [];
  const rebuiltFunctions = new Set<string>();
  for (const [k, f] of newFunctions) {
    const old = oldFunctions.get(k);
    if (old === undefined) functionCreates.push({ kind: "createFunction", function: f });
    else if (!sameFunction(old, f)) {
      if (replaceable(old, f)) functionCreates.push({ kind: "createFunction", function: f, orReplace: true, previous: old });
      else {
        functionDrops.push(dropFunctionOp(old));
        functionCreates.push({ kind: "createFunction", function: f });
        rebuiltFunctions.add(key(f));
      }
    }
  }
  for (const [k, f] of oldFunctions) if (!newFunctions.has(k)) functionDrops.push(dropFunctionOp(f));

  // Triggers: any change is a drop and a create; those on a rebuilt function are rebuilt too.
  const oldTriggers = byKey((from.triggers ?? []).filter((t) => !ignore(tableKey(t))), triggerKey);
  const newTriggers = byKey((to.triggers ?? []).filter((t) => !ignore(tableKey(t))), triggerKey);
  const triggerDrops: Op[] = [];
  const triggerCreates: Op[] = [];
  for (const [k, t] of newTriggers) {
    const old = oldTriggers.get(k);
    const rebuilt = old !== undefined && rebuiltFunctions.has(key(old.function));
    if (old !== undefined && !rebuilt && same(triggerShape(old), triggerShape(t))) continue;
    if (old !== undefined) triggerDrops.push({ kind: "dropTrigger", ...schemaOf(old.schema), table: old.table, name: old.name, previous: old });
    triggerCreates.push({ kind: "createTrigger", trigger: t });
  }
  for (const [k, t] of oldTriggers) if (!newTriggers.has(k)) triggerDrops.push({ kind: "dropTrigger", ...schemaOf(t.schema), table: t.table, name: t.name, previous: t });

  // Views. Rebuilt: changed in a way OR REPLACE cannot take, reading a changed column or
  // table, or reading a rebuilt view.
  const oldViews = byKey((from.views ?? []).filter((v) => !ignore(key(v))), key);
  const newViews = byKey((to.views ?? []).filter((v) => !ignore(key(v))), key);
  const dependencies = from.viewDependencies ?? [];
  const oldColumns = byKey(from.viewColumns, (c) => c.view);
  const newColumns = byKey(to.viewColumns, (c) => c.view);
  const touched = new Map<string, Set<string> | "all">();
  for (const op of tableOps) {
    if (op.kind === "dropTable") touched.set(tableKey(op), "all");
    else if (op.kind === "dropColumn" || (op.kind === "alterColumn" && (op.type !== undefined || op.newName !== undefined))) {
      const k = tableKey(op);
      const set = touched.get(k);
      if (set !== "all") touched.set(k, new Set([...(set ?? []), op.column]));
    }
  }
  const rebuild = new Set<string>();
  const replace = new Set<string>();
  for (const [k, v] of oldViews) {
    const next = newViews.get(k);
    if (next === undefined) continue;
    const optionsSame = same(viewOptions(v), viewOptions(next));
    if (optionsSame && sameQuery(spelledText(v.query), spelledText(next.query))) continue;
    const was = oldColumns.get(k)?.columns ?? [];
    const will = newColumns.get(k)?.columns;
    const grows = will !== undefined && was.length <= will.length && was.every((c, i) => same(c, will[i]));
    // With views reading it, the downgrade (which removes the added columns again) could
    // not drop it: those are rebuilt together instead.
    const read = dependencies.some((d) => d.function !== true && d.on === k);
    if (v.materialized !== true && next.materialized !== true && optionsSame && grows && !read) replace.add(k);
    else rebuild.add(k);
  }
  for (const d of dependencies) {
    if (d.function === true) {
      if (rebuiltFunctions.has(d.on)) rebuild.add(d.view);
      continue;
    }
    const t = touched.get(d.on);
    if (t === "all" || (t !== undefined && (d.columns.length === 0 || d.columns.some((c) => t.has(c))))) rebuild.add(d.view);
  }
  // Views reading a rebuilt view are rebuilt with it, transitively.
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of dependencies) if (d.function !== true && rebuild.has(d.on) && !rebuild.has(d.view)) (rebuild.add(d.view), (grew = true));
  }
  for (const k of rebuild) replace.delete(k);
  const dependsOnOld = (v: ViewDefinition): string[] => dependencies.filter((d) => d.function !== true && d.view === key(v)).map((d) => d.on);
  const newList = [...newViews.values()];
  const dependsOnNew = (v: ViewDefinition): string[] => [
    ...dependsOnOld(v),
    ...newList.filter((o) => key(o) !== key(v) && mentions(spelledText(v.query), o.name)).map(key),
  ];
  const viewDrops: Op[] = [];
  const viewCreates: Op[] = [];
  const indexOps: { drops: Op[]; creates: Op[] } = { drops: [], creates: [] };
  // Drops: dependents first, the reverse of creation order.
  for (const v of viewOrder([...oldViews.values()], dependsOnOld).reverse()) {
    const k = key(v);
    if (newViews.has(k) && !rebuild.has(k)) continue;
    viewDrops.push({ kind: "dropView", ...schemaOf(v.schema), name: v.name, ...(v.materialized === true ? { materialized: true } : {}), previous: v });
  }
  for (const v of viewOrder(newList, dependsOnNew)) {
    const k = key(v);
    const old = oldViews.get(k);
    if (old === undefined || rebuild.has(k)) viewCreates.push({ kind: "createView", view: v });
    else if (replace.has(k)) viewCreates.push({ kind: "createView", view: v, orReplace: true, previous: old });
    else if (!sameIndexes(old.indexes, v.indexes)) {
      const was = byKey(old.indexes, (i) => i.name);
      const will = byKey(v.indexes, (i) => i.name);
      const ref = { ...schemaOf(v.schema), table: v.name };
      for (const [name, i] of was)
        if (!will.has(name) || !sameIndex(i, will.get(name) as Index)) indexOps.drops.push({ kind: "dropIndex", ...schemaOf(v.schema), name, previous: { table: v.name, index: i } });
      for (const [name, i] of will) if (!was.has(name) || !sameIndex(i, was.get(name) as Index)) indexOps.creates.push({ kind: "createIndex", ...ref, index: i });
    }
  }

  // Policies: any change is a drop and a create.
  const oldPolicies = byKey((from.policies ?? []).filter((p) => !ignore(tableKey(p))), triggerKey);
  const newPolicies = byKey((to.policies ?? []).filter((p) => !ignore(tableKey(p))), triggerKey);
  const policyDrops: Op[] = [];
  const policyCreates: Op[] = [];
  for (const [k, p] of newPolicies) {
    const old = oldPolicies.get(k);
    if (old !== undefined && same(policyShape(old), policyShape(p))) continue;
    if (old !== undefined) policyDrops.push({ kind: "dropPolicy", ...schemaOf(old.schema), table: old.table, name: old.name, previous: old });
    policyCreates.push({ kind: "createPolicy", policy: p });
  }
  for (const [k, p] of oldPolicies) if (!newPolicies.has(k)) policyDrops.push({ kind: "dropPolicy", ...schemaOf(p.schema), table: p.table, name: p.name, previous: p });

  // Row-level security: switched after the tables exist; switched off before a table is
  // dropped, so that the downgrade switches it on again once the table is back.
  const oldSecurity = byKey((from.rowLevelSecurity ?? []).filter((r) => !ignore(tableKey(r))), tableKey);
  const newSecurity = byKey((to.rowLevelSecurity ?? []).filter((r) => !ignore(tableKey(r))), tableKey);
  const securityOps: Op[] = [];
  const securityDrops: Op[] = [];
  const tableKeys = new Set(to.tables.map((t) => key(t)));
  for (const k of new Set([...oldSecurity.keys(), ...newSecurity.keys()])) {
    const was: RowLevelSecurity = oldSecurity.get(k) ?? { ...(newSecurity.get(k) as RowLevelSecurity), enabled: false, forced: false };
    const will: RowLevelSecurity = newSecurity.get(k) ?? { ...was, enabled: false, forced: false };
    if (was.enabled === will.enabled && was.forced === will.forced) continue;
    const op: Op = {
      kind: "setRowLevelSecurity",
      ...schemaOf(will.schema),
      table: will.table,
      ...(was.enabled !== will.enabled ? { enabled: will.enabled } : {}),
      ...(was.forced !== will.forced ? { forced: will.forced } : {}),
      previous: { enabled: was.enabled, forced: was.forced },
    };
    (tableKeys.has(k) ? securityOps : securityDrops).push(op);
  }

  phases.dropsBefore.push(...policyDrops, ...securityDrops, ...triggerDrops, ...indexOps.drops, ...viewDrops, ...functionDrops);
  phases.createsAfter.push(...functionCreates, ...viewCreates, ...indexOps.creates, ...triggerCreates, ...securityOps, ...policyCreates);
  phases.last.push(...lastDrops);
  return phases;
};
