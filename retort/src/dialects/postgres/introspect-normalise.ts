// Model expressions in the server's own spelling. A model may write a default as
// `CURRENT_TIMESTAMP`, a check as `price>0` or an index predicate without parentheses;
// the catalog prints `CURRENT_TIMESTAMP`, `(price > (0)::numeric)` and so on. Rather than
// guess how PostgreSQL rewrites text, the tables in question are created for real in a
// scratch schema inside a transaction that is always rolled back, and read back with the
// same catalog queries that introspection uses. Nothing is left behind.
import { randomBytes } from "node:crypto";
import type { Connection } from "../../drivers/types.js";
import type { Op } from "../../ops/types.js";
import type { Column, Index, QualifiedName, Schema, Table } from "../../schema/types.js";
import { compileOp } from "./compile.js";
import { readCatalog, schemaFromCatalog } from "./introspect.js";

const keyOf = (t: QualifiedName): string => (t.schema === undefined ? t.name : `${t.schema}.${t.name}`);

/** Returns `models` with the named tables' columns, checks and indexes as the server prints them. */
export const normaliseWithServer = async (
  conn: Connection,
  models: Schema,
  tableKeys: readonly string[],
  target: "postgres" | "pglite",
): Promise<Schema> => {
  const wanted = new Set(tableKeys);
  const tables = models.tables.filter((t) => wanted.has(keyOf(t)));
  if (tables.length === 0) return models;
  const scratch = `retort_normalise_${randomBytes(6).toString("hex")}`;
  const run = async (op: Op): Promise<void> => {
    for (const statement of compileOp(op, { target })) await conn.query(statement.sql, statement.params);
  };
  const scratchNames = new Map<string, string>();
  const failed = new Set<string>();
  await conn.query("BEGIN");
  try {
    await run({ kind: "createSchema", name: scratch });
    // The scratch schema goes first on the search path, so that unqualified enum names
    // resolve to the copies made below and print unqualified, as they do in the database.
    await conn.query("SELECT set_config('search_path', $1 || ', ' || current_setting('search_path'), true)", [`"${scratch}"`]);
    for (const e of models.enums) if (e.schema === undefined) await run({ kind: "createEnum", enum: { ...e, schema: scratch } });
    for (const [i, table] of tables.entries()) {
      // Scratch tables get names of their own: models may repeat a name across schemas.
      const name = `t${i}`;
      await conn.query("SAVEPOINT retort_normalise_table");
      try {
        await run({
          kind: "createTable",
          table: { schema: scratch, name, columns: table.columns.map(scratchColumn), uniques: [], checks: table.checks, foreignKeys: [] },
        });
        for (const [j, index] of table.indexes.entries()) {
          await run({ kind: "createIndex", schema: scratch, table: name, index: { ...index, name: `${name}_i${j}` } });
        }
        await conn.query("RELEASE SAVEPOINT retort_normalise_table");
        scratchNames.set(keyOf(table), name);
      } catch {
        // A table the server refuses keeps the model's text: the comparison then reports
        // it, and applying the migration surfaces the server's own error where it belongs.
        await conn.query("ROLLBACK TO SAVEPOINT retort_normalise_table");
        failed.add(keyOf(table));
      }
    }
    const rows = await readCatalog(conn, [scratch]);
    const read = schemaFromCatalog(rows, () => true);
    const byName = new Map(read.tables.map((t) => [t.name, t]));
    return {
      ...models,
      tables: models.tables.map((table) => {
        const name = scratchNames.get(keyOf(table));
        const server = name === undefined ? undefined : byName.get(name);
        return server === undefined ? table : merge(table, server, name ?? "");
      }),
    };
  } finally {
    await conn.query("ROLLBACK");
  }
};

// Comments play no part in how the server spells expressions, and a comment-only column
// needs nothing normalised; dropping them keeps the scratch DDL short.
const scratchColumn = (column: Column): Column => {
  const { comment: _comment, ...rest } = column;
  return rest;
};

const merge = (model: Table, server: Table, scratchName: string): Table => {
  const columns = new Map(server.columns.map((c) => [c.name, c]));
  const checks = new Map(server.checks.map((c) => [c.name, c]));
  const indexes = new Map(server.indexes.map((i) => [i.name, i]));
  return {
    ...model,
    columns: model.columns.map((column) => {
      const s = columns.get(column.name);
      if (s === undefined) return column;
      const { default: _d, generated: _g, ...rest } = column;
      return {
        ...rest,
        type: s.type,
        ...(s.default !== undefined ? { default: s.default } : {}),
        ...(s.generated !== undefined ? { generated: s.generated } : {}),
      };
    }),
    checks: model.checks.map((c) => ({ ...c, expression: checks.get(c.name)?.expression ?? c.expression })),
    indexes: model.indexes.map((index, j): Index => {
      const s = indexes.get(`${scratchName}_i${j}`);
      return s === undefined ? index : { ...s, name: index.name };
    }),
  };
};
