// Alembic's "batch" move-and-copy, for the changes SQLite's ALTER TABLE cannot make in
// place (a column's type, nullability or default; adding or dropping a constraint; dropping
// a column others depend on). Inside the migration's transaction: create the new table
// under a temporary name, copy the rows, drop the old table, rename the new one, re-create
// its indexes and triggers, then check every foreign key. Migrations run with
// foreign_keys off (drivers/sqlite.ts), so dropping a parent runs no ON DELETE action;
// legacy_alter_table keeps the rename from rewriting (or checking) other objects'
// references, which name the table and find the new one once it has the name.
import type { Statement } from "../../ops/types.js";
import type { Table } from "../../schema/types.js";
import { createIndexSql, createTableSql } from "./ddl.js";
import { quoteIdent, quoteQualified, quoteString } from "./quote.js";

const plain = (sql: string): Statement => ({ sql, params: [] });

/** The name the new table has until the old one is gone; within SQLite's limits, always the same. */
export const batchTempName = (table: string): string => `_retort_batch_${table}`.slice(0, 120);

/**
 * Fails (an error whose message names the first violation) when a foreign key of `tables`
 * (the rebuilt table and those that reference it) is broken. A bad JSON path is the error
 * SQLite raises from a plain SELECT with a message of our choosing; with no violation no
 * row exists, so nothing is evaluated. Only these tables are scanned, not the database.
 */
export const foreignKeyCheckSql = (tables: readonly string[]): string =>
  `SELECT json_extract('{}', 'retort: foreign key violation: table ' || "table" || ' row ' || coalesce(rowid, '?') || ' references ' || parent) FROM (${tables
    .map((t) => `SELECT * FROM pragma_foreign_key_check(${quoteString(t)})`)
    .join(" UNION ALL ")}) LIMIT 1`;

export interface Rebuild {
  readonly from: Table;
  readonly to: Table;
  /** For each column of `to`, the expression over the old row that fills it; absent: the column's default. */
  readonly copy: ReadonlyMap<string, string>;
  readonly triggers: readonly string[];
  /** Tables whose foreign keys reference the rebuilt one: checked with it. */
  readonly referencedBy: readonly string[];
}

export const rebuildStatements = (rebuild: Rebuild): Statement[] => {
  const { from, to } = rebuild;
  const temp = batchTempName(to.name);
  const target = quoteQualified(temp, to.schema);
  const copied = to.columns.filter((c) => rebuild.copy.has(c.name) && c.generated === undefined);
  const statements: Statement[] = [plain(createTableSql(to, target))];
  if (copied.length > 0) {
    statements.push(
      plain(
        `INSERT INTO ${target} (${copied.map((c) => quoteIdent(c.name)).join(", ")}) SELECT ${copied
          .map((c) => rebuild.copy.get(c.name) as string)
          .join(", ")} FROM ${quoteQualified(from.name, from.schema)}`,
      ),
    );
  }
  statements.push(
    plain(`DROP TABLE ${quoteQualified(from.name, from.schema)}`),
    plain("PRAGMA legacy_alter_table = ON"),
    plain(`ALTER TABLE ${target} RENAME TO ${quoteIdent(to.name)}`),
    plain("PRAGMA legacy_alter_table = OFF"),
  );
  const columns = new Set(to.columns.map((c) => c.name));
  for (const index of to.indexes) {
    // An index on a column the rebuild dropped goes with it, as the column's own would.
    if (index.elements.some((e) => e.kind === "column" && !columns.has(e.name))) continue;
    statements.push(plain(createIndexSql(index, to.name, to.schema)));
  }
  statements.push(...rebuild.triggers.map(plain), plain(foreignKeyCheckSql([to.name, ...rebuild.referencedBy.filter((t) => t !== to.name)])));
  return statements;
};
