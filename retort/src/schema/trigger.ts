// trigger(): a trigger on a model table (or a table by name) running a model function
// (or one by name). touchUpdatedAt() on a table declares the common case for itself.
import { RetortError } from "../errors.js";
import type { TriggerDefinition, TriggerEvent } from "./objects.js";
import { OBJECT_MODEL, type ObjectModel } from "./object-model.js";
import type { FunctionModel } from "./routine.js";
import { isSql, schemaSqlText, type Sql } from "./sql.js";
import { isTableModel, tableDefinition, type TableModel } from "./table.js";

export interface TriggerModelOptions {
  readonly table: TableModel | string;
  /** The table's schema when the table is given by name. */
  readonly schema?: string;
  readonly timing: "before" | "after" | "instead of";
  readonly events: TriggerEvent | readonly TriggerEvent[];
  readonly updateOf?: readonly string[];
  /** Default "statement", as in PostgreSQL. */
  readonly forEach?: "row" | "statement";
  readonly when?: string | Sql;
  readonly function: FunctionModel | string | { readonly schema?: string; readonly name: string };
  readonly args?: readonly string[];
}

export interface TriggerModel extends ObjectModel {
  readonly name: string;
  readonly definition: TriggerDefinition;
}

const bad = (message: string, hint: string) => new RetortError("INVALID_SCHEMA", message, { hint });

const EVENTS: readonly TriggerEvent[] = ["insert", "update", "delete", "truncate"];

export const trigger = (name: string, options: TriggerModelOptions): TriggerModel => {
  if (typeof name !== "string" || name.length === 0) throw bad("a trigger needs a name", 'Write trigger("trg_users_audit", { ... }).');
  const what = `trigger "${name}"`;
  const table = isTableModel(options.table)
    ? { name: tableDefinition(options.table).name, schema: options.schema ?? tableDefinition(options.table).schema }
    : { name: options.table, schema: options.schema };
  if (typeof table.name !== "string" || table.name.length === 0) throw bad(`${what} names no table`, "Pass table: users (a model) or its name.");
  const events = typeof options.events === "string" ? [options.events] : [...(options.events ?? [])];
  if (events.length === 0 || events.some((e) => !EVENTS.includes(e)))
    throw bad(`${what} needs events among ${EVENTS.join(", ")}`, 'Write events: ["update"].');
  if (!["before", "after", "instead of"].includes(options.timing)) throw bad(`${what} has timing ${JSON.stringify(options.timing)}`, "Use before, after or instead of.");
  const target = options.function;
  const fnRef =
    typeof target === "string"
      ? { name: target }
      : "definition" in target
        ? { ...(target.schema === undefined ? {} : { schema: target.schema }), name: target.name }
        : { ...(target.schema === undefined ? {} : { schema: target.schema }), name: target.name };
  if (typeof fnRef.name !== "string" || fnRef.name.length === 0) throw bad(`${what} names no function`, "Pass function: setUpdatedAt (a model) or its name.");
  // PostgreSQL keeps the events in its own order (insert, delete, update, truncate bits);
  // the model keeps them sorted so that two spellings compare equal.
  const sorted = EVENTS.filter((e) => events.includes(e));
  const definition: TriggerDefinition = Object.freeze({
    name,
    ...(table.schema === undefined ? {} : { schema: table.schema }),
    table: table.name,
    timing: options.timing,
    events: sorted,
    ...(options.updateOf === undefined || options.updateOf.length === 0 ? {} : { updateOf: [...options.updateOf] }),
    forEach: options.forEach ?? "statement",
    ...(options.when === undefined ? {} : { when: isSql(options.when) ? schemaSqlText(options.when, `the WHEN condition of ${what}`) : options.when }),
    function: fnRef,
    ...(options.args === undefined || options.args.length === 0 ? {} : { args: [...options.args] }),
  });
  return Object.freeze({ [OBJECT_MODEL]: { kind: "trigger" as const, definition }, name, definition });
};
