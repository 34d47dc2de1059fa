// Builders for code that lives in the database: functions and triggers. Bodies, types and
// languages are kept as given; the dialect checks what it prints bare.
import type { Sql } from "../../schema/sql.js";
import type { FunctionArgument, Op, TriggerEvent } from "../types.js";
import { builder, flags, invalid, requireName, schemaField, target, textOf, type SchemaOption, type TableArg } from "./args.js";

export interface FunctionOptions {
  readonly name: string;
  readonly schema?: string;
  /** Argument types ("integer"), or full arguments ({ name, type, mode, default }). */
  readonly args?: readonly (string | FunctionArgument)[];
  /** Ignored for a procedure. */
  readonly returns?: string;
  readonly language: string;
  readonly body: string;
  readonly orReplace?: boolean;
  readonly volatility?: "immutable" | "stable" | "volatile";
  readonly security?: "invoker" | "definer";
  readonly strict?: boolean;
  readonly parallel?: "safe" | "restricted" | "unsafe";
  /** CREATE PROCEDURE: called with CALL, returns nothing. */
  readonly procedure?: boolean;
}

export const createFunction = builder((def: FunctionOptions): Op[] => {
  const args = (def.args ?? []).map((a): FunctionArgument => (typeof a === "string" ? { type: a } : { ...a }));
  const name = requireName(def.name, "the function's name");
  const returns = def.procedure === true ? "void" : requireName(def.returns, "returns");
  const language = requireName(def.language, "language");
  if (typeof def.body !== "string") throw invalid(`function "${def.name}" has no body`, "Pass the body as text.");
  const fn = {
    ...schemaField(def.schema),
    name,
    args,
    returns,
    language,
    body: def.body,
    ...(def.volatility === undefined ? {} : { volatility: def.volatility }),
    ...(def.security === undefined ? {} : { security: def.security }),
    ...flags(def, "strict"),
    ...(def.parallel === undefined ? {} : { parallel: def.parallel }),
    ...flags(def, "procedure"),
  };
  return [{ kind: "createFunction", function: fn, ...flags(def, "orReplace") }];
});

export interface DropFunctionArgs {
  readonly name: string;
  readonly options?: SchemaOption & { readonly argTypes?: readonly string[]; readonly procedure?: boolean; readonly ifExists?: boolean; readonly cascade?: boolean };
}

export const dropFunction = builder(({ name, options = {} }: DropFunctionArgs): Op[] => [
  {
    kind: "dropFunction",
    ...schemaField(options.schema),
    name: requireName(name, "the function's name"),
    ...(options.argTypes === undefined ? {} : { argTypes: [...options.argTypes] }),
    ...flags(options, "procedure", "ifExists", "cascade"),
  },
]);

export interface TriggerOptions {
  readonly name: string;
  readonly table: TableArg;
  readonly schema?: string;
  readonly timing: "before" | "after" | "instead of";
  readonly events: TriggerEvent | readonly TriggerEvent[];
  readonly updateOf?: readonly string[];
  readonly forEach?: "row" | "statement";
  /** The trigger function: a name, or { schema, name }. */
  readonly function: string | { readonly schema?: string; readonly name: string };
  readonly args?: readonly string[];
  readonly when?: string | Sql;
  readonly orReplace?: boolean;
}

export const createTrigger = builder((def: TriggerOptions): Op[] => {
  const ref = target(def.table, def.schema);
  const events = (typeof def.events === "string" ? [def.events] : [...def.events]) as TriggerEvent[];
  if (events.length === 0) throw invalid(`trigger "${def.name}" has no events`, "List at least one of insert, update, delete, truncate.");
  const fn =
    typeof def.function === "string"
      ? { name: requireName(def.function, "the trigger function") }
      : { ...schemaField(def.function.schema), name: requireName(def.function.name, "the trigger function") };
  const trigger = {
    name: requireName(def.name, "the trigger's name"),
    ...schemaField(ref.schema),
    table: ref.table,
    timing: def.timing,
    events,
    ...(def.updateOf === undefined ? {} : { updateOf: [...def.updateOf] }),
    forEach: def.forEach ?? "statement",
    ...(def.when === undefined ? {} : { when: textOf(def.when, "the trigger's WHEN condition") }),
    function: fn,
    ...(def.args === undefined ? {} : { args: [...def.args] }),
  };
  return [{ kind: "createTrigger", trigger, ...flags(def, "orReplace") }];
});

export interface DropTriggerArgs {
  readonly name: string;
  readonly table: TableArg;
  readonly options?: SchemaOption & { readonly ifExists?: boolean };
}

export const dropTrigger = builder(({ name, table, options = {} }: DropTriggerArgs): Op[] => [
  {
    kind: "dropTrigger",
    ...target(table, options.schema),
    name: requireName(name, "the trigger's name"),
    ...flags(options, "ifExists"),
  },
]);
