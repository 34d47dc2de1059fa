// Which tables autogenerate leaves alone. A pattern names a table ("audit_log"), a
// qualified table ("audit.events"), a whole schema ("audit.*"), or uses * as a wildcard
// anywhere ("tmp_*", "*.cache_*"). A pattern without a dot matches the table name in any
// schema.
import type { QualifiedName } from "../../schema/types.js";
import type { ExcludeOption } from "../types.js";

const toRegExp = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);

/** A predicate over tables; `defaultSchema` is the schema an unqualified table lives in. */
export const excludePredicate = (exclude: ExcludeOption | undefined, defaultSchema: string): ((table: QualifiedName) => boolean) => {
  if (exclude === undefined) return () => false;
  if (typeof exclude === "function") return exclude;
  const matchers = exclude.map((pattern) => {
    const dot = pattern.indexOf(".");
    if (dot < 0) {
      const name = toRegExp(pattern);
      return (t: QualifiedName) => name.test(t.name);
    }
    const schema = toRegExp(pattern.slice(0, dot));
    const name = toRegExp(pattern.slice(dot + 1));
    return (t: QualifiedName) => schema.test(t.schema ?? defaultSchema) && name.test(t.name);
  });
  return (table) => matchers.some((match) => match(table));
};
