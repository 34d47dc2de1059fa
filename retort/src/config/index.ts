export { DEFAULT_LOG_TABLE, DEFAULT_VERSION_TABLE, defineConfig, type RetortConfig, type Tenant } from "./define-config.js";
export type { ResolvedConfig, ResolvedSettings } from "./resolved.js";
export { CONFIG_FILE_NAMES, loadConfig, type LoadConfigOptions } from "./load.js";
export { resolveDatabaseUrl, type ResolveDatabaseUrlInput, type UrlSource } from "./database-url.js";
export { listTenants, type ResolvedTenant } from "./tenants.js";
