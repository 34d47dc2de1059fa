// Replicas starting together on one SQLite file: 8 real `retort upgrade head` processes.
// The lock file beside the database serialises them; the first migrates, the others wait,
// then find nothing to do. Every migration runs exactly once.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sqliteRows } from "../support/sqlite.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

const log = (revision: string): string => `  await op.execute("INSERT INTO applied (revision) VALUES ('${revision}')");`;

describe("concurrent upgrades on SQLite", () => {
  const project = tempProject("sqlite-concurrent");
  const file = join(project.dir, "shared.db");
  before(() => {
    ensureBuilt();
    writeProject(project.dir);
    writeMigration(project.dir, {
      revision: "c001",
      downRevision: null,
      message: "log table",
      upgrade: `  await op.execute("CREATE TABLE applied (revision TEXT NOT NULL, at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f')))");\n${log("c001")}`,
    });
    for (let i = 2; i <= 6; i += 1) {
      writeMigration(project.dir, {
        revision: `c00${i}`,
        downRevision: `c00${i - 1}`,
        message: `step ${i}`,
        upgrade: `${log(`c00${i}`)}\n  await op.execute("CREATE TABLE t${i} (id INTEGER)");`,
      });
    }
  });
  after(() => project.remove());

  test("8 processes at once: all exit 0, each migration applied exactly once, in order", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => retort(project.dir, ["upgrade", "head"], { env: { DATABASE_URL: `sqlite://${file}` } })),
    );
    assert.deepEqual(
      results.map((result) => result.status),
      [0, 0, 0, 0, 0, 0, 0, 0],
      results.map((result) => result.stderr).join("\n"),
    );
    const ran = results.flatMap((result) => result.stderr.split("\n").filter((line) => line.startsWith("INFO  Running upgrade")));
    assert.equal(ran.length, 6);
    assert.deepEqual(sqliteRows(file, "SELECT revision, count(*) AS n FROM applied GROUP BY revision ORDER BY min(rowid)"), [
      { revision: "c001", n: 1 },
      { revision: "c002", n: 1 },
      { revision: "c003", n: 1 },
      { revision: "c004", n: 1 },
      { revision: "c005", n: 1 },
      { revision: "c006", n: 1 },
    ]);
    assert.deepEqual(sqliteRows(file, "SELECT version_num FROM alembic_version"), [{ version_num: "c006" }]);
  });
});
