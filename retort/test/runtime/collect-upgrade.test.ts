// Collecting a migration's operations without a database, as `retort lint` does: in call
// order even when not awaited, tied to the source line of their call when asked, and a
// failing file or upgrade reported as a failure, never thrown.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { collectUpgrade, sourceLines } from "../../src/runtime/collect-upgrade.js";
import { scanVersions } from "../../src/script/index.js";
import { tempProject, writeMigration, type MigrationSpec } from "../cli/harness.js";

describe("collectUpgrade", () => {
  const project = tempProject("collect");
  after(() => project.remove());
  const collect = async (spec: MigrationSpec) => {
    writeMigration(project.dir, spec);
    const scripts = await scanVersions([`${project.dir}/migrations/versions`]);
    const script = scripts.find((s) => s.id === spec.revision);
    assert.ok(script !== undefined);
    const result = await collectUpgrade(script, {});
    return { ...result, lines: await sourceLines(script, result.sites) };
  };

  test("records every op in call order, awaited or not, and runs no SQL", async () => {
    const result = await collect({
      revision: "c1",
      upgrade: ['  op.execute("DROP TABLE nothing_here");', '  await op.renameTable("a", "b");', '  op.dropColumn("b", "c");'].join("\n"),
    });
    assert.equal(result.failure, undefined);
    assert.deepEqual(result.ops.map((op) => op.kind), ["execute", "renameTable", "dropColumn"]);
  });

  test("each op carries the source line of its call, through the module's source map", async () => {
    const result = await collect(
      {
        revision: "c2",
        upgrade: [
          "  // retort-lint-disable-next-line drop-table the table was never used",
          '  await op.dropTable("old");',
          "",
          "  await op.renameTable(",
          '    "a",',
          '    "b",',
          "  );",
          '  for (const t of ["x", "y"]) op.dropColumn(t, "c");',
        ].join("\n"),
      });
    assert.equal(result.failure, undefined);
    const source = result.source.split("\n");
    const lineOf = (text: string): number => source.findIndex((l) => l.includes(text)) + 1;
    assert.deepEqual(result.ops.map((op) => op.kind), ["dropTable", "renameTable", "dropColumn", "dropColumn"]);
    const column = lineOf("op.dropColumn");
    assert.deepEqual(result.lines, [lineOf("op.dropTable"), lineOf("op.renameTable("), column, column]);
  });

  test("lines hold for a migration with imports of its own, which is imported as a module", async () => {
    mkdirSync(join(project.dir, "lib"), { recursive: true });
    writeFileSync(join(project.dir, "lib", "names.ts"), 'export const OLD: string = "old_things";\n');
    const path = writeMigration(project.dir, { revision: "c6", upgrade: "\n  await op.dropTable(OLD);\n\n  await op.dropTable(`${OLD}_2`);" });
    writeFileSync(path, `import { OLD } from "../../lib/names.ts";\n${readFileSync(path, "utf8")}`);
    const scripts = await scanVersions([`${project.dir}/migrations/versions`]);
    const script = scripts.find((s) => s.id === "c6");
    assert.ok(script !== undefined);
    const result = await collectUpgrade(script, {});
    assert.equal(result.failure, undefined);
    const source = result.source.split("\n");
    const lines = source.flatMap((l, i) => (l.includes("op.dropTable") ? [i + 1] : []));
    assert.deepEqual(await sourceLines(script, result.sites), lines);
  });

  test("an upgrade that throws is a failure with the ops built before it", async () => {
    const result = await collect({ revision: "c3", upgrade: '  await op.dropTable("t");\n  throw new Error("cannot go on");' });
    assert.deepEqual(result.ops.map((op) => op.kind), ["dropTable"]);
    assert.equal(result.failure, "upgrade() failed: cannot go on");
  });

  test("a bad op argument is a failure too", async () => {
    const result = await collect({ revision: "c4", upgrade: '  await op.createIndex("ix", "t", []);' });
    assert.deepEqual(result.ops, []);
    assert.equal(result.failure, 'upgrade() failed: index "ix" has an empty column list');
  });

  test("a file that does not compile is a failure naming the place", async () => {
    const result = await collect({ revision: "c5", upgrade: "  await op.dropTable(;" });
    assert.match(result.failure ?? "", /c5_m\.ts:\d+:\d+: /);
  });
});
