// One differential round trip on a live database, as an operator would run it: build the
// original schema and fill every table with rows, autogenerate against the target models,
// render the migration as a file, run its upgrade in one transaction (as the runtime does),
// then `check` must be clean; the downgrade must give the original back with its rows, and
// the upgrade must run again. Statements go through the dialect's own compiler.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compareSchemas, type Comparison } from "../../../src/autogen/compare.js";
import { compareWithDatabase } from "../../../src/autogen/compare-database.js";
import { downgradeOf } from "../../../src/autogen/downgrade.js";
import { renderMigration } from "../../../src/autogen/render.js";
import type { Dialect } from "../../../src/dialects/index.js";
import type { Connection } from "../../../src/drivers/types.js";
import { createOperations, type Operations } from "../../../src/ops/index.js";
import type { Op } from "../../../src/ops/types.js";
import type { Schema, Table } from "../../../src/schema/types.js";
import { resetDatabase } from "../../support/catalog.js";
import { DSL_MODULE } from "./apply.js";
import { rowValue, type Case } from "./changesets.js";

const EMPTY: Schema = { tables: [], enums: [] };
const VERSION_TABLE = { versionTable: { name: "alembic_version" }, logTable: "retort_log" };
const ROWS = 3;

type Rendered = ReturnType<typeof renderMigration>;

/** Runs ops in one transaction, committing around statements that must run alone. */
const runTransactional = async (conn: Connection, dialect: Dialect, ops: readonly Op[]): Promise<void> => {
  await conn.query("BEGIN");
  let current = "";
  try {
    for (const o of ops) {
      for (const statement of dialect.compiler.compile(o)) {
        current = statement.sql;
        if (statement.nonTransactional === true) {
          await conn.query("COMMIT");
          await conn.query(statement.sql, statement.params);
          await conn.query("BEGIN");
        } else await conn.query(statement.sql, statement.params);
      }
    }
    await conn.query("COMMIT");
  } catch (error) {
    await conn.query("ROLLBACK").catch(() => {});
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n  in: ${current}`);
  }
};

const collect = async (body: (op: Operations) => Promise<void>): Promise<Op[]> => {
  const ops: Op[] = [];
  const { op, drain } = createOperations(async (o) => {
    ops.push(o);
  });
  await body(op);
  await drain();
  return ops;
};

const loadRendered = async (rendered: Rendered): Promise<Record<"upgrade" | "downgrade", (op: Operations) => Promise<void>>> => {
  const dir = mkdtempSync(join(tmpdir(), "retort-prop-"));
  try {
    const file = join(dir, "migration.mts");
    const imports = rendered.imports.length === 0 ? "" : `import { ${rendered.imports.join(", ")} } from ${JSON.stringify(DSL_MODULE)};\n`;
    writeFileSync(
      file,
      `${imports}import type { Operations } from ${JSON.stringify(DSL_MODULE)};\n` +
        `export async function upgrade(op: Operations): Promise<void> {\n${rendered.upgrade}\n}\n` +
        `export async function downgrade(op: Operations): Promise<void> {\n${rendered.downgrade}\n}\n`,
    );
    return (await import(pathToFileURL(file).href)) as Record<"upgrade" | "downgrade", (op: Operations) => Promise<void>>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

// Test-only SQL: filling the tables the case made.
const fill = async (conn: Connection, schema: Schema): Promise<void> => {
  for (const table of schema.tables) {
    const columns = table.columns.filter((c) => c.type.kind !== "serial");
    for (let row = 0; row < ROWS; row++) {
      const values = columns.map((c) => rowValue(c, row, schema.enums));
      const list = columns.map((c) => `"${c.name}"`).join(", ");
      const params = columns.map((_, i) => `$${i + 1}`).join(", ");
      await conn.query(columns.length === 0 ? `INSERT INTO "${table.name}" DEFAULT VALUES` : `INSERT INTO "${table.name}" (${list}) VALUES (${params})`, values);
    }
  }
};

const rowCounts = async (conn: Connection, tables: readonly Table[]): Promise<Record<string, number>> => {
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t.name] = Number((await conn.query<{ n: string }>(`select count(*) as n from "${t.name}"`)).rows[0]?.n);
  return counts;
};

const ordered = (schema: Schema): Schema => ({
  ...schema,
  // A dropped column comes back at the end of its table (ADD COLUMN cannot place it).
  tables: schema.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => a.name.localeCompare(b.name)) })),
});

export interface RoundTrip {
  readonly ops: readonly Op[];
  readonly rendered: Rendered;
}

export const roundTrip = async (conn: Connection, dialect: Dialect, c: Case): Promise<RoundTrip> => {
  const normaliser = { normalise: (m: Schema, keys: readonly string[]) => dialect.introspector.normalise(conn, m, keys) };
  const introspect = () => dialect.introspector.introspect(conn, VERSION_TABLE);
  await resetDatabase(conn);
  await runTransactional(conn, dialect, compareSchemas(EMPTY, c.original).ops);
  await fill(conn, c.original);
  const start = await introspect();
  // A dropped table loses its rows by definition; every other one keeps them.
  const renamedFrom = new Set(c.renames.filter((r) => !r.includes(".")).map((r) => r.slice(0, r.indexOf(":"))));
  const kept = start.tables.filter((t) => renamedFrom.has(t.name) || c.target.tables.some((x) => x.name === t.name));
  const counts = await rowCounts(conn, kept);

  const renames = { rename: c.renames, noRename: [] as string[] };
  let up: Comparison = await compareWithDatabase(start, c.target, normaliser, { renames });
  // Pairs the changeset did not rename are a drop and an add, as --no-rename says.
  if (up.ambiguities.length > 0) up = await compareWithDatabase(start, c.target, normaliser, { renames: { ...renames, noRename: up.ambiguities.map((a) => a.flag) } });
  assert.deepEqual(up.warnings, [], "autogenerate warned");
  const rendered = renderMigration(up.ops, downgradeOf(up.ops));
  const migration = await loadRendered(rendered);

  const checkClean = async (when: string): Promise<void> => {
    const check = await compareWithDatabase(await introspect(), c.target, normaliser);
    assert.deepEqual(check.ops, [], `check is not clean ${when}`);
  };
  await runTransactional(conn, dialect, await collect(migration.upgrade));
  await checkClean("after the upgrade");
  await runTransactional(conn, dialect, await collect(migration.downgrade));
  const back = await introspect();
  assert.deepEqual(ordered(back), ordered(start), "the downgrade did not give the original back");
  assert.deepEqual(await rowCounts(conn, kept), counts, "the downgrade lost rows");
  await runTransactional(conn, dialect, await collect(migration.upgrade));
  await checkClean("after upgrading again");
  return { ops: up.ops, rendered };
};

