// fn() and procedure(): PostgreSQL functions and procedures as models. The body is kept
// exactly as written; comparison with the database folds formatting, case and comments.
import { RetortError } from "../errors.js";
import type { FunctionArgument, FunctionDefinition } from "./objects.js";
import { OBJECT_MODEL, type ObjectModel } from "./object-model.js";
import { isBlankText, isSql, schemaSqlText, type Sql } from "./sql.js";

export interface FunctionModelOptions {
  readonly schema?: string;
  /** Argument types ("integer"), or full arguments ({ name, type, mode, default }). */
  readonly args?: readonly (string | FunctionArgument)[];
  readonly returns: string;
  readonly language: string;
  readonly body: string | Sql;
  readonly volatility?: "immutable" | "stable" | "volatile";
  readonly security?: "invoker" | "definer";
  readonly strict?: boolean;
  readonly parallel?: "safe" | "restricted" | "unsafe";
}

export type ProcedureModelOptions = Omit<FunctionModelOptions, "returns" | "volatility" | "strict" | "parallel">;

export interface FunctionModel extends ObjectModel {
  readonly name: string;
  readonly schema: string | undefined;
  readonly definition: FunctionDefinition;
}

const bad = (message: string, hint: string) => new RetortError("INVALID_SCHEMA", message, { hint });

const MODES = ["in", "out", "inout", "variadic"];

const argumentOf = (arg: string | FunctionArgument, where: string): FunctionArgument => {
  if (typeof arg === "string") {
    if (arg.trim() === "") throw bad(`${where} has an empty argument type`, 'Write args: ["integer", "text"].');
    return { type: arg };
  }
  if (typeof arg !== "object" || arg === null || typeof arg.type !== "string" || arg.type.trim() === "")
    throw bad(`${where} has an argument without a type`, 'Write args: [{ name: "n", type: "integer" }].');
  if (arg.mode !== undefined && !MODES.includes(arg.mode)) throw bad(`${where} has argument mode ${JSON.stringify(arg.mode)}`, "Use in, out, inout or variadic.");
  return {
    ...(arg.name === undefined ? {} : { name: arg.name }),
    type: arg.type,
    ...(arg.mode === undefined || arg.mode === "in" ? {} : { mode: arg.mode }),
    ...(arg.default === undefined ? {} : { default: arg.default }),
  };
};

const routine = (name: string, options: FunctionModelOptions, procedure: boolean): FunctionModel => {
  const what = `${procedure ? "procedure" : "function"} "${name}"`;
  if (typeof name !== "string" || name.length === 0) throw bad(`a ${procedure ? "procedure" : "function"} needs a name`, 'Write fn("name", { ... }).');
  if (typeof options.language !== "string" || !/^[a-z_][a-z0-9_]*$/.test(options.language))
    throw bad(`${what} needs a language`, 'Write language: "plpgsql" (or "sql").');
  if (!procedure && (typeof options.returns !== "string" || options.returns.trim() === ""))
    throw bad(`${what} needs a return type`, 'Write returns: "trigger" (or "integer", "setof users", ...).');
  const body = isSql(options.body) ? schemaSqlText(options.body, `the body of ${what}`) : options.body;
  if (isBlankText(body)) throw bad(`${what} has no body`, "Give the body as a template literal.");
  const definition: FunctionDefinition = Object.freeze({
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    name,
    args: Object.freeze((options.args ?? []).map((a) => argumentOf(a, what))),
    returns: procedure ? "void" : options.returns.trim(),
    language: options.language,
    body,
    ...(options.volatility === undefined || options.volatility === "volatile" ? {} : { volatility: options.volatility }),
    ...(options.security === undefined || options.security === "invoker" ? {} : { security: options.security }),
    ...(options.strict === true ? { strict: true } : {}),
    ...(options.parallel === undefined || options.parallel === "unsafe" ? {} : { parallel: options.parallel }),
    ...(procedure ? { procedure: true } : {}),
  });
  return Object.freeze({ [OBJECT_MODEL]: { kind: "function" as const, definition }, name, schema: options.schema, definition });
};

/** A function, e.g. fn("set_updated_at", { returns: "trigger", language: "plpgsql", body: `...` }). */
export const fn = (name: string, options: FunctionModelOptions): FunctionModel => routine(name, options, false);

/** A procedure (CREATE PROCEDURE), called with CALL. */
export const procedure = (name: string, options: ProcedureModelOptions): FunctionModel =>
  routine(name, { ...options, returns: "void" }, true);
