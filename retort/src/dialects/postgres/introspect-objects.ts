// Reads functions, triggers, views (with their columns, indexes and dependencies),
// extensions, sequences, policies and row-level security switches in a fixed number of
// catalog queries (nine), whatever their count. Names in the default schema are left
// unqualified, as models write them; only values that differ from PostgreSQL's defaults
// are recorded.
import type { Connection } from "../../drivers/types.js";
import type {
  Extension,
  FunctionArgument,
  FunctionDefinition,
  Policy,
  PolicyCommand,
  RowLevelSecurity,
  SchemaObjects,
  Sequence,
  TriggerDefinition,
  TriggerEvent,
  ViewColumns,
  ViewDefinition,
  ViewDependency,
} from "../../schema/objects.js";
import type { QualifiedName } from "../../schema/types.js";
import { readIndex, type IndexRow } from "./introspect.js";
import {
  EXTENSIONS_SQL,
  FUNCTIONS_SQL,
  POLICIES_SQL,
  ROW_SECURITY_SQL,
  STANDALONE_SEQUENCES_SQL,
  TRIGGERS_SQL,
  VIEW_COLUMNS_SQL,
  VIEW_DEPENDENCIES_SQL,
  VIEW_INDEXES_SQL,
  VIEWS_SQL,
} from "./introspect-objects-queries.js";
import { unwrapParens } from "./introspect-types.js";

interface FunctionRow {
  readonly schema: string;
  readonly name: string;
  readonly kind: "f" | "p";
  readonly language: string;
  readonly body: string;
  readonly atomic: boolean;
  readonly volatility: "i" | "s" | "v";
  readonly definer: boolean;
  readonly strict: boolean;
  readonly parallel: "s" | "r" | "u";
  readonly returns: string | null;
  readonly arg_types: string[];
  readonly arg_names: string[] | null;
  readonly arg_modes: string[] | null;
  readonly arg_defaults: string | null;
  readonly identity: string;
}

interface TriggerRow {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly type: number;
  readonly update_of: string[];
  readonly function_schema: string;
  readonly function_name: string;
  readonly nargs: number;
  readonly args: string;
  readonly definition: string | null;
}

interface ViewRow {
  readonly oid: string;
  readonly schema: string;
  readonly name: string;
  readonly kind: "v" | "m";
  readonly query: string;
  readonly options: string[] | null;
  readonly populated: boolean;
}

interface ViewColumnRow {
  readonly table_oid: string;
  readonly num: number;
  readonly name: string;
  readonly type: string;
}

interface DependencyRow {
  readonly view_oid: string;
  readonly schema: string;
  readonly name: string;
  readonly columns: string[];
  readonly routine: boolean;
}

interface ExtensionRow {
  readonly name: string;
  readonly schema: string;
  readonly version: string;
}

interface SequenceRow {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  readonly owner_table: string | null;
  readonly owner_column: string | null;
}

interface PolicyRow {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly command: string;
  readonly permissive: boolean;
  readonly roles: string[];
  readonly using: string | null;
  readonly with_check: string | null;
}

interface SecurityRow {
  readonly schema: string;
  readonly table: string;
  readonly enabled: boolean;
  readonly forced: boolean;
}

export interface ObjectCatalogRows {
  readonly functions: readonly FunctionRow[];
  readonly triggers: readonly TriggerRow[];
  readonly views: readonly ViewRow[];
  readonly viewColumns: readonly ViewColumnRow[];
  readonly viewIndexes: readonly IndexRow[];
  readonly dependencies: readonly DependencyRow[];
  readonly extensions: readonly ExtensionRow[];
  readonly sequences: readonly SequenceRow[];
  readonly policies: readonly PolicyRow[];
  readonly security: readonly SecurityRow[];
}

/** Ten round trips, whatever the number of objects. */
export const readObjectCatalog = async (conn: Connection, namespaces: readonly string[]): Promise<ObjectCatalogRows> => {
  const ns = [[...namespaces]];
  // The slowest first (it reads every sequence's dependencies): while it runs, the caller
  // turns the table rows into a Schema.
  const sequences = (await conn.query<SequenceRow>(STANDALONE_SEQUENCES_SQL, ns)).rows;
  return {
    sequences,
    functions: (await conn.query<FunctionRow>(FUNCTIONS_SQL, ns)).rows,
    triggers: (await conn.query<TriggerRow>(TRIGGERS_SQL, ns)).rows,
    views: (await conn.query<ViewRow>(VIEWS_SQL, ns)).rows,
    viewColumns: (await conn.query<ViewColumnRow>(VIEW_COLUMNS_SQL, ns)).rows,
    viewIndexes: (await conn.query<IndexRow>(VIEW_INDEXES_SQL, ns)).rows,
    dependencies: (await conn.query<DependencyRow>(VIEW_DEPENDENCIES_SQL, ns)).rows,
    extensions: (await conn.query<ExtensionRow>(EXTENSIONS_SQL)).rows,
    policies: (await conn.query<PolicyRow>(POLICIES_SQL, ns)).rows,
    security: (await conn.query<SecurityRow>(ROW_SECURITY_SQL, ns)).rows,
  };
};

/** Splits a list of SQL expressions at its top-level commas (quotes and parentheses respected). */
export const splitTopLevel = (text: string): string[] => {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== "" || parts.length > 0) parts.push(last);
  return parts;
};

const MODES: Readonly<Record<string, FunctionArgument["mode"]>> = { i: undefined, o: "out", b: "inout", v: "variadic" };

const readFunction = (row: FunctionRow, scoped: (schema: string) => { schema?: string }): FunctionDefinition => {
  const modes = row.arg_modes ?? row.arg_types.map(() => "i");
  const defaults = row.arg_defaults === null ? [] : splitTopLevel(row.arg_defaults);
  // Defaults belong to the last input arguments; 't' (RETURNS TABLE columns) are part of the result.
  const inputs = modes.map((m, i) => (m === "i" || m === "b" || m === "v" ? i : -1)).filter((i) => i >= 0);
  const firstDefault = inputs.length - defaults.length;
  const args: FunctionArgument[] = [];
  modes.forEach((mode, i) => {
    if (mode === "t") return;
    const name = row.arg_names?.[i];
    const inputIndex = inputs.indexOf(i);
    const def = inputIndex >= firstDefault && inputIndex >= 0 ? defaults[inputIndex - firstDefault] : undefined;
    const m = MODES[mode];
    args.push({
      ...(name === undefined || name === "" ? {} : { name }),
      type: row.arg_types[i] ?? "",
      ...(m === undefined ? {} : { mode: m }),
      ...(def === undefined ? {} : { default: def }),
    });
  });
  const procedure = row.kind === "p";
  return {
    ...scoped(row.schema),
    name: row.name,
    args,
    returns: procedure ? "void" : (row.returns ?? "void"),
    language: row.language,
    body: row.body,
    ...(row.volatility === "i" ? { volatility: "immutable" as const } : row.volatility === "s" ? { volatility: "stable" as const } : {}),
    ...(row.definer ? { security: "definer" as const } : {}),
    ...(row.strict ? { strict: true } : {}),
    ...(row.parallel === "s" ? { parallel: "safe" as const } : row.parallel === "r" ? { parallel: "restricted" as const } : {}),
    ...(procedure ? { procedure: true } : {}),
  };
};

/** tgargs in bytea's escape format: NUL-terminated arguments, backslashes doubled, other bytes as \ooo. */
const triggerArgs = (escaped: string, count: number): string[] => {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const ch = escaped[i] as string;
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    if (escaped[i + 1] === "\\") {
      bytes.push(0x5c);
      i++;
    } else {
      bytes.push(parseInt(escaped.slice(i + 1, i + 4), 8));
      i += 3;
    }
  }
  const args: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length && args.length < count; i++) {
    if (bytes[i] === 0) {
      args.push(Buffer.from(bytes.slice(start, i)).toString("utf8"));
      start = i + 1;
    }
  }
  return args;
};

/** The WHEN condition out of pg_get_triggerdef's text, without its parentheses. */
export const triggerCondition = (definition: string): string | undefined => {
  const at = definition.indexOf(" WHEN (");
  if (at < 0) return undefined;
  const end = definition.lastIndexOf(" EXECUTE ");
  if (end < at) return undefined;
  return unwrapParens(definition.slice(at + " WHEN ".length, end));
};

const readTrigger = (row: TriggerRow, scoped: (schema: string) => { schema?: string }): TriggerDefinition => {
  const type = row.type;
  const events: TriggerEvent[] = [];
  if (type & 4) events.push("insert");
  if (type & 16) events.push("update");
  if (type & 8) events.push("delete");
  if (type & 32) events.push("truncate");
  const when = row.definition === null ? undefined : triggerCondition(row.definition);
  const args = row.nargs > 0 ? triggerArgs(row.args, row.nargs) : [];
  return {
    name: row.name,
    ...scoped(row.schema),
    table: row.table,
    timing: type & 64 ? "instead of" : type & 2 ? "before" : "after",
    events: (["insert", "update", "delete", "truncate"] as const).filter((e) => events.includes(e)),
    ...(row.update_of.length > 0 ? { updateOf: row.update_of } : {}),
    forEach: type & 1 ? "row" : "statement",
    ...(when === undefined ? {} : { when }),
    function: { ...scoped(row.function_schema), name: row.function_name },
    ...(args.length > 0 ? { args } : {}),
  };
};

const option = (options: readonly string[] | null, name: string): string | undefined => {
  const found = (options ?? []).find((o) => o.startsWith(`${name}=`));
  return found === undefined ? undefined : found.slice(name.length + 1);
};

/** The view's query without the semicolon pg_get_viewdef ends it with. */
const viewQuery = (text: string): string => text.trim().replace(/;$/, "");

const readView = (row: ViewRow, scoped: (schema: string) => { schema?: string }): ViewDefinition => {
  const check = option(row.options, "check_option");
  const barrier = option(row.options, "security_barrier");
  return {
    ...scoped(row.schema),
    name: row.name,
    query: viewQuery(row.query),
    ...(row.kind === "m" ? { materialized: true } : {}),
    ...(row.kind === "m" && !row.populated ? { withData: false } : {}),
    ...(check === "local" || check === "cascaded" ? { checkOption: check } : {}),
    ...(barrier === "true" || barrier === "on" ? { securityBarrier: true } : {}),
  };
};

const SEQUENCE_LIMITS: Readonly<Record<string, { min: bigint; max: bigint }>> = {
  smallint: { min: -32768n, max: 32767n },
  integer: { min: -2147483648n, max: 2147483647n },
  bigint: { min: -9223372036854775808n, max: 9223372036854775807n },
};

type Raw = number | string | undefined;

/** A sequence with only its non-default options, the way sequence() records them. */
export const normalSequence = (s: Omit<Sequence, "start" | "increment" | "min" | "max" | "cache"> & { start?: Raw; increment?: Raw; min?: Raw; max?: Raw; cache?: Raw }): Sequence => {
  const type = s.type ?? "bigint";
  const limits = SEQUENCE_LIMITS[type] ?? (SEQUENCE_LIMITS.bigint as { min: bigint; max: bigint });
  // Catalog values can exceed 2^53: they are compared as bigints and kept only when not the default.
  const increment = s.increment === undefined ? 1n : BigInt(s.increment);
  const defaultMin = increment > 0n ? 1n : limits.min;
  const defaultMax = increment > 0n ? limits.max : -1n;
  const min = s.min === undefined ? defaultMin : BigInt(s.min);
  const max = s.max === undefined ? defaultMax : BigInt(s.max);
  const start = s.start === undefined ? (increment > 0n ? min : max) : BigInt(s.start);
  const cache = s.cache === undefined ? 1n : BigInt(s.cache);
  return {
    ...(s.schema === undefined ? {} : { schema: s.schema }),
    name: s.name,
    ...(type === "bigint" ? {} : { type }),
    ...(start !== (increment > 0n ? min : max) ? { start: Number(start) } : {}),
    ...(increment !== 1n ? { increment: Number(increment) } : {}),
    ...(min !== defaultMin ? { min: Number(min) } : {}),
    ...(max !== defaultMax ? { max: Number(max) } : {}),
    ...(cache !== 1n ? { cache: Number(cache) } : {}),
    ...(s.cycle === true ? { cycle: true } : {}),
    ...(s.ownedBy === undefined ? {} : { ownedBy: s.ownedBy }),
  };
};

const readSequence = (row: SequenceRow, scoped: (schema: string) => { schema?: string }): Sequence =>
  normalSequence({
    ...scoped(row.schema),
    name: row.name,
    type: row.type as Sequence["type"],
    start: row.start,
    increment: row.increment,
    min: row.min,
    max: row.max,
    cache: row.cache,
    cycle: row.cycle,
    ...(row.owner_table !== null && row.owner_column !== null ? { ownedBy: { table: row.owner_table, column: row.owner_column } } : {}),
  });

const COMMANDS: Readonly<Record<string, PolicyCommand | undefined>> = { r: "select", a: "insert", w: "update", d: "delete", "*": undefined };

const readPolicy = (row: PolicyRow, scoped: (schema: string) => { schema?: string }): Policy => {
  const command = COMMANDS[row.command];
  const publicOnly = row.roles.length === 1 && row.roles[0] === "public";
  return {
    name: row.name,
    ...scoped(row.schema),
    table: row.table,
    ...(command === undefined ? {} : { for: command }),
    ...(publicOnly || row.roles.length === 0 ? {} : { to: row.roles }),
    ...(row.using === null ? {} : { using: unwrapParens(row.using) }),
    ...(row.with_check === null ? {} : { withCheck: unwrapParens(row.with_check) }),
    ...(row.permissive ? {} : { permissive: false }),
  };
};

const keyOf = (schema: string | undefined, name: string): string => (schema === undefined ? name : `${schema}.${name}`);

/** Turns the object rows into Schema fields; `keep` decides which tables' (and views') objects belong. */
export const objectsFromCatalog = (rows: ObjectCatalogRows, defaultSchema: string, keep: (relation: QualifiedName) => boolean): SchemaObjects => {
  const scoped = (schema: string): { schema?: string } => (schema === defaultSchema ? {} : { schema });
  const relation = (schema: string, name: string): QualifiedName => ({ ...scoped(schema), name });
  const functions = rows.functions.filter((r) => !r.atomic).map((r) => readFunction(r, scoped));
  const triggers = rows.triggers.filter((r) => keep(relation(r.schema, r.table))).map((r) => readTrigger(r, scoped));
  const viewRows = rows.views.filter((r) => keep(relation(r.schema, r.name)));
  const columnsByView = new Map<string, ViewColumnRow[]>();
  for (const c of rows.viewColumns) columnsByView.set(c.table_oid, [...(columnsByView.get(c.table_oid) ?? []), c]);
  const indexesByView = new Map<string, IndexRow[]>();
  for (const i of rows.viewIndexes) indexesByView.set(i.table_oid, [...(indexesByView.get(i.table_oid) ?? []), i]);
  const views: ViewDefinition[] = [];
  const viewColumns: ViewColumns[] = [];
  const viewKeys = new Map<string, string>();
  for (const row of viewRows) {
    const view = readView(row, scoped);
    const columns = columnsByView.get(row.oid) ?? [];
    const names = new Map(columns.map((c) => [c.num, c.name]));
    const indexes = (indexesByView.get(row.oid) ?? []).map((i) => readIndex(i, (num) => names.get(num) ?? "", () => undefined));
    views.push(indexes.length === 0 ? view : { ...view, indexes });
    const key = keyOf(view.schema, view.name);
    viewKeys.set(row.oid, key);
    viewColumns.push({ view: key, columns: columns.map((c) => ({ name: c.name, type: c.type })) });
  }
  const viewDependencies: ViewDependency[] = rows.dependencies.flatMap((d) => {
    const view = viewKeys.get(d.view_oid);
    if (view === undefined) return [];
    return [{ view, on: keyOf(scoped(d.schema).schema, d.name), columns: d.columns, ...(d.routine ? { function: true as const } : {}) }];
  });
  const extensions: Extension[] = rows.extensions.map((e) => ({ name: e.name, ...scoped(e.schema), version: e.version }));
  const sequences = rows.sequences.map((r) => readSequence(r, scoped));
  const policies = rows.policies.filter((r) => keep(relation(r.schema, r.table))).map((r) => readPolicy(r, scoped));
  const rowLevelSecurity: RowLevelSecurity[] = rows.security
    .filter((r) => keep(relation(r.schema, r.table)))
    .map((r) => ({ ...scoped(r.schema), table: r.table, enabled: r.enabled, forced: r.forced }));
  const result: Record<string, unknown> = {};
  const fields: [keyof SchemaObjects, readonly unknown[]][] = [
    ["functions", functions],
    ["triggers", triggers],
    ["views", views],
    ["extensions", extensions],
    ["sequences", sequences],
    ["policies", policies],
    ["rowLevelSecurity", rowLevelSecurity],
    ["viewDependencies", viewDependencies],
    ["viewColumns", viewColumns],
  ];
  for (const [name, list] of fields) if (list.length > 0) result[name] = list;
  return result as SchemaObjects;
};
