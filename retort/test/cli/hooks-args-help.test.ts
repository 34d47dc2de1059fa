// Post-write hooks on the files retort writes, `-x key=value` reaching the config function
// and migrations, and per-command --help; all through the built binary.
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { COMMANDS } from "../../src/cli/command-table.js";
import { helpOf } from "../../src/cli/help.js";
import { connect } from "../../src/drivers/index.js";
import { freshPgliteDir } from "../support/pglite.js";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

// Appends "<tag> <file name>" to hooks.log, or fails when the tag is "fail".
const HOOK = `import { appendFileSync } from "node:fs";
import { basename } from "node:path";
const [tag, file] = process.argv.slice(2);
if (tag === "fail") { console.error("formatter: cannot parse " + basename(file)); process.exit(3); }
appendFileSync("hooks.log", tag + " " + basename(file) + "\\n");
`;

const hookConfig = (hooks: string[][]): string =>
  `export default { migrations: "migrations", postWrite: ${JSON.stringify(hooks)} };\n`;

describe("postWrite hooks", () => {
  const project = tempProject("hooks");
  const log = () => (existsSync(join(project.dir, "hooks.log")) ? readFileSync(join(project.dir, "hooks.log"), "utf8") : "");
  const versions = () => readdirSync(join(project.dir, "migrations", "versions")).sort();
  before(() => {
    ensureBuilt();
    writeProject(project.dir, hookConfig([["node", "hook.mjs", "first"], ["node", "hook.mjs", "second"]]));
    writeFileSync(join(project.dir, "hook.mjs"), HOOK);
  });
  after(() => project.remove());

  test("revision runs each hook on the new file, in order", async () => {
    const result = await retort(project.dir, ["revision", "-m", "one", "--rev-id", "h001"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(log(), "first h001_one.ts\nsecond h001_one.ts\n");
  });

  test("merge runs them on the merge revision", async () => {
    assert.equal((await retort(project.dir, ["revision", "-m", "two", "--rev-id", "h002", "--head", "h001"])).status, 0);
    assert.equal((await retort(project.dir, ["revision", "-m", "three", "--rev-id", "h003", "--head", "h001", "--splice"])).status, 0);
    writeFileSync(join(project.dir, "hooks.log"), "");
    const merged = await retort(project.dir, ["merge", "heads", "-m", "join", "--rev-id", "h004"]);
    assert.equal(merged.status, 0, merged.stderr);
    assert.equal(log(), "first h004_join.ts\nsecond h004_join.ts\n");
  });

  test("a failing hook: exit 1 naming the hook and file, later hooks not run, the file kept", async () => {
    writeFileSync(join(project.dir, "retort.config.ts"), hookConfig([["node", "hook.mjs", "fail"], ["node", "hook.mjs", "after"]]));
    writeFileSync(join(project.dir, "hooks.log"), "");
    const result = await retort(project.dir, ["revision", "-m", "five", "--rev-id", "h005", "--head", "h004"]);
    assert.equal(result.status, 1);
    assert.equal(
      result.stderr,
      "error: post-write hook `node hook.mjs fail` failed on migrations/versions/h005_five.ts (exit 3: formatter: cannot parse h005_five.ts); the file was kept\n" +
        "hint: fix the file or the hook (postWrite in retort.config.ts) and run the hook again by hand\n",
    );
    assert.equal(log(), "");
    assert.ok(versions().includes("h005_five.ts"));
  });

  test("a hook that is not installed is named", async () => {
    writeFileSync(join(project.dir, "retort.config.ts"), hookConfig([["retort-no-such-formatter", "--write"]]));
    const result = await retort(project.dir, ["revision", "-m", "six", "--rev-id", "h006", "--head", "h005"]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error: post-write hook `retort-no-such-formatter --write` failed on migrations\/versions\/h006_six\.ts \('retort-no-such-formatter' was not found\); the file was kept\n/);
  });

  test("postWrite must be a list of commands", async () => {
    writeFileSync(join(project.dir, "retort.config.ts"), `export default { postWrite: ["prettier --write"] };\n`);
    const result = await retort(project.dir, ["heads"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /"postWrite" must be an array of commands, each an array of strings: \[\["biome", "format", "--write"\]\]/);
  });
});

describe("-x key=value", () => {
  const project = tempProject("xargs");
  let dataDir: string;
  before(async () => {
    ensureBuilt();
    // The config is a function of the arguments: here it picks the version table.
    writeProject(project.dir, 'export default ({ args }: { args: Record<string, string> }) => ({ migrations: "migrations", versionTable: args.vt ?? "alembic_version" });\n');
    dataDir = join(project.dir, ".retort", "pglite");
    cpSync(await freshPgliteDir(), dataDir, { recursive: true });
    writeMigration(project.dir, {
      revision: "x001",
      downRevision: null,
      message: "table from args",
      upgrade: "  await op.execute(`CREATE TABLE ${op.context.args.table ?? \"fallback\"} (note text DEFAULT '${JSON.stringify(op.context.args)}')`);",
    });
  });
  after(() => project.remove());

  test("reaches the config function's argument and migrations' op.context.args", async () => {
    const result = await retort(project.dir, ["upgrade", "-x", "table=from_args", "-x", "vt=my_versions", "-x", "note=a=b"]);
    assert.equal(result.status, 0, result.stderr);
    const db = await connect({ kind: "pglite", dataDir, display: dataDir });
    try {
      const versions = await db.query<{ version_num: string }>("select version_num from my_versions");
      assert.deepEqual(versions.rows, [{ version_num: "x001" }]);
      const column = await db.query<{ column_default: string }>("select column_default from information_schema.columns where table_name = 'from_args'");
      assert.deepEqual(column.rows, [{ column_default: `'{"table":"from_args","vt":"my_versions","note":"a=b"}'::text` }]);
    } finally {
      await db.close();
    }
  });

  test("without =, it is bad usage (exit 2) and nothing runs", async () => {
    const result = await retort(project.dir, ["upgrade", "-x", "table"]);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, "error: -x takes key=value, not 'table' (`retort upgrade`)\nhint: usage: retort upgrade [target] [--sql] [--lock-wait 60s] [--strict] [--tenants [--concurrency N] [--only a,b]]\n");
  });
});

describe("retort <command> --help", () => {
  before(() => ensureBuilt());

  test("every command describes every option it takes", () => {
    for (const command of COMMANDS) {
      const help = helpOf(command.name);
      assert.ok(help !== undefined, `${command.name} has no help`);
      const described = help.options.map(([flag]) => flag).join(" ");
      for (const [name, option] of Object.entries(command.options)) {
        assert.ok(described.includes(`--${name}`), `${command.name} --help does not describe --${name}`);
        if (option.short !== undefined) assert.ok(described.includes(`-${option.short},`), `${command.name} --help does not show -${option.short}`);
      }
      assert.ok(help.examples.length > 0 && help.examples.every((e) => /\bretort \S+/.test(e)), `${command.name} has no examples`);
    }
  });

  test("upgrade --help: usage, options, the target grammar and examples", async () => {
    const result = await retort(process.cwd(), ["upgrade", "--help"]);
    assert.equal(result.status, 0);
    const text = result.stdout;
    assert.match(text, /^usage: retort upgrade \[target\] \[--sql\] \[--lock-wait 60s\] \[--strict\] \[--tenants \[--concurrency N\] \[--only a,b\]\]\n  apply migrations up to a target \(default: head\)\n\noptions:\n/);
    assert.match(text, /\n  --sql {22}print the SQL instead of running it/);
    assert.match(text, /\ntargets:\n  head, heads, base {10}the single head, every head, below the first revision\n/);
    assert.match(text, /\n  \+2, -1 {21}relative to the database's current revision\n/);
    assert.match(text, /\nexamples:\n  retort upgrade\n  retort upgrade \+1\n/);
    assert.match(text, /\n  -x key=value {15}an argument for the config function and migrations' op\.context\.args \(repeatable\)\n/);
  });

  test("a command without targets prints no target grammar", async () => {
    const result = await retort(process.cwd(), ["pull", "--help"]);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /\n  --schema <name> {12}read this schema instead of the config's `schemas`/);
    assert.doesNotMatch(result.stdout, /targets:/);
  });
});
