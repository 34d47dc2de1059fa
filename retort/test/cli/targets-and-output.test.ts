// The CLI's small edges, run as a user types them: relative ranges after -r, "did you mean"
// for a mistyped target, what stamp, heads and current print, and current on a project
// whose embedded database does not exist yet.
import assert from "node:assert/strict";
import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { freshPgliteDir } from "../support/pglite.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

const lines = (text: string): string[] => text.split("\n").filter((line) => line !== "");

/** a001 (label shop) <- a002 <- a003 <- a004, no database yet. */
const writeChain = (dir: string): void => {
  writeProject(dir);
  writeMigration(dir, { revision: "a001", downRevision: null, branchLabels: ["shop"], message: "one" });
  writeMigration(dir, { revision: "a002", downRevision: "a001", message: "two" });
  writeMigration(dir, { revision: "a003", downRevision: "a002", message: "three" });
  writeMigration(dir, { revision: "a004", downRevision: "a003", message: "four" });
};

describe("relative ranges after -r", () => {
  const project = tempProject("ranges");
  before(() => {
    ensureBuilt();
    writeChain(project.dir);
  });
  after(() => project.remove());

  test("`history -r -2:` and `-r-2:` list the same revisions", async () => {
    const spaced = await retort(project.dir, ["history", "-r", "-2:"]);
    assert.equal(spaced.status, 0, spaced.stderr);
    assert.deepEqual(lines(spaced.stdout), ["a003 -> a004 (shop) (head), four", "a002 -> a003 (shop), three", "a001 -> a002 (shop), two"]);
    const joined = await retort(project.dir, ["history", "-r-2:"]);
    assert.equal(joined.stdout, spaced.stdout);
  });

  test("`history -r -3:head` and `--rev-range -1:`", async () => {
    const result = await retort(project.dir, ["history", "-r", "-3:head"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(lines(result.stdout).length, 4);
    const long = await retort(project.dir, ["history", "--rev-range", "-1:"]);
    assert.equal(long.status, 0, long.stderr);
    assert.deepEqual(lines(long.stdout), ["a003 -> a004 (shop) (head), four", "a002 -> a003 (shop), three"]);
  });
});

describe("a mistyped target gets the closest name", () => {
  const project = tempProject("didyoumean");
  before(() => {
    ensureBuilt();
    writeChain(project.dir);
  });
  after(() => project.remove());

  const cases: [string[], string][] = [
    [["upgrade", "haed", "--sql"], "error: No such revision or branch 'haed'; did you mean 'head'?"],
    [["show", "a00x"], "error: No such revision or branch 'a00x'; did you mean 'a001'?"],
    [["stamp", "haeds", "--sql"], "error: No such revision or branch 'haeds'; did you mean 'heads'?"],
    [["history", "-r", "shpo@base:"], "error: No such branch: 'shpo'; did you mean 'shop'?"],
    [["revision", "-m", "x", "--head", "shpo@head"], "error: No such branch: 'shpo'; did you mean 'shop'?"],
    [["merge", "a004", "a0004", "-m", "m"], "error: No such revision or branch 'a0004'; did you mean 'a004'?"],
    [["edit", "bsae"], "error: No such revision or branch 'bsae'; did you mean 'base'?"],
  ];
  for (const [args, first] of cases) {
    test(args.join(" "), async () => {
      const result = await retort(project.dir, args);
      assert.equal(result.status, 2, result.stderr);
      assert.equal(lines(result.stderr)[0], first);
      assert.equal(result.stdout, "");
    });
  }
});

describe("what stamp, heads and current print", () => {
  const project = tempProject("stampout");
  before(async () => {
    ensureBuilt();
    writeChain(project.dir);
    cpSync(await freshPgliteDir(), join(project.dir, ".retort", "pglite"), { recursive: true });
  });
  after(() => project.remove());

  test("heads and heads -v show the branch label the head carries", async () => {
    assert.equal((await retort(project.dir, ["heads"])).stdout, "a004 (shop) (head)\n");
    assert.match((await retort(project.dir, ["heads", "-v"])).stdout, /^Rev: a004 \(head\)\nParent: a003\nBranch names: shop\n/);
  });

  test("stamp says what the version table now holds; --json returns it", async () => {
    const stamped = await retort(project.dir, ["stamp", "a002"]);
    assert.equal(stamped.status, 0, stamped.stderr);
    const database = `pglite://${join(project.dir, ".retort", "pglite")}`;
    assert.equal(stamped.stdout, `Stamped ${database}; the version table now holds:\na002 (shop)\n`);
    const json = await retort(project.dir, ["stamp", "head", "--json"]);
    const parsed = JSON.parse(json.stdout) as { ok: boolean; result: { from: string[]; to: string[]; current: { revision: string; branchLabels: string[]; isHead: boolean }[] } };
    assert.equal(parsed.ok, true);
    assert.deepEqual(parsed.result.from, ["a002"]);
    assert.deepEqual(parsed.result.to, ["a004"]);
    assert.deepEqual(parsed.result.current.map((info) => [info.revision, info.branchLabels, info.isHead]), [["a004", ["shop"], true]]);
    const base = await retort(project.dir, ["stamp", "base"]);
    assert.equal(base.stdout, `Stamped ${database}: the version table is empty (base)\n`);
  });

  test("current -v shows the branch label", async () => {
    assert.equal((await retort(project.dir, ["stamp", "a003"])).status, 0);
    const plain = await retort(project.dir, ["current"]);
    assert.equal(plain.stdout, "a003 (shop)\n");
    const verbose = await retort(project.dir, ["current", "-v"]);
    assert.match(verbose.stdout, /\nRev: a003 \(current\)\nParent: a002\nBranch names: shop\n/);
  });
});

describe("current on a project without a database", () => {
  const project = tempProject("nodb");
  before(() => {
    ensureBuilt();
    writeChain(project.dir);
  });
  after(() => project.remove());

  test("says there is no database yet, exits 0, prints no version and creates nothing", async () => {
    const dataDir = join(project.dir, ".retort", "pglite");
    const result = await retort(project.dir, ["current"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "");
    assert.equal(result.stderr, `NOTE  no database yet at pglite://${dataDir}\n`);
    assert.equal(existsSync(join(project.dir, ".retort")), false);
    const json = JSON.parse((await retort(project.dir, ["current", "--json"])).stdout) as { result: { noDatabase: boolean; current: unknown[] } };
    assert.deepEqual([json.result.noDatabase, json.result.current], [true, []]);
    const history = await retort(project.dir, ["history", "-i"]);
    assert.equal(history.status, 0, history.stderr);
    assert.equal(existsSync(join(project.dir, ".retort")), false);
  });

  test("with --check-heads it is not up to date, and still creates nothing", async () => {
    const result = await retort(project.dir, ["current", "--check-heads"]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /error: the database is not at every head: missing a004 \(at base\)/);
    assert.equal(existsSync(join(project.dir, ".retort")), false);
  });
});
