// Bad usage: one clear line and a hint on stderr, exit 2, nothing run.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { ensureBuilt, retort, tempProject, writeProject } from "./harness.js";

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

describe("retort usage", () => {
  let project: { dir: string; remove: () => void };
  before(() => {
    ensureBuilt();
    project = tempProject("usage");
    writeProject(project.dir);
  });
  after(() => project.remove());

  test("--version prints the package version", async () => {
    const result = await retort(project.dir, ["--version"]);
    assert.deepEqual(result, { status: 0, signal: null, stdout: `${version}\n`, stderr: "" });
  });

  test("--help lists every command", async () => {
    const result = await retort(project.dir, ["--help"]);
    assert.equal(result.status, 0);
    for (const name of ["init", "revision", "upgrade", "downgrade", "current", "history", "heads", "branches", "show", "stamp", "merge", "edit", "log"]) {
      assert.match(result.stdout, new RegExp(`^  ${name} `, "m"));
    }
  });

  test("a command's --help shows its usage", async () => {
    const result = await retort(project.dir, ["upgrade", "--help"]);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^usage: retort upgrade \[target\] \[--sql\] \[--lock-wait 60s\] \[--strict\] \[--tenants \[--concurrency N\] \[--only a,b\]\]$/m);
  });

  test("no command at all is bad usage", async () => {
    const result = await retort(project.dir, []);
    assert.equal(result.status, 2);
    assert.match(result.stdout, /^usage: retort <command> \[options\]$/m);
  });

  test("an unknown command", async () => {
    const result = await retort(project.dir, ["upgarde"]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, "");
    const lines = result.stderr.trimEnd().split("\n");
    assert.equal(lines[0], "error: unknown command 'upgarde'");
    assert.match(lines[1] ?? "", /^hint: run `retort --help` for the list: init, revision, upgrade/);
    assert.equal(lines.length, 2);
  });

  test("an unknown flag names the flag and shows the usage", async () => {
    const result = await retort(project.dir, ["upgrade", "--frobnicate"]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, "");
    assert.equal(
      result.stderr,
      "error: unknown option '--frobnicate' for `retort upgrade`\nhint: usage: retort upgrade [target] [--sql] [--lock-wait 60s] [--strict] [--tenants [--concurrency N] [--only a,b]]\n",
    );
  });

  test("a flag without its value", async () => {
    const result = await retort(project.dir, ["revision", "-m"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: option '-m, --message' of `retort revision` needs a value\n/);
  });

  test("a missing and an extra positional", async () => {
    const missing = await retort(project.dir, ["show"]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^error: `retort show` needs <rev\|current>\nhint: usage: retort show <rev\|current>\n$/);
    const extra = await retort(project.dir, ["upgrade", "head", "base"]);
    assert.equal(extra.status, 2);
    assert.match(extra.stderr, /^error: unexpected argument 'base' for `retort upgrade`\n/);
  });

  test("--json reports usage errors as JSON on stdout too", async () => {
    const result = await retort(project.dir, ["heads", "--nope", "--json"]);
    assert.equal(result.status, 2);
    const parsed = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; kind: string } };
    assert.equal(parsed.ok, false);
    assert.equal(parsed.error.code, "USAGE");
    assert.equal(parsed.error.kind, "input");
  });

  test("no colour codes when stderr is not a terminal", async () => {
    const result = await retort(project.dir, ["upgrade", "--frobnicate"]);
    assert.doesNotMatch(result.stderr, /\u001b\[/);
  });
});
