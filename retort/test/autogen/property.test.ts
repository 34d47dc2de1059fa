// The property autogenerate keeps on PostgreSQL: for a random small schema with rows and a
// random changeset of every kind it writes, the generated migration upgrades to the target
// (`check` is then clean), downgrades to the original with its rows, and upgrades again.
// `npm test` runs a fixed, seeded number of cases; `npm run fuzz` many more with a fresh
// seed (RETORT_FUZZ_RUNS, RETORT_FUZZ_SEED). Shrunk counterexamples are kept below as
// regression cases, so a fixed bug stays fixed whatever the seed draws.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { createDialect, type Dialect } from "../../src/dialects/index.js";
import type { Connection } from "../../src/drivers/types.js";
import type { Table } from "../../src/schema/types.js";
import { describeOnPostgres } from "../support/postgres.js";
import { drawCase, type Case } from "./support/changesets.js";
import { REGRESSIONS } from "./support/regressions.js";
import { roundTrip } from "./support/round-trip-case.js";

const RUNS = Number(process.env.RETORT_FUZZ_RUNS ?? 30);
const SEED = process.env.RETORT_FUZZ_SEED === undefined ? 20261201 : process.env.RETORT_FUZZ_SEED === "random" ? Date.now() : Number(process.env.RETORT_FUZZ_SEED);

describeOnPostgres("autogen_property", (_client, suite) => {
  let conn: Connection;
  let dialect: Dialect;
  before(async () => {
    const generic = createDialect(suite.database().url);
    conn = await generic.driver.connect();
    dialect = await generic.forConnection(conn);
  });
  after(async () => conn.close());

  for (const [name, c] of Object.entries(REGRESSIONS)) {
    test(`regression: ${name}`, async () => {
      await roundTrip(conn, dialect, c as Case);
    });
  }

  test("a column renamed to a reserved word keeps the partial index that uses it: one rename, both ways", async () => {
    const table = (column: string, where: string): Table => ({
      name: "tickets",
      columns: [
        { name: "id", type: { kind: "serial" }, nullable: false },
        { name: column, type: { kind: "text" }, nullable: false },
      ],
      primaryKey: { name: "tickets_pkey", columns: ["id"] },
      uniques: [],
      checks: [],
      foreignKeys: [],
      indexes: [{ name: "tickets_open_idx", elements: [{ kind: "column", name: "id" }], unique: false, where }],
    });
    const { ops } = await roundTrip(conn, dialect, {
      original: { tables: [table("state", "state <> 'closed'::text")], enums: [] },
      target: { tables: [table("select", `"select" <> 'closed'::text`)], enums: [] },
      renames: ["tickets.state:tickets.select"],
      changes: ["renameColumn"],
    });
    assert.deepEqual(ops, [{ kind: "alterColumn", table: "tickets", column: "state", newName: "select" }]);
  });

  test(`${RUNS} random schemas and changesets round-trip (seed ${SEED})`, { timeout: 30 * 60_000 }, async () => {
    let clean = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const c = drawCase(g);
        try {
          await roundTrip(conn, dialect, c);
        } catch (error) {
          // The case as data: it goes into regressions.ts once shrunk.
          throw new Error(`${error instanceof Error ? error.message : String(error)}\ncase: ${JSON.stringify(c)}`);
        }
        clean++;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: process.env.RETORT_FUZZ_SHRINK !== "1", includeErrorInReport: true },
    );
    if (process.env.RETORT_FUZZ_RUNS !== undefined) console.log(`fuzz: ${clean} cases ran clean (seed ${SEED})`);
  });
});
