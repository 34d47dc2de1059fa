// `retort history --graph` and `retort graph --format mermaid|dot`, run as a user types them.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

const skip = await postgresSkip();

// A main line with a feature branch merged back, and a second base whose first revision
// depends on the main line's first.
const writeHistory = (dir: string): void => {
  writeProject(dir);
  writeMigration(dir, { revision: "aa01", downRevision: null, message: "create users" });
  writeMigration(dir, { revision: "aa02", downRevision: "aa01", message: "add email" });
  writeMigration(dir, { revision: "bb01", downRevision: "aa01", branchLabels: ["feature"], message: "expand: add handle" });
  writeMigration(dir, { revision: "aa03", downRevision: ["aa02", "bb01"], message: "merge feature" });
  writeMigration(dir, { revision: "cc01", downRevision: null, branchLabels: ["audit"], dependsOn: ["aa01"], message: "audit log" });
};

const DRAWING = [
  "*   aa03 (head) merge feature",
  "|\\",
  "| * bb01 (feature) expand: add handle",
  "* | aa02 add email",
  "| | * cc01 (audit, head, depends on aa01) audit log",
  "|/ /",
  "|/",
  "* aa01 create users",
];

describe("retort history --graph without a database", () => {
  const project = tempProject("graph");
  before(() => {
    ensureBuilt();
    writeHistory(project.dir);
  });
  after(() => project.remove());

  test("draws the DAG with no marks for current, and creates no embedded database", async () => {
    const result = await retort(project.dir, ["history", "--graph"]);
    assert.deepEqual(result, { status: 0, signal: null, stdout: `${DRAWING.join("\n")}\n`, stderr: "" });
    assert.equal(existsSync(join(project.dir, ".retort")), false);
  });

  test("an unreachable server costs only the marks, with one warning", async () => {
    const result = await retort(project.dir, ["history", "--graph"], { env: { DATABASE_URL: "postgresql://root@127.0.0.1:1/nothing" } });
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `${DRAWING.join("\n")}\n`);
    assert.match(result.stderr, /^WARN  could not connect to PostgreSQL at 127\.0\.0\.1:1 .*; drawn without the current revisions\n$/);
  });

  test("graph --format mermaid", async () => {
    const result = await retort(project.dir, ["graph", "--format", "mermaid"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        "flowchart TD",
        '  r0["aa03 (head)<br/>merge feature"]',
        '  r1["aa02<br/>add email"]',
        '  r2["cc01 (audit, head)<br/>audit log"]',
        '  r3["bb01 (feature)<br/>expand: add handle"]',
        '  r4["aa01<br/>create users"]',
        "  r0 --> r1",
        "  r0 --> r3",
        "  r1 --> r4",
        "  r2 -.->|depends on| r4",
        "  r3 --> r4",
        "  classDef head stroke-width:3px",
        "  class r0,r2 head",
        "",
      ].join("\n"),
    );
  });

  test("graph --format dot", async () => {
    const result = await retort(project.dir, ["graph", "--format", "dot"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        "digraph revisions {",
        "  node [shape=box];",
        '  "aa03" [label="aa03 (head)\\nmerge feature", penwidth=2];',
        '  "aa02" [label="aa02\\nadd email"];',
        '  "cc01" [label="cc01 (audit, head)\\naudit log", penwidth=2];',
        '  "bb01" [label="bb01 (feature)\\nexpand: add handle"];',
        '  "aa01" [label="aa01\\ncreate users"];',
        '  "aa03" -> "aa02";',
        '  "aa03" -> "bb01";',
        '  "aa02" -> "aa01";',
        '  "cc01" -> "aa01" [style=dashed, label="depends on"];',
        '  "bb01" -> "aa01";',
        "}",
        "",
      ].join("\n"),
    );
  });

  test("an unknown format is bad usage (exit 2)", async () => {
    const result = await retort(project.dir, ["graph", "--format", "svg"]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, "");
    assert.equal(result.stderr, "error: unknown graph format 'svg'\nhint: use --format mermaid or --format dot\n");
  });
});

describe("retort history --graph on PostgreSQL", { skip }, () => {
  let db: TempDatabase;
  const project = tempProject("graph-pg");
  before(async () => {
    ensureBuilt();
    writeHistory(project.dir);
    db = await createTempDatabase("cli_graph");
  });
  after(async () => {
    project.remove();
    await db?.drop();
  });

  test("the revisions the database is at are drawn with @ and marked current", async () => {
    const env = { DATABASE_URL: db.url };
    const up = await retort(project.dir, ["upgrade", "aa02"], { env });
    assert.equal(up.status, 0, up.stderr);
    const result = await retort(project.dir, ["history", "--graph"], { env });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${DRAWING.map((line) => (line === "* | aa02 add email" ? "@ | aa02 (current) add email" : line)).join("\n")}\n`);
  });
});
