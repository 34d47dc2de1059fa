// A throwaway database on a MySQL/MariaDB server, for a shadow replay (`verify --shadow-url`):
// created under a name retort chose and dropped after. DROP DATABASE does not wait for the
// other sessions' transactions to end, so it needs no FORCE.
import type { Statement } from "../../ops/types.js";
import type { ScratchDatabaseSql } from "../types.js";
import { quoteIdent } from "./quote.js";

export const scratchDatabaseSql: ScratchDatabaseSql = {
  create: (name): Statement => ({ sql: `CREATE DATABASE ${quoteIdent(name)}`, params: [] }),
  drop: (name): Statement => ({ sql: `DROP DATABASE IF EXISTS ${quoteIdent(name)}`, params: [] }),
};
