// `retort squash`: a 50-revision chain squashed at its 30th; a fresh database runs the
// squash then the rest, a database at the 20th keeps the old files until past the 30th,
// and both end with the same schema.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

const id = (n: number): string => `r${String(n).padStart(2, "0")}`;

/** Revision n: r01 creates the table, the others add a column, every 10th an index too. */
const revision = (n: number) =>
  n === 1
    ? { upgrade: '  op.execute("CREATE TABLE items (id serial PRIMARY KEY)");', downgrade: '  op.execute("DROP TABLE items");' }
    : {
        upgrade: `  op.execute("ALTER TABLE items ADD COLUMN c${n} text${n % 3 === 0 ? " NOT NULL DEFAULT ''" : ""}");${n % 10 === 0 ? `\n  op.createIndex("ix_items_c${n}", "items", ["c${n}"]);` : ""}`,
        downgrade: `  op.execute("ALTER TABLE items DROP COLUMN c${n}");`,
      };

const catalog = async (url: string): Promise<unknown> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query("select column_name, data_type, is_nullable, column_default from information_schema.columns where table_name = 'items' order by column_name");
    const indexes = await client.query("select indexname, indexdef from pg_indexes where tablename = 'items' order by indexname");
    const version = await client.query("select version_num from alembic_version");
    return { columns: columns.rows, indexes: indexes.rows, version: version.rows };
  } finally {
    await client.end();
  }
};

describe("retort squash", async () => {
  const skip = await postgresSkip();
  if (skip !== false) {
    test("skipped", { skip }, () => {});
    return;
  }
  const project = tempProject("squash");
  let fresh: TempDatabase;
  let old: TempDatabase;
  before(async () => {
    ensureBuilt();
    [fresh, old] = await Promise.all([createTempDatabase("squash_fresh"), createTempDatabase("squash_old")]);
    writeProject(project.dir);
    for (let n = 1; n <= 50; n++) writeMigration(project.dir, { revision: id(n), downRevision: n === 1 ? null : id(n - 1), message: `step ${n}`, ...revision(n) });
    const up = await retort(project.dir, ["upgrade", "r20", "--url", old.url]);
    assert.equal(up.status, 0, up.stderr);
  });
  after(async () => {
    await Promise.all([fresh?.drop(), old?.drop()]);
    project.remove();
  });

  test("writes one revision replacing r01..r30; a fresh database and one at r20 both reach head with the same schema", async () => {
    const squashed = await retort(project.dir, ["squash", "--to", "r30", "-m", "squash to 30", "--rev-id", "s030"]);
    assert.equal(squashed.status, 0, squashed.stderr);
    assert.equal(
      squashed.stdout,
      "Wrote s030 (4 operation(s)), replacing 30 revision(s) from r01 to r30: migrations/versions/s030_squash_to_30.ts\n" +
        "Fresh databases run it; databases at a replaced revision keep the old files until past it. Delete those files once every database is past it.\n",
    );
    const source = readFileSync(join(project.dir, "migrations", "versions", "s030_squash_to_30.ts"), "utf8");
    assert.match(source, new RegExp(`^export const replaces: string\\[\\] = ${JSON.stringify(Array.from({ length: 30 }, (_, i) => id(i + 1))).replace(/[[\]]/g, "\\$&")};$`, "m"));
    assert.match(source, /^export const downRevision: string \| string\[\] \| null = null;$/m);

    const upFresh = await retort(project.dir, ["upgrade", "head", "--url", fresh.url]);
    assert.equal(upFresh.status, 0, upFresh.stderr);
    const freshSteps = upFresh.stderr.split("\n").filter((line) => line.startsWith("INFO  Running upgrade"));
    assert.equal(freshSteps.length, 21);
    assert.deepEqual(freshSteps.slice(0, 2), ["INFO  Running upgrade  -> s030, squash to 30", "INFO  Running upgrade s030 -> r31, step 31"]);

    const upOld = await retort(project.dir, ["upgrade", "head", "--url", old.url]);
    assert.equal(upOld.status, 0, upOld.stderr);
    const oldSteps = upOld.stderr.split("\n").filter((line) => line.startsWith("INFO  Running upgrade"));
    assert.equal(oldSteps.length, 30);
    assert.deepEqual([oldSteps[0], oldSteps[10]], ["INFO  Running upgrade r20 -> r21, step 21", "INFO  Running upgrade r30 -> r31, step 31"]);

    const [a, b] = await Promise.all([catalog(fresh.url), catalog(old.url)]);
    assert.deepEqual(a, b);
    assert.deepEqual((a as { version: unknown }).version, [{ version_num: "r50" }]);
    assert.equal((a as { columns: unknown[] }).columns.length, 50);
  });

  test("verify replays the squashed history and finds the squash equal to the chain it replaces", async () => {
    const verified = await retort(project.dir, ["verify"]);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    const lines = verified.stdout.split("\n");
    assert.equal(lines[1], "  ok      s030  migrations/versions/s030_squash_to_30.ts");
    assert.equal(lines[2], "  ok      r31  migrations/versions/r31_step_31.ts");
    assert.equal(lines.at(-3), "  ok      the squash s030 and the 30 revision(s) it replaces (r01..r30) build the same schema");
    assert.equal(lines.at(-2), "21 revision(s) verified.");
  });
});
