// What a user writes in retort.config.ts. Every key is optional; loadConfig fills defaults
// and turns paths into absolute ones relative to the config file's folder.

/** Alembic's version table name, so that a database Alembic managed can be taken over. */
export const DEFAULT_VERSION_TABLE = "alembic_version";

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
  /**
   * PGlite contrib extensions to load when a pglite:// database is opened, e.g. ["pg_trgm"]:
   * PGlite accepts `CREATE EXTENSION` only for extensions loaded with the instance.
   */
  pgliteExtensions?: string[];
}

/** Identity at run time; gives a config file type checking and completion. */
export const defineConfig = (config: RetortConfig): RetortConfig => config;
