// /health's migration state follows the configured version table: a project whose
// retort.config.ts names its own table is read from that table, not from alembic_version.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type OpenedDatabase } from "../app/database.js";
import { readCurrentRevisions, readHeadRevisions, readVersionTable } from "../app/revisions.js";
import { backendDir, run, scriptEnv, ok } from "./support/cli.js";
import { freshPglite, type FreshPglite } from "./support/pglite.js";

let pglite: FreshPglite;
let project: string;
let database: OpenedDatabase | undefined;

before(async () => {
  pglite = await freshPglite();
  project = mkdtempSync(join(tmpdir(), "backend-version-table-"));
  writeFileSync(
    join(project, "retort.config.ts"),
    `export default { migrations: ${JSON.stringify(join(backendDir, "migrations"))}, versionTable: "chatbot_version", fileTemplate: "%(rev)s", pgliteExtensions: ["pg_trgm"] };\n`,
  );
  const retort = join(backendDir, "..", "retort", "bin", "retort.js");
  ok(await run(process.execPath, [retort, "upgrade", "head"], { cwd: project, env: scriptEnv(pglite.url) }), "retort upgrade head");
});

after(async () => {
  await database?.close();
  rmSync(project, { recursive: true, force: true });
  await pglite?.cleanup();
});

test("the version table is the one retort.config.ts configures, alembic_version by default", async () => {
  assert.deepEqual(await readVersionTable(), { table: "alembic_version", schema: null });
  assert.deepEqual(await readVersionTable(project), { table: "chatbot_version", schema: null });
});

test("the current revisions are read from the configured table", async () => {
  database = await openDatabase(pglite.url);
  const heads = await readHeadRevisions();
  assert.deepEqual(await readCurrentRevisions(database.db, await readVersionTable(project)), heads);
  assert.deepEqual(await readCurrentRevisions(database.db, { table: "alembic_version", schema: null }), []);
  assert.deepEqual(await readCurrentRevisions(database.db, { table: "chatbot_version", schema: "public" }), heads);
});
