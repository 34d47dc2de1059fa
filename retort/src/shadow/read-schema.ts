// A session's schema as the introspector reads it, under the project's rules: the schemas
// it names, without the excluded tables and without the version table. The shadow and the
// real database are read through this same function, so they compare like for like.
import { exclusionPredicate, type ExcludeRules } from "../autogen/exclusion.js";
import type { Session } from "../runtime/index.js";
import type { Schema } from "../schema/types.js";

export interface ReadRules {
  readonly schemas: readonly string[] | null;
  readonly exclude: ExcludeRules;
}

export const readSchema = (session: Session, rules: ReadRules): Promise<Schema> =>
  session.dialect.introspector.introspect(session.connection, {
    ...(rules.schemas === null ? {} : { schemas: rules.schemas }),
    exclude: exclusionPredicate(rules.exclude, session.dialect.introspector),
    versionTable: { name: session.versionTable.table, ...(session.versionTable.schema === undefined ? {} : { schema: session.versionTable.schema }) },
  });
