import type { Tenant } from "./define-config.js";

/** The configuration with every default filled in and every path absolute. */
export interface ResolvedSettings {
  readonly url: string | null;
  readonly migrations: string;
  readonly versionLocations: readonly string[];
  /** Absolute path of the template file, or null for the built-in template. */
  readonly template: string | null;
  readonly versionTable: string;
  readonly versionTableSchema: string | null;
  /** The applied-migration log's table (in versionTableSchema); null: no log is kept. */
  readonly logTable: string | null;
  readonly editedMigrations: "warn" | "error";
  /** Absolute paths of the model modules; empty when none are configured. */
  readonly models: readonly string[];
  readonly exclude: { readonly tables: readonly (string | RegExp)[]; readonly schemas: readonly string[] };
  /** null: the default schema only. */
  readonly schemas: readonly string[] | null;
  readonly namingConvention: Readonly<Record<string, string>>;
  readonly revisionIdLength: number;
  readonly fileTemplate: string;
  readonly lint: { readonly rules: Readonly<Record<string, "off" | "warn" | "error">>; readonly largeTableRows: number | null };
  readonly autogenerate: { readonly safe: boolean };
  /** lock_timeout for each migration's transaction, in ms; null: none. */
  readonly lockTimeoutMs: number | null;
  readonly lockRetries: number;
  /** statement_timeout for each migration's transaction, in ms; null: none. */
  readonly statementTimeoutMs: number | null;
  /** Post-write hooks: each a command and its arguments; [] for none. */
  readonly postWrite: readonly (readonly string[])[];
  /** PGlite contrib extensions loaded when a pglite:// database opens; empty: none. */
  readonly pgliteExtensions: readonly string[];
  /** The config's `tenants` as written (a list or a function); null when there are none. */
  readonly tenants: TenantSource | null;
}

export type TenantSource = readonly Tenant[] | (() => Tenant[] | Promise<Tenant[]>);

export const DEFAULT_LOCK_RETRIES = 5;

export interface ResolvedConfig {
  /** Folder of the config file, or the working directory when there is none. */
  readonly root: string;
  /** Absolute path of the config file, or null when defaults are used. */
  readonly file: string | null;
  readonly config: ResolvedSettings;
  /** `-x key=value` of this run (Alembic's -x): given to a config function and to migrations. */
  readonly args: Readonly<Record<string, string>>;
}
