// Commands as library functions: they return data and report progress through the
// context, and print nothing.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import type { CommandContext, CommandEvent } from "../../src/commands/context.js";
import { current } from "../../src/commands/current.js";
import { history } from "../../src/commands/history.js";
import { downgrade, upgrade } from "../../src/commands/migrate.js";
import { stamp } from "../../src/commands/stamp.js";
import { isRetortError } from "../../src/errors.js";
import { describeOnPostgres, type TempDatabase } from "../support/postgres.js";

describeOnPostgres("commands", (_client, suite) => {
  let db: TempDatabase;
  let dir: string;
  const events: CommandEvent[] = [];
  let context: CommandContext;

  before(async () => {
    db = suite.database();
    dir = mkdtempSync(join(tmpdir(), "retort-commands-"));
    mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
    writeFileSync(join(dir, "retort.config.mjs"), 'export default { versionTable: "app_version" };\n');
    const write = (id: string, parent: string | null, sql: string) =>
      writeFileSync(
        join(dir, "migrations", "versions", `${id}.ts`),
        `export const revision = "${id}";\nexport const downRevision = ${parent === null ? "null" : `"${parent}"`};\nexport const message = "make ${id}";\nexport async function upgrade(op: any) { await op.execute("${sql}"); }\nexport async function downgrade(op: any) { await op.execute("DROP TABLE ${id}"); }\n`,
      );
    write("m1", null, "CREATE TABLE m1 (id int)");
    write("m2", "m1", "CREATE TABLE m2 (id int)");
    context = { cwd: dir, env: { DATABASE_URL: db.url }, report: (event) => events.push(event) };
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("upgrade returns what it did and reports each step as it starts", async () => {
    const result = await upgrade({ target: "head" }, context);
    assert.deepEqual(
      { from: result.from, to: result.to, warnings: result.warnings, database: result.database, sql: result.sql },
      { from: [], to: ["m2"], warnings: [], database: db.url.replace(/\/$/, ""), sql: undefined },
    );
    assert.deepEqual(
      result.steps.map((step) => [step.direction, step.from, step.to, step.message, step.file]),
      [
        ["up", "", "m1", "make m1", join(dir, "migrations", "versions", "m1.ts")],
        ["up", "m1", "m2", "make m2", join(dir, "migrations", "versions", "m2.ts")],
      ],
    );
    assert.deepEqual(
      events.map((event) => (event.kind === "step" ? `step ${event.step.revision}` : event.kind)),
      ["step m1", "step-done", "step m2", "step-done", "run-done"],
    );
    assert.equal(result.elapsedMs, result.steps[0]!.elapsedMs + result.steps[1]!.elapsedMs);
  });

  test("the configured version table is the one written", async () => {
    const result = await current({}, context);
    assert.deepEqual(result.current.map((info) => [info.revision, info.isHead, info.isCurrent]), [["m2", true, true]]);
    assert.deepEqual(result.unknown, []);
  });

  test("history -r current: reads the database for `current`", async () => {
    await downgrade({ target: "-1" }, context);
    const result = await history({ range: "current:", indicateCurrent: true }, context);
    assert.deepEqual(result.revisions.map((info) => [info.revision, info.isCurrent]), [["m2", false], ["m1", true]]);
  });

  test("stamp --purge replaces rows naming unknown revisions", async () => {
    await stamp({ revisions: ["m2"] }, context);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query("INSERT INTO app_version VALUES ('gone123')");
    await client.end();
    const before = await current({}, context);
    assert.deepEqual(before.current.map((info) => info.revision), ["m2"]);
    assert.deepEqual(before.unknown, ["gone123"]);
    assert.deepEqual(events.at(-1), { kind: "warning", message: "the database is at 'gone123', which no migration file defines" });
    const result = await stamp({ revisions: ["m1"], purge: true }, context);
    assert.deepEqual(result.to, ["m1"]);
    await assert.rejects(current({ checkHeads: true }, context), (error) => isRetortError(error) && error.code === "NOT_UP_TO_DATE");
  });

  test("offline upgrade returns the script and opens nothing", async () => {
    const result = await upgrade({ target: "head", sql: true }, { ...context, env: { DATABASE_URL: "postgresql://x@127.0.0.1:1/none" } });
    assert.equal(result.database, null);
    assert.deepEqual(result.to, ["m2"]);
    assert.match(result.sql ?? "", /^CREATE TABLE IF NOT EXISTS "app_version" /);
    assert.match(result.sql ?? "", /UPDATE "app_version" SET "version_num" = 'm2' WHERE "version_num" = 'm1';/);
  });
}, { title: "upgrade, downgrade, current, history and stamp as functions" });
