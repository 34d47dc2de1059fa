// Introspection of 1,000 functions and 1,000 views (issue 14) on PostgreSQL and PGlite:
// objectsFromCatalog over readObjectCatalog, next to the bare catalog queries (the same
// SQL, rows discarded) timed in the same run. Figures only; nothing asserts time.
import { objectsFromCatalog, readObjectCatalog } from "../src/dialects/postgres/introspect-objects.js";
import {
  FUNCTIONS_SQL,
  POLICIES_SQL,
  ROW_SECURITY_SQL,
  STANDALONE_SEQUENCES_SQL,
  TRIGGERS_SQL,
  VIEW_COLUMNS_SQL,
  VIEW_DEPENDENCIES_SQL,
  VIEW_INDEXES_SQL,
  VIEWS_SQL,
  EXTENSIONS_SQL,
} from "../src/dialects/postgres/introspect-objects-queries.js";
import { connect, parseDatabaseUrl, type Connection } from "../src/drivers/index.js";
import { createTempDatabase, postgresSkip } from "../test/support/postgres.js";

const COUNT = 1000;
const RUNS = 5;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const seconds = async (fn: () => Promise<unknown>): Promise<number> => {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const fixture = (): string => {
  const lines = ["create table items (id integer primary key, name text, price numeric, updated_at timestamptz)"];
  for (let i = 0; i < COUNT; i++) {
    lines.push(
      i % 2 === 0
        ? `create function f_${i}(a integer, b text default 'x') returns integer language sql immutable as $$ select a + ${i} $$`
        : `create function f_${i}() returns trigger language plpgsql as $$ BEGIN NEW.updated_at = now(); RETURN NEW; END; $$`,
    );
    lines.push(i % 10 === 9 ? `create view v_${i} as select id, name from v_${i - 1}` : `create view v_${i} as select id, name, price * ${i} as p from items where id > ${i}`);
  }
  return lines.join(";\n");
};

const QUERIES = [FUNCTIONS_SQL, TRIGGERS_SQL, VIEWS_SQL, VIEW_COLUMNS_SQL, VIEW_INDEXES_SQL, VIEW_DEPENDENCIES_SQL, STANDALONE_SEQUENCES_SQL, POLICIES_SQL, ROW_SECURITY_SQL];

const measure = async (label: string, conn: Connection): Promise<void> => {
  await conn.exec(fixture());
  const bare: number[] = [];
  const full: number[] = [];
  let counts = "";
  for (let i = 0; i < RUNS; i++) {
    bare.push(
      await seconds(async () => {
        for (const q of QUERIES) await conn.query(q, [["public"]]);
        await conn.query(EXTENSIONS_SQL);
      }),
    );
    full.push(
      await seconds(async () => {
        const objects = objectsFromCatalog(await readObjectCatalog(conn, ["public"]), "public", () => true);
        counts = `${objects.functions?.length ?? 0} functions, ${objects.views?.length ?? 0} views`;
      }),
    );
  }
  const b = median(bare);
  const f = median(full);
  console.log(`  ${label}: ${counts}`);
  console.log(`    bare catalog queries (10 round trips) ${b.toFixed(3)} s`);
  console.log(`    introspection of the objects          ${f.toFixed(3)} s  (ratio ${(f / b).toFixed(2)}x)`);
};

export const benchObjects1000 = async (): Promise<void> => {
  console.log(`introspection of ${COUNT} functions and ${COUNT} views, median of ${RUNS} runs`);
  const lite = await connect(parseDatabaseUrl("pglite://memory", process.cwd()));
  try {
    await measure("PGlite", lite);
  } finally {
    await lite.close();
  }
  if ((await postgresSkip()) !== false) {
    console.log("  PostgreSQL skipped: no server (see above)");
    return;
  }
  const db = await createTempDatabase("bench_objects");
  const conn = await connect(parseDatabaseUrl(db.url, process.cwd()));
  try {
    await measure("PostgreSQL", conn);
  } finally {
    await conn.close();
    await db.drop();
  }
};

// Runs when imported (bench/run.ts imports it) or run on its own.
await benchObjects1000();
