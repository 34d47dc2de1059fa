// The non-table part of `retort pull`: fn(), trigger(), view(), extension(), sequence()
// and policy() declarations for what the database holds, bodies and queries as template
// literals. Views get their columns (from the catalog) so that Database<...> types them.
import { parseColumnType } from "../schema/type-names.js";
import type { ColumnType, Schema } from "../schema/types.js";
import { blockObject, functionFields, policyFields, sequenceFields, triggerFields, viewFields } from "./render-objects.js";
import { key, objectText, sqlTag, str, typeBuilder } from "./render-values.js";

export const OBJECT_HELPERS = ["fn", "procedure", "trigger", "view", "extension", "sequence", "policy", "enableRowLevelSecurity", "forceRowLevelSecurity"] as const;

const qualified = (o: { readonly schema?: string; readonly name: string }): string => (o.schema === undefined ? o.name : `${o.schema}.${o.name}`);

const viewColumnType = (sql: string): ColumnType => {
  try {
    return parseColumnType(sql);
  } catch {
    return { kind: "custom", sql };
  }
};

/** Declarations of the Schema's objects, each `export const <name> = ...;`, using `variable` to name them. */
export const objectDeclarations = (schema: Schema, variable: (wanted: string) => string, camel: (name: string) => string): string[] => {
  const out: string[] = [];
  for (const e of schema.extensions ?? []) {
    const options = objectText([["schema", e.schema === undefined ? undefined : str(e.schema)]]);
    out.push(`export const ${variable(`${camel(e.name)}Extension`)} = extension(${str(e.name)}${options === "{}" ? "" : `, ${options}`});`);
  }
  for (const s of schema.sequences ?? []) {
    const options = objectText(sequenceFields(s));
    out.push(`export const ${variable(`${camel(qualified(s))}Sequence`)} = sequence(${str(s.name)}${options === "{}" ? "" : `, ${options}`});`);
  }
  for (const f of schema.functions ?? []) {
    const call = f.procedure === true ? "procedure" : "fn";
    out.push(`export const ${variable(`${camel(qualified(f))}${f.procedure === true ? "Procedure" : "Function"}`)} = ${call}(${str(f.name)}, ${blockObject(functionFields(f, false))});`);
  }
  const columns = new Map((schema.viewColumns ?? []).map((c) => [c.view, c.columns]));
  for (const v of schema.views ?? []) {
    const cols = columns.get(qualified(v)) ?? [];
    const columnsText = cols.length === 0 ? undefined : `{ ${cols.map((c) => `${key(c.name)}: ${typeBuilder(viewColumnType(c.type), (t) => `customType(${str(t.name)})`)}`).join(", ")} }`;
    const indexes = (v.indexes ?? []).map((i) => {
      const on = i.elements.map((e) => (e.kind === "expression" ? sqlTag(e.sql) : `v.${e.name}`)).join(", ");
      return `${i.unique ? "uniqueIndex" : "index"}(${str(i.name)}).on(${on})${i.method === undefined ? "" : `.using(${str(i.method)})`}${i.where === undefined ? "" : `.where(${sqlTag(i.where)})`}`;
    });
    const options = blockObject([...viewFields(v), ["columns", columnsText], ["indexes", indexes.length === 0 ? undefined : `(v) => [${indexes.join(", ")}]`]]);
    out.push(`export const ${variable(`${camel(qualified(v))}View`)} = view(${str(v.name)}, ${sqlTag(v.query)}${options === "{\n\n}" ? "" : `, ${options}`});`);
  }
  for (const t of schema.triggers ?? []) {
    const fnRef = t.function.schema === undefined ? str(t.function.name) : objectText([["schema", str(t.function.schema)], ["name", str(t.function.name)]]);
    const options = objectText([["table", str(t.table)], ["schema", t.schema === undefined ? undefined : str(t.schema)], ...triggerFields(t), ["function", fnRef]]);
    out.push(`export const ${variable(`${camel(`${t.table}_${t.name}`)}Trigger`)} = trigger(${str(t.name)}, ${options});`);
  }
  for (const p of schema.policies ?? []) {
    const options = objectText([["table", str(p.table)], ["schema", p.schema === undefined ? undefined : str(p.schema)], ...policyFields(p)]);
    out.push(`export const ${variable(`${camel(`${p.table}_${p.name}`)}Policy`)} = policy(${str(p.name)}, ${options});`);
  }
  return out;
};

/** The table declaration's value wrapped in its row-level security helpers. */
export const withRowLevelSecurity = (schema: Schema, table: { readonly schema?: string; readonly name: string }, value: string): string => {
  const rls = (schema.rowLevelSecurity ?? []).find((r) => r.table === table.name && r.schema === table.schema);
  if (rls === undefined) return value;
  let text = value;
  if (rls.enabled) text = `enableRowLevelSecurity(${text})`;
  if (rls.forced) text = `forceRowLevelSecurity(${text})`;
  return text;
};
