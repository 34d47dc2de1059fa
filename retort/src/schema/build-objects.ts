// The non-table part of buildSchema: functions, triggers, views, extensions, sequences,
// policies and row-level security, from object models and from tables' behaviours
// (touchUpdatedAt() declares a function and a trigger; enableRowLevelSecurity() a switch).
import { RetortError } from "../errors.js";
import type { NamingConvention } from "./naming.js";
import { isObjectModel, objectEntry } from "./object-model.js";
import type { FunctionDefinition, RowLevelSecurity, SchemaObjects, TriggerDefinition, ViewDefinition } from "./objects.js";
import type { TableInternals } from "./table.js";

const bad = (message: string, hint: string) => new RetortError("INVALID_SCHEMA", message, { hint });

const qualified = (o: { readonly schema?: string; readonly name: string }): string => (o.schema === undefined ? o.name : `${o.schema}.${o.name}`);

/** A function's identity: its name and input argument types, as PostgreSQL tells overloads apart. */
export const functionKey = (f: FunctionDefinition): string =>
  `${qualified(f)}(${f.args.filter((a) => a.mode !== "out").map((a) => a.type.trim().toLowerCase()).join(",")})`;

export const triggerKey = (t: { readonly schema?: string; readonly table: string; readonly name: string }): string =>
  `${qualified({ ...(t.schema === undefined ? {} : { schema: t.schema }), name: t.table })}:${t.name}`;

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The function and trigger a touchUpdatedAt() table stands for. */
const touchObjects = (table: TableInternals): { fn: FunctionDefinition; trigger: TriggerDefinition } | undefined => {
  const touch = table.touchUpdatedAt;
  if (touch === undefined) return undefined;
  const column = touch.column ?? "updated_at";
  if (!Object.keys(table.columns).includes(column))
    throw bad(`table "${table.name}" has touchUpdatedAt() but no column "${column}"`, `Add the column, or pass touchUpdatedAt({ column: "..." }).`);
  const schema = table.schema === undefined ? {} : { schema: table.schema };
  const fn: FunctionDefinition = {
    ...schema,
    name: touch.function ?? `set_${column}`,
    args: [],
    returns: "trigger",
    language: "plpgsql",
    // The column is an identifier part: the dialect spells it (quoted if it must be).
    body: {
      parts: [
        { kind: "text", text: "\nBEGIN\n  NEW." },
        { kind: "identifier", parts: [column] },
        { kind: "text", text: " = now();\n  RETURN NEW;\nEND;\n" },
      ],
    },
  };
  const trigger: TriggerDefinition = {
    name: touch.trigger ?? `trg_${table.name}_${column}`,
    ...schema,
    table: table.name,
    timing: "before",
    events: ["update"],
    forEach: "row",
    function: { ...schema, name: fn.name },
  };
  return { fn, trigger };
};

/** Collects the objects among `values` and the behaviours of `tables`; lists left out when empty. */
export const buildObjects = (
  values: readonly unknown[],
  tables: readonly TableInternals[],
  options: { readonly namingConvention?: NamingConvention },
): SchemaObjects => {
  const lists = {
    functions: new Map<string, FunctionDefinition>(),
    triggers: new Map<string, TriggerDefinition>(),
    views: new Map<string, ViewDefinition>(),
    extensions: new Map<string, NonNullable<SchemaObjects["extensions"]>[number]>(),
    sequences: new Map<string, NonNullable<SchemaObjects["sequences"]>[number]>(),
    policies: new Map<string, NonNullable<SchemaObjects["policies"]>[number]>(),
  };
  const add = <T>(map: Map<string, T>, key: string, item: T, what: string): void => {
    const existing = map.get(key);
    if (existing !== undefined && !sameJson(existing, item))
      throw bad(`${what} ${key} is declared twice with different definitions`, "Declare it once and share the model.");
    map.set(key, item);
  };
  const seen = new Set<unknown>();
  for (const value of values) {
    if (!isObjectModel(value) || seen.has(value)) continue;
    seen.add(value);
    const entry = objectEntry(value);
    switch (entry.kind) {
      case "function":
        add(lists.functions, functionKey(entry.definition), entry.definition, "function");
        break;
      case "trigger":
        add(lists.triggers, triggerKey(entry.definition), entry.definition, "trigger");
        break;
      case "view": {
        const indexes = entry.indexes(options);
        add(lists.views, qualified(entry.definition), indexes.length === 0 ? entry.definition : { ...entry.definition, indexes }, "view");
        break;
      }
      case "extension":
        add(lists.extensions, entry.definition.name, entry.definition, "extension");
        break;
      case "sequence":
        add(lists.sequences, qualified(entry.definition), entry.definition, "sequence");
        break;
      case "policy":
        add(lists.policies, triggerKey(entry.definition), entry.definition, "policy");
        break;
    }
  }
  const rowLevelSecurity: RowLevelSecurity[] = [];
  for (const table of tables) {
    const touch = touchObjects(table);
    if (touch !== undefined) {
      add(lists.functions, functionKey(touch.fn), touch.fn, "function");
      add(lists.triggers, triggerKey(touch.trigger), touch.trigger, "trigger");
    }
    if (table.rowLevelSecurity === true || table.forceRowLevelSecurity === true) {
      rowLevelSecurity.push({
        ...(table.schema === undefined ? {} : { schema: table.schema }),
        table: table.name,
        enabled: table.rowLevelSecurity === true,
        forced: table.forceRowLevelSecurity === true,
      });
    }
  }
  const result: Record<string, unknown> = {};
  for (const [key, map] of Object.entries(lists)) if (map.size > 0) result[key] = [...map.values()];
  if (rowLevelSecurity.length > 0) result.rowLevelSecurity = rowLevelSecurity;
  return result as SchemaObjects;
};
