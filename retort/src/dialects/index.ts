// The one door to a database: `createDialect(url)` picks the dialect for a URL and returns
// it as one object (driver, compiler, introspector, capabilities). A factory, not a
// registry: no dialect module registers itself on import, so what runs is what the call
// graph shows.
import { parseDatabaseUrl, type DatabaseTarget } from "../drivers/url.js";
import { createMysqlDialect } from "./mysql/index.js";
import { createPostgresDialect, postgresCapabilities } from "./postgres/index.js";
import { createSqliteDialect } from "./sqlite/index.js";
import type { Dialect } from "./types.js";

export interface CreateDialectOptions {
  /** Where a relative pglite:// path is resolved from (default: the process's cwd). */
  readonly cwd?: string;
  /**
   * The SQL is for an offline script, which a server's client runs: a PGlite URL still
   * gets a server's capabilities (CONCURRENTLY is kept), and nothing connects.
   */
  readonly offline?: boolean;
}

/** The dialect for a database URL (or a URL already parsed by parseDatabaseUrl). */
export const createDialect = (url: string | DatabaseTarget, options: CreateDialectOptions = {}): Dialect => {
  const target = typeof url === "string" ? parseDatabaseUrl(url, options.cwd ?? process.cwd()) : url;
  switch (target.kind) {
    case "postgres":
    case "pglite":
      return options.offline === true ? createPostgresDialect(target, postgresCapabilities("postgres")) : createPostgresDialect(target);
    case "sqlite":
      return createSqliteDialect(target);
    case "mysql":
      return createMysqlDialect(target);
  }
};

export type * from "./types.js";
// How PostgreSQL prints an identifier inside an expression (autogen rewrites renamed names).
export { identifierAsPrinted } from "./postgres/keywords.js";
