// Model expressions in the server's own spelling. A model may write a default as
// `CURRENT_TIMESTAMP`, a check as `price>0` or an index predicate without parentheses;
// the catalog prints `CURRENT_TIMESTAMP`, `(price > (0)::numeric)` and so on. Rather than
// guess how PostgreSQL rewrites text, the tables in question are created for real in a
// scratch schema inside a transaction that is always rolled back, and read back with the
// same catalog queries that introspection uses. Nothing is left behind.
//
// Only a refusal of the statement itself (its SQLSTATE says so) means "keep the model's
// text"; a lost connection or a failing server is an error of its own, never a verdict on
// the expression.
import { randomBytes } from "node:crypto";
import type { Connection } from "../../drivers/types.js";
import { RetortError } from "../../errors.js";
import type { Op } from "../../ops/types.js";
import type { Column, Index, QualifiedName, Schema, Table } from "../../schema/types.js";
import type { DialectCompiler } from "../types.js";
import { readCatalog, schemaFromCatalog } from "./introspect.js";

const keyOf = (t: QualifiedName): string => (t.schema === undefined ? t.name : `${t.schema}.${t.name}`);

// SQLSTATE classes in which the server refuses what a statement says: 0A feature not
// supported, 22 data exception (a default that is no value of its type), 23 integrity
// constraint violation, 42 syntax error or access rule violation (unknown function,
// column or type; type mismatch), 54 program limit exceeded. Any other class (08
// connection exception, 57 operator intervention such as pg_terminate_backend, 53
// insufficient resources, XX internal error) or no SQLSTATE at all (the driver lost the
// socket) says nothing about the expression.
const REFUSED_CLASSES = new Set(["0A", "22", "23", "42", "54"]);

const sqlstateOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/** Whether the server refused the statement itself, as opposed to failing to run it. */
export const isRefusal = (error: unknown): boolean => {
  const code = sqlstateOf(error);
  return code !== undefined && REFUSED_CLASSES.has(code.slice(0, 2));
};

const spellingFailed = (error: unknown): RetortError => {
  const code = sqlstateOf(error);
  const reason = error instanceof Error ? error.message : String(error);
  const lost = code === undefined || code.startsWith("08") || code.startsWith("57");
  return new RetortError(
    lost ? "CONNECTION_FAILED" : "INTROSPECTION_FAILED",
    `${lost ? "the database connection was lost" : "the database failed"} while reading how it spells the models' expressions: ${reason}${code === undefined ? "" : ` (SQLSTATE ${code})`}`,
    {
      hint: lost ? "check that the server is up and nothing ended the session, then run the command again" : "see the server's log for the reason, then run the command again",
      cause: error,
      ...(code === undefined ? {} : { details: { sqlstate: code } }),
    },
  );
};

/** Returns `models` with the named tables' columns, checks and indexes as the server prints them. */
export const spellWithServer = async (
  conn: Connection,
  models: Schema,
  tableKeys: readonly string[],
  compiler: DialectCompiler,
): Promise<Schema> => {
  const wanted = new Set(tableKeys);
  const tables = models.tables.filter((t) => wanted.has(keyOf(t)));
  if (tables.length === 0) return models;
  const scratch = `retort_normalise_${randomBytes(6).toString("hex")}`;
  const run = async (op: Op): Promise<void> => {
    for (const statement of compiler.compile(op)) await conn.query(statement.sql, statement.params);
  };
  const scratchNames = new Map<string, string>();
  await conn.query(compiler.transaction.begin);
  let failure: unknown;
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
      } catch (error) {
        // A table the server (or the compiler) refuses keeps the model's text: the comparison then reports
        // it, and applying the migration surfaces the server's own error where it belongs.
        if (!isRefusal(error) && !(error instanceof RetortError && error.code === "INVALID_OPERATION")) throw error;
        await conn.query("ROLLBACK TO SAVEPOINT retort_normalise_table");
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
  } catch (error) {
    failure = error;
    throw error instanceof RetortError ? error : spellingFailed(error);
  } finally {
    // After a failure the connection may be gone: the rollback must not hide why.
    if (failure === undefined) await conn.query(compiler.transaction.rollback);
    else await conn.query(compiler.transaction.rollback).catch(() => {});
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
