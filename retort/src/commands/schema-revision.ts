// A revision that creates a whole schema, for `pull --baseline` and `squash`: autogenerate
// against an empty shadow database, so the upgrade holds exactly what the introspector
// read (tables, enums, functions, triggers, views, ...) and the downgrade their inverses.
import { ambiguityError, compareLive } from "../autogen/compare-live.js";
import { migrationSource, type MigrationSource } from "../autogen/migration-source.js";
import type { Schema } from "../schema/types.js";
import type { CommandContext } from "./context.js";
import { versionTableOf, type Project } from "./project.js";
import { openProjectShadow } from "./shadow-project.js";

export interface SchemaRevisionSource extends MigrationSource {
  /** How many operations the upgrade holds. */
  readonly operations: number;
}

export const schemaRevisionSource = async (
  project: Project,
  context: CommandContext,
  schema: Schema,
  shadowUrl: string | undefined,
): Promise<SchemaRevisionSource> => {
  const shadow = await openProjectShadow(project, context, shadowUrl);
  try {
    const comparison = await compareLive({
      dialect: shadow.session.dialect,
      connection: shadow.session.connection,
      loadModels: async () => schema,
      exclude: project.config.config.exclude,
      schemas: project.config.config.schemas,
      versionTable: versionTableOf(project.config),
    });
    // An empty database has nothing to rename from; kept for safety all the same.
    if (comparison.ambiguities.length > 0) throw ambiguityError(comparison.ambiguities);
    const source = await migrationSource(comparison.ops, project.config.root);
    return { ...source, operations: comparison.ops.length };
  } finally {
    await shadow.close();
  }
};
