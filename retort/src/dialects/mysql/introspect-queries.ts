// The catalog queries the MySQL/MariaDB introspector sends: five, whatever the table count
// (a sixth, which of the named databases exist, with `schemas`),
// over the connection's own database (DATABASE()) or, with config `schemas`, over the
// databases named there (MySQL's schemas are its databases). Every row names its database
// (`s`), so tables of the same name in two databases stay apart.
import type { Statement } from "../../ops/types.js";

/** The WHERE test on a catalog column, and its parameters. */
const inSchemas = (column: string, schemas: readonly string[] | undefined): { sql: string; params: string[] } =>
  schemas === undefined || schemas.length === 0
    ? { sql: `${column} = DATABASE()`, params: [] }
    : { sql: `${column} IN (${schemas.map(() => "?").join(", ")})`, params: [...schemas] };

const over = (schemas: readonly string[] | undefined, column: string, build: (where: string) => string): Statement => {
  const where = inSchemas(column, schemas);
  return { sql: build(where.sql), params: where.params };
};

/** Which of the named databases exist. */
export const schemataSql = (schemas: readonly string[]): Statement =>
  over(schemas, "SCHEMA_NAME", (where) => `SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE ${where} ORDER BY SCHEMA_NAME`);

export const tablesSql = (schemas?: readonly string[]): Statement =>
  over(schemas, "TABLE_SCHEMA", (where) =>
    "SELECT DATABASE() AS db, TABLE_SCHEMA AS s, TABLE_NAME AS name, TABLE_COMMENT AS comment FROM information_schema.TABLES " +
    `WHERE ${where} AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME`,
  );

export const columnsSql = (schemas?: readonly string[]): Statement =>
  over(schemas, "TABLE_SCHEMA", (where) =>
    "SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type, IS_NULLABLE AS nullable, " +
    "COLUMN_DEFAULT AS def, EXTRA AS extra, COLUMN_COMMENT AS comment, GENERATION_EXPRESSION AS gen, DATETIME_PRECISION AS dtp " +
    `FROM information_schema.COLUMNS WHERE ${where} ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
  );

export const indexesSql = (schemas?: readonly string[]): Statement =>
  over(schemas, "TABLE_SCHEMA", (where) =>
    "SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS col, COLLATION AS coll, INDEX_TYPE AS type " +
    `FROM information_schema.STATISTICS WHERE ${where} ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );

export const foreignKeysSql = (schemas?: readonly string[]): Statement =>
  over(schemas, "k.TABLE_SCHEMA", (where) =>
    "SELECT k.TABLE_SCHEMA AS s, k.TABLE_NAME AS t, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_SCHEMA AS rs, " +
    "k.REFERENCED_TABLE_NAME AS rt, k.REFERENCED_COLUMN_NAME AS rc, r.UPDATE_RULE AS upd, r.DELETE_RULE AS del " +
    "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r " +
    "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME " +
    `WHERE ${where} AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  );

// MariaDB's CHECK_CONSTRAINTS names the table (check names are unique per table there).
export const checksSql = (schemas?: readonly string[]): Statement =>
  over(schemas, "CONSTRAINT_SCHEMA", (where) =>
    "SELECT CONSTRAINT_SCHEMA AS s, TABLE_NAME AS t, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS " +
    `WHERE ${where} ORDER BY CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME`,
  );

export const TABLE_ROWS_SQL =
  "SELECT TABLE_NAME AS name, TABLE_ROWS AS estimate FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";

export const TABLE_COUNT_SQL =
  "SELECT DATABASE() AS name, COUNT(*) AS tables FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";
