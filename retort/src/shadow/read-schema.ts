// A session's schema as the introspector reads it, under the project's rules: the schemas
// it names, without the excluded tables and without the version table. The shadow and the
// real database are read through this same function, so they compare like for like.
import { exclusionPredicate, type ExcludeRules } from "../autogen/exclusion.js";
import type { Session } from "../runtime/index.js";
import type { Schema } from "../schema/types.js";

export interface ReadRules {
  readonly schemas: readonly string[] | null;
  readonly exclude: ExcludeRules;
  /**
   * retort's own tables besides the version table (the applied-migration log), by name:
   * replaying writes them in the shadow, so they are no part of the schema compared.
   */
  readonly internalTables?: readonly string[];
}

export const readSchema = (session: Session, rules: ReadRules): Promise<Schema> => {
  const excluded = exclusionPredicate(rules.exclude, session.dialect.introspector);
  const internal = new Set(rules.internalTables ?? []);
  const versionSchema = session.versionTable.schema;
  return session.dialect.introspector.introspect(session.connection, {
    ...(rules.schemas === null ? {} : { schemas: rules.schemas }),
    exclude: (table) => excluded(table) || (internal.has(table.name) && (versionSchema === undefined || table.schema === undefined || table.schema === versionSchema)),
    versionTable: { name: session.versionTable.table, ...(versionSchema === undefined ? {} : { schema: versionSchema }) },
  });
};
