// The public API of retort-migrate. Each layer's index decides what it makes public.
export * from "./errors.js";
export * from "./schema/index.js";
export * from "./ops/index.js";
export { defineConfig, type RetortConfig, type ConfigContext, type ConfigFunction, type Tenant } from "./config/define-config.js";
export type { ResolvedConfig, ResolvedSettings } from "./config/resolved.js";
// An application reading its own migration state needs the configured version table.
export { loadConfig, type LoadConfigOptions } from "./config/load.js";
// For applications that open the databases retort migrates (backend/app/database.ts): the
// same URL rules, the same PGlite directory lock, and the heads of a versions folder.
export { parseDatabaseUrl, maskUrl, type DatabaseTarget } from "./drivers/url.js";
export { acquireLockFile, LOCK_FILE_NAME, type LockFile } from "./drivers/lock-file.js";
export { heads, type HeadsResult } from "./commands/heads.js";
