// Which databases a rule speaks for. PostgreSQL's rules are about its locks (ACCESS
// EXCLUSIVE, CONCURRENTLY, NOT VALID, lock_timeout), its rewrites and its types; on SQLite
// one writer holds the whole file anyway, a rebuild replaces ALTERs, INTEGER is 64-bit,
// and op.execute text is not PostgreSQL's to parse. MySQL shares a few of their concerns:
// a waiting ALTER queues every query behind its metadata lock (lock_wait_timeout), a
// 32-bit INT key runs out, and strict mode refuses a required column on a table with rows.
export const POSTGRES_ONLY: readonly string[] = Object.freeze(["postgres"]);
export const POSTGRES_AND_MYSQL: readonly string[] = Object.freeze(["postgres", "mysql"]);
