// What a user writes in retort.config.ts. Every key is optional; loadConfig fills defaults
// and turns paths into absolute ones relative to the config file's folder.

/** Alembic's version table name, so that a database Alembic managed can be taken over. */
export const DEFAULT_VERSION_TABLE = "alembic_version";

/** The applied-migration log's default name. */
export const DEFAULT_LOG_TABLE = "retort_log";

export interface RetortConfig {
  /** Default database URL; DATABASE_URL and --url take precedence over it. */
  url?: string;
  /** Folder holding versions/ and script.ts.tmpl. Default "migrations". */
  migrations?: string;
  /**
   * Folders holding revision files. As Alembic's version_locations, the list replaces the
   * default [<migrations>/versions]: include that folder yourself to keep it.
   */
  versionLocations?: string[];
  /** Template for new revision files. Default <migrations>/script.ts.tmpl, else the built-in one. */
  template?: string;
  /** Default "alembic_version", so that a database Alembic managed can be taken over. */
  versionTable?: string;
  /** Schema of the version table. Default: none (the search path decides). */
  versionTableSchema?: string;
  /**
   * The applied-migration log beside the version table (in its schema): one row per step
   * run or stamped. Default "retort_log"; false keeps no log (and nothing to compare edits with).
   */
  logTable?: string | false;
  /**
   * A migration file edited after it was applied: "warn" (default) says so; "error" stops
   * upgrade, downgrade and current before they do anything (as --strict does).
   */
  editedMigrations?: "warn" | "error";
  /** Module(s) exporting the model tables autogenerate compares with the database. */
  models?: string | string[];
  /** Tables (names or patterns) and schemas autogenerate ignores. */
  exclude?: { tables?: (string | RegExp)[]; schemas?: string[] };
  /** Schemas autogenerate compares. Default: the default schema only. */
  schemas?: string[];
  /** Constraint and index naming templates, e.g. { pk: "pk_%(table_name)s" }. */
  namingConvention?: Record<string, string>;
  /** Length of new revision ids in hex characters. Default 12, as Alembic's. */
  revisionIdLength?: number;
  /** File name of new revisions without extension. Default "%(rev)s_%(slug)s". */
  fileTemplate?: string;
  /** `retort lint`: a level per rule id, and the row count from which a table is large (with --url). */
  lint?: { rules?: Record<string, "off" | "warn" | "error">; largeTableRows?: number };
  /** `safe: true` makes autogenerate write the forms that do not block a busy table (as --safe). */
  autogenerate?: { safe?: boolean };
  /**
   * PostgreSQL's lock_timeout for each migration's transaction ("2s"): a statement that waits
   * longer for a lock fails, and the migration is rolled back and retried. Default: none.
   */
  lockTimeout?: string;
  /** Retries of a migration that failed on the lock timeout, with backoff. Default 5. */
  lockRetries?: number;
  /** PostgreSQL's statement_timeout for each migration's transaction. Default: none. */
  statementTimeout?: string;
  /**
   * Commands run on each file retort writes (revision, merge, pull), in order, with the
   * file's path appended, from the config's folder: [["biome", "format", "--write"]].
   */
  postWrite?: string[][];
  /**
   * PGlite contrib extensions to load when a pglite:// database is opened, e.g. ["pg_trgm"]:
   * PGlite accepts `CREATE EXTENSION` only for extensions loaded with the instance.
   */
  pgliteExtensions?: string[];
  /**
   * The tenants `retort upgrade head --tenants` and `retort current --tenants` run over: a
   * list, or a function returning one (read from a catalog database, say). Each tenant has a
   * database of its own (`url`), a schema of its own (`schema`: the version table lives there
   * and the migration's search_path is set to it), or both.
   */
  tenants?: Tenant[] | (() => Tenant[] | Promise<Tenant[]>);
}

/** One customer's database or schema, as the config's `tenants` names it. */
export interface Tenant {
  /** Shown in results, matched by `--only`, offered to migrations as `op.context.tenant`. */
  name: string;
  /** Database-per-tenant: this tenant's database. Default: the run's database URL. */
  url?: string;
  /** Schema-per-tenant: this tenant's schema, created if missing by `upgrade`. */
  schema?: string;
}

/** What a config written as a function receives. */
export interface ConfigContext {
  /** `-x key=value` from the command line (repeatable), e.g. `retort upgrade -x tenant=acme`. */
  readonly args: Readonly<Record<string, string>>;
}

export type ConfigFunction = (context: ConfigContext) => RetortConfig | Promise<RetortConfig>;

/** Identity at run time; gives a config file type checking and completion. */
export function defineConfig(config: RetortConfig): RetortConfig;
export function defineConfig(config: ConfigFunction): ConfigFunction;
export function defineConfig(config: RetortConfig | ConfigFunction): RetortConfig | ConfigFunction {
  return config;
}
