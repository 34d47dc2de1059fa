// Functions, triggers, views and policies through the built CLI on embedded PGlite, the
// way a user works: a new table with touchUpdatedAt() gets its trigger from autogenerate,
// check is clean after upgrade, a trigger dropped by hand is reported, and the
// downgrade removes everything.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { connect, parseDatabaseUrl } from "../../src/drivers/index.js";
import { ensureBuilt, retort, tempProject, writeProject } from "../cli/harness.js";
import { freshPgliteDir } from "../support/pglite.js";

const MODELS = `import { table, touchUpdatedAt, enableRowLevelSecurity, view, fn, policy, sql, uuid, text, integer, timestamp } from "retort-migrate";

export const notes = enableRowLevelSecurity(touchUpdatedAt(table("notes", {
  id: uuid().primaryKey().default(sql\`gen_random_uuid()\`),
  owner: text().notNull(),
  body: text().notNull(),
  updated_at: timestamp({ withTimezone: true }).notNull().default(sql\`now()\`),
})));

export const wordCount = fn("word_count", {
  args: [{ name: "t", type: "text" }],
  returns: "integer",
  language: "sql",
  volatility: "immutable",
  body: \`select coalesce(array_length(regexp_split_to_array(trim(t), '\\\\s+'), 1), 0)\`,
});

export const noteStats = view("note_stats", sql\`select owner, count(*) as notes from notes group by owner\`, {
  columns: { owner: text(), notes: integer() },
});

export const ownNotes = policy("own_notes", { table: notes, using: sql\`owner = current_user\` });
`;

describe("autogenerate, check and downgrade with functions, triggers, views and policies (PGlite)", () => {
  const project = tempProject("autogen-objects");
  let url: string;
  const run = (...args: string[]) => retort(project.dir, args, { env: { DATABASE_URL: url } });
  const versionFile = () => readdirSync(join(project.dir, "migrations", "versions")).filter((f) => f.endsWith(".ts"))[0] as string;
  const withDatabase = async <T>(fn: (q: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> => {
    const conn = await connect(parseDatabaseUrl(url, project.dir));
    try {
      return await fn(async (sql) => (await conn.query(sql)).rows);
    } finally {
      await conn.close();
    }
  };

  before(async () => {
    ensureBuilt();
    url = `pglite://${await freshPgliteDir()}`;
    writeProject(project.dir, 'export default { migrations: "migrations", models: "./models/index.ts" };\n');
    mkdirSync(join(project.dir, "models"));
    writeFileSync(join(project.dir, "models", "index.ts"), MODELS);
  });
  after(() => project.remove());

  test("autogenerate writes the function and trigger of touchUpdatedAt(), bodies as template literals", async () => {
    const result = await run("revision", "--autogenerate", "-m", "notes");
    assert.equal(result.status, 0, result.stderr);
    const text = readFileSync(join(project.dir, "migrations", "versions", versionFile()), "utf8");
    // In dependency order: the table, the functions, the view, the trigger, row-level security and its policy.
    const order = ["op.createTable(", 'name: "word_count"', 'name: "set_updated_at"', "op.createView(", "op.createTrigger(", "op.setRowLevelSecurity(", 'op.createPolicy("own_notes"'];
    const positions = order.map((needle) => text.indexOf(needle));
    assert.ok(positions.every((p) => p >= 0), `missing one of ${order.join(" | ")} in\n${text}`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions);
    assert.match(text, /body: `\nBEGIN\n {2}NEW\.updated_at = now\(\);\n {2}RETURN NEW;\nEND;\n`,/);
    assert.match(text, /await op\.dropTrigger\("trg_notes_updated_at", "notes"\);/);
    assert.match(text, /await op\.dropFunction\("set_updated_at", \{ argTypes: \[\] \}\);/);
  });

  test("upgrade applies it; check is clean; an UPDATE moves updated_at", async () => {
    const up = await run("upgrade", "head");
    assert.equal(up.status, 0, up.stderr);
    const checked = await run("check");
    assert.equal(checked.stdout, "No differences: the database matches the models.\n", checked.stderr);
    const moved = await withDatabase(async (q) => {
      await q("insert into notes (owner, body, updated_at) values ('ann', 'hello world', '2000-01-01')");
      await q("update notes set body = 'hello'");
      return q("select updated_at > '2000-01-02' as moved, word_count('one two  three') as words from notes");
    });
    assert.deepEqual(moved, [{ moved: true, words: 3 }]);
  });

  test("a trigger dropped by hand is a difference check reports", async () => {
    await withDatabase((q) => q("drop trigger trg_notes_updated_at on notes"));
    const checked = await run("check");
    assert.equal(checked.status, 1);
    assert.equal(
      checked.stdout.split("\n").slice(1).join("\n"),
      '  op.createTrigger({ name: "trg_notes_updated_at", table: "notes", timing: "before", events: ["update"], forEach: "row", function: "set_updated_at" })\n',
    );
    await withDatabase((q) => q("create trigger trg_notes_updated_at before update on notes for each row execute function set_updated_at()"));
  });

  test("downgrade base leaves no function, trigger, view or policy", async () => {
    const down = await run("downgrade", "base");
    assert.equal(down.status, 0, down.stderr);
    const left = await withDatabase((q) =>
      q(`select (select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public') as functions,
                (select count(*)::int from pg_trigger where not tgisinternal) as triggers,
                (select count(*)::int from pg_views where schemaname = 'public') as views,
                (select count(*)::int from pg_policy) as policies`),
    );
    assert.deepEqual(left, [{ functions: 0, triggers: 0, views: 0, policies: 0 }]);
  });
});
