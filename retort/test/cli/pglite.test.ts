// The CLI against embedded PGlite, the default when no URL is given.
import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { connect } from "../../src/drivers/index.js";
import { freshPgliteDir } from "../support/pglite.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject, timesMasked } from "./harness.js";

describe("retort on PGlite", () => {
  const project = tempProject("pglite");
  let dataDir: string;
  before(async () => {
    ensureBuilt();
    writeProject(project.dir);
    // An initialised directory where the default URL looks: ./.retort/pglite.
    dataDir = join(project.dir, ".retort", "pglite");
    cpSync(await freshPgliteDir(), dataDir, { recursive: true });
    writeMigration(project.dir, {
      revision: "p001",
      downRevision: null,
      message: "create notes",
      upgrade: '  await op.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text)");',
      downgrade: '  await op.execute("DROP TABLE notes");',
    });
    writeMigration(project.dir, {
      revision: "p002",
      downRevision: "p001",
      message: "index notes",
      // PGlite refuses CONCURRENTLY; the migration still runs there as a plain index.
      transactional: false,
      upgrade: '  await op.execute("INSERT INTO notes (body) VALUES (\'hello\')");',
      downgrade: '  await op.execute("DELETE FROM notes");',
    });
  });
  after(() => project.remove());

  test("upgrade head, current and downgrade -1 on the default embedded database", async () => {
    const up = await retort(project.dir, ["upgrade", "head"]);
    assert.equal(up.status, 0, up.stderr);
    assert.equal(
      timesMasked(up.stderr),
      "INFO  Running upgrade  -> p001, create notes\nINFO  Done in <t>\nINFO  Running upgrade p001 -> p002, index notes\nINFO  Done in <t>\nINFO  Ran 2 migrations in <t>\n",
    );
    const down = await retort(project.dir, ["downgrade", "-1"]);
    assert.equal(down.status, 0, down.stderr);
    assert.equal(timesMasked(down.stderr), "INFO  Running downgrade p002 -> p001, index notes\nINFO  Done in <t>\n");
    const current = await retort(project.dir, ["current", "--json"]);
    assert.equal(current.status, 0, current.stderr);
    const parsed = JSON.parse(current.stdout) as { result: { database: string; current: { revision: string }[] } };
    assert.equal(parsed.result.database, `pglite://${dataDir}`);
    assert.deepEqual(parsed.result.current.map((info) => info.revision), ["p001"]);
  });

  test("a directory another process has open is waited for, up to --lock-wait, and is not touched", async () => {
    const holder = await connect({ kind: "pglite", dataDir, display: dataDir });
    try {
      const result = await retort(project.dir, ["upgrade", "head", "--lock-wait", "300ms"]);
      assert.equal(result.status, 1);
      assert.match(
        result.stderr,
        /^INFO {2}waiting for the migration lock held by pid \d+ since \d\d:\d\d:\d\d\nerror: gave up waiting for the PGlite database at .* after 0\.3 s \(open in pid \d+\)\nhint: [^\n]+\n$/,
      );
      const rows = await holder.query<{ version_num: string }>("select version_num from alembic_version");
      assert.deepEqual(rows.rows, [{ version_num: "p001" }]);
    } finally {
      await holder.close();
    }
  });
});
