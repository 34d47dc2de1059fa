// The config's `exclude` as one predicate over tables: string patterns (the dialect knows
// which schema an unqualified pattern means), regular expressions tried against the bare
// and the qualified name, and whole schemas. Introspection skips these tables and the
// comparison leaves the models' tables of the same names alone.
import type { DialectIntrospector } from "../dialects/index.js";
import type { QualifiedName } from "../schema/types.js";

export interface ExcludeRules {
  readonly tables: readonly (string | RegExp)[];
  readonly schemas: readonly string[];
}

export const exclusionPredicate = (rules: ExcludeRules, introspector: DialectIntrospector): ((table: QualifiedName) => boolean) => {
  const patterns = introspector.tablePatterns(rules.tables.filter((t): t is string => typeof t === "string"));
  const expressions = rules.tables.filter((t): t is RegExp => t instanceof RegExp);
  return (table) => {
    const qualified = table.schema === undefined ? table.name : `${table.schema}.${table.name}`;
    return (
      (table.schema !== undefined && rules.schemas.includes(table.schema)) ||
      patterns(table) ||
      expressions.some((re) => re.test(table.name) || re.test(qualified))
    );
  };
};

/** A comparison key ("name" or "schema.name") as a table name. */
export const keyToName = (key: string): QualifiedName => {
  const dot = key.indexOf(".");
  return dot < 0 ? { name: key } : { schema: key.slice(0, dot), name: key.slice(dot + 1) };
};
