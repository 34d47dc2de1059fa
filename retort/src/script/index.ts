export type { ScriptRevision } from "./script-revision.js";
export { isRevisionFileName, readRevision, scanVersions } from "./scan-versions.js";
export { loadMigration, migrationSourceMap, prepareMigrations, type MigrationModule } from "./load-migration.js";
export { generateRevisionId, renderFileName, slugify } from "./naming.js";
export { DEFAULT_TEMPLATE, renderRevision, type RevisionFields } from "./template.js";
export { writeRevisionFile } from "./write-revision.js";
export { fileChecksum, sourceChecksum } from "./checksum.js";
