// A throwaway database on a server, for a shadow replay (`verify --shadow-url`): created
// under a name retort chose, dropped after, connections and all (WITH (FORCE), PostgreSQL 13+).
import type { Statement } from "../../ops/types.js";
import type { ScratchDatabaseSql } from "../types.js";
import { quoteIdent } from "./quote.js";

export const scratchDatabaseSql: ScratchDatabaseSql = {
  create: (name): Statement => ({ sql: `CREATE DATABASE ${quoteIdent(name)}`, params: [] }),
  drop: (name): Statement => ({ sql: `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`, params: [] }),
};
