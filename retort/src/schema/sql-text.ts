// Walking a Schema's SqlText fields: every expression a model can write (defaults,
// generated columns, checks, index expressions and predicates, function bodies, trigger
// conditions, view queries, policies). Pure data: the function that turns a fragment into
// text is the dialect's (DialectCompiler.expression), handed in by whoever holds one.
import type { Index, Schema, SqlText, Table } from "./types.js";

/** `schema` with each expression passed through `text`: a model schema made comparable with the database's. */
export const mapSchemaText = (schema: Schema, text: (value: SqlText) => string): Schema => {
  const index = (i: Index): Index => ({
    ...i,
    elements: i.elements.map((e) => (e.kind === "expression" ? { ...e, sql: text(e.sql) } : e)),
    ...(i.where === undefined ? {} : { where: text(i.where) }),
  });
  const table = (t: Table): Table => ({
    ...t,
    columns: t.columns.map((c) => ({
      ...c,
      ...(c.default?.kind === "sql" ? { default: { kind: "sql" as const, sql: text(c.default.sql) } } : {}),
      ...(c.generated === undefined ? {} : { generated: { sql: text(c.generated.sql) } }),
    })),
    checks: t.checks.map((c) => ({ ...c, expression: text(c.expression) })),
    indexes: t.indexes.map(index),
  });
  return {
    ...schema,
    tables: schema.tables.map(table),
    ...(schema.functions === undefined ? {} : { functions: schema.functions.map((f) => ({ ...f, body: text(f.body) })) }),
    ...(schema.triggers === undefined ? {} : { triggers: schema.triggers.map((t) => (t.when === undefined ? t : { ...t, when: text(t.when) })) }),
    ...(schema.views === undefined
      ? {}
      : { views: schema.views.map((v) => ({ ...v, query: text(v.query), ...(v.indexes === undefined ? {} : { indexes: v.indexes.map(index) }) })) }),
    ...(schema.policies === undefined
      ? {}
      : {
          policies: schema.policies.map((p) => ({
            ...p,
            ...(p.using === undefined ? {} : { using: text(p.using) }),
            ...(p.withCheck === undefined ? {} : { withCheck: text(p.withCheck) }),
          })),
        }),
  };
};

/**
 * The text of an expression that is already text: read from a database, or from a model
 * schema the dialect has spelled (mapSchemaText). A fragment here means a model skipped
 * that step, which is retort's bug, not the user's.
 */
export const spelledText = (value: SqlText): string => {
  if (typeof value === "string") return value;
  throw new Error("internal error: a model expression reached a text comparison before the dialect spelled it");
};
