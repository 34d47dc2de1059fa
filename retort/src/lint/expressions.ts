// What the linter needs to know about an SQL expression: whether evaluating it once per row
// differs from evaluating it once (a volatile default makes ADD COLUMN rewrite the table),
// whether a CHECK is exactly `col IS NOT NULL` (which lets SET NOT NULL skip its scan), and
// which relations a view's query reads (dropping one of them breaks the view).
// Expressions arrive as parse trees from parser.ts; model defaults arrive as text and are
// parsed here.
import type { Node } from "libpg-query";
import { parseSql } from "./parser.js";
import type { Rel } from "./types.js";

// Functions PostgreSQL marks immutable or stable that show up in defaults. Anything else is
// treated as volatile: a default calling an unknown function may rewrite, so say so.
const NOT_VOLATILE = new Set([
  "now",
  "transaction_timestamp",
  "statement_timestamp",
  "current_setting",
  "lower",
  "upper",
  "btrim",
  "ltrim",
  "rtrim",
  "concat",
  "length",
  "abs",
  "round",
  "date_trunc",
  "make_interval",
  "make_date",
  "timezone",
  "to_timestamp",
  "to_jsonb",
  "to_json",
  "jsonb_build_object",
  "jsonb_build_array",
  "json_build_object",
  "json_build_array",
  "array_length",
  "coalesce",
  "nullif",
  "md5",
]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

const funcName = (call: Record<string, unknown>): string => {
  const names = Array.isArray(call.funcname) ? call.funcname : [];
  const last = names[names.length - 1] as { String?: { sval?: string } } | undefined;
  return last?.String?.sval ?? "";
};

/** The first function in the tree that is not known to be stable, or undefined. */
export const volatileCall = (node: unknown): string | undefined => {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = volatileCall(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  const call = node.FuncCall;
  if (isObject(call)) {
    const name = funcName(call);
    if (!NOT_VOLATILE.has(name)) return name;
  }
  // Subqueries in a default are refused by PostgreSQL; nothing else needs special handling.
  for (const value of Object.values(node)) {
    const found = volatileCall(value);
    if (found !== undefined) return found;
  }
  return undefined;
};

/**
 * The same for a default given as SQL text (a model's sql`...` default): the function's
 * name, the text itself when it does not parse, or undefined when it is not volatile.
 */
export const volatileCallInText = (sql: string): string | undefined => {
  // The same few defaults (now(), gen_random_uuid()) recur across a whole history.
  const known = volatility.get(sql);
  if (known !== undefined) return known === false ? undefined : known;
  const parsed = parseSql(`SELECT ${sql}`);
  const found = parsed.ok ? volatileCall(parsed.statements[0]?.node) : sql;
  volatility.set(sql, found ?? false);
  return found;
};

const volatility = new Map<string, string | false>();

const columnRefName = (node: unknown): string | undefined => {
  if (!isObject(node) || !isObject(node.ColumnRef)) return undefined;
  const fields = node.ColumnRef.fields;
  if (!Array.isArray(fields)) return undefined;
  const last = fields[fields.length - 1] as { String?: { sval?: string } } | undefined;
  return last?.String?.sval;
};

/** The column of a check that is exactly `col IS NOT NULL`. */
export const notNullCheckColumn = (expression: Node | undefined): string | undefined => {
  if (!isObject(expression) || !isObject((expression as Record<string, unknown>).NullTest)) return undefined;
  const test = (expression as { NullTest: { arg?: unknown; nulltesttype?: string } }).NullTest;
  return test.nulltesttype === "IS_NOT_NULL" ? columnRefName(test.arg) : undefined;
};

/** The same, for a check given as text (an op's expression). */
export const notNullCheckColumnOfText = (sql: string): string | undefined => {
  const parsed = parseSql(`SELECT ${sql}`);
  if (!parsed.ok) return undefined;
  const select = parsed.statements[0]?.node as { SelectStmt?: { targetList?: { ResTarget?: { val?: Node } }[] } } | undefined;
  return notNullCheckColumn(select?.SelectStmt?.targetList?.[0]?.ResTarget?.val);
};

/** The relations a parse tree names (CTE names too, which only over-report). */
export const relationsIn = (node: unknown): Rel[] => {
  const found: Rel[] = [];
  collectRangeVars(node, found);
  return found;
};

function collectRangeVars(node: unknown, found: Rel[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRangeVars(item, found);
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "RangeVar") {
      const range = value as { schemaname?: string; relname?: string };
      if (range.relname !== undefined) found.push(range.schemaname === undefined ? { name: range.relname } : { schema: range.schemaname, name: range.relname });
    }
    collectRangeVars(value, found);
  }
}

/**
 * The tables and views a view's SELECT names. A query the parser refuses reads nothing the
 * linter can tell; running the migration reports it.
 */
export const relationsReadBy = (query: string): Rel[] => {
  const parsed = parseSql(query);
  return parsed.ok ? relationsIn(parsed.statements.map((s) => s.node)) : [];
};
