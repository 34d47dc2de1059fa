// Which databases a rule speaks for. PostgreSQL's rules are about its locks (ACCESS
// EXCLUSIVE, CONCURRENTLY, NOT VALID, lock_timeout), its rewrites and its types; on SQLite
// one writer holds the whole file anyway, a rebuild replaces ALTERs, INTEGER is 64-bit,
// and op.execute text is not PostgreSQL's to parse.
export const POSTGRES_ONLY: readonly string[] = Object.freeze(["postgres"]);
