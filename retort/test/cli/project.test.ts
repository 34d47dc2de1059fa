// Commands that need no database: init, revision, merge, heads, history, branches, show,
// and the bad-input cases of the versions folder and the config.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ensureBuilt, retort, tempProject, writeMigration, writeProject } from "./harness.js";

before(() => ensureBuilt());

describe("retort init", () => {
  const project = tempProject("init");
  after(() => project.remove());

  test("creates the config, the versions folder and the template", async () => {
    const result = await retort(project.dir, ["init"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "Created retort.config.ts\nCreated migrations/versions\nCreated migrations/script.ts.tmpl\n");
    assert.match(readFileSync(join(project.dir, "retort.config.ts"), "utf8"), /^import \{ defineConfig \} from "retort-migrate";$/m);
    assert.deepEqual(readdirSync(join(project.dir, "migrations", "versions")), []);
    assert.ok(existsSync(join(project.dir, "migrations", "script.ts.tmpl")));
  });

  test("refuses to overwrite an existing project", async () => {
    const before = readFileSync(join(project.dir, "retort.config.ts"), "utf8");
    const result = await retort(project.dir, ["init"]);
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      "error: init would overwrite retort.config.ts, migrations/versions, migrations/script.ts.tmpl\nhint: this folder already has a retort project; remove those files first or run init in another folder\n",
    );
    assert.equal(readFileSync(join(project.dir, "retort.config.ts"), "utf8"), before);
  });

  test("writes revisions that the graph commands then read", async () => {
    const first = await retort(project.dir, ["revision", "-m", "create users", "--rev-id", "1975ea83b712"]);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, "Generated migrations/versions/1975ea83b712_create_users.ts\n");
    const second = await retort(project.dir, ["revision", "-m", "add user avatar field"]);
    assert.equal(second.status, 0, second.stderr);
    const match = /^Generated migrations\/versions\/([0-9a-f]{12})_add_user_avatar_field\.ts\n$/.exec(second.stdout);
    assert.ok(match, second.stdout);
    const id = match[1] as string;
    const source = readFileSync(join(project.dir, "migrations", "versions", `${id}_add_user_avatar_field.ts`), "utf8");
    assert.match(source, new RegExp(`^export const revision = "${id}";$`, "m"));
    assert.match(source, /^export const downRevision[^=]*= "1975ea83b712";$/m);
    assert.match(source, /^export const message = "add user avatar field";$/m);
    assert.match(source, /export async function upgrade\(op/);
    assert.match(source, /export async function downgrade\(op/);

    const heads = await retort(project.dir, ["heads"]);
    assert.deepEqual(heads, { status: 0, signal: null, stdout: `${id} (head)\n`, stderr: "" });
    const history = await retort(project.dir, ["history"]);
    assert.equal(
      history.stdout,
      `1975ea83b712 -> ${id} (head), add user avatar field\n<base> -> 1975ea83b712, create users\n`,
    );
  });

  test("refuses ids with reserved characters and ids already taken", async () => {
    for (const bad of ["ab-cd", "ab@cd", "ab+cd", "ab:cd"]) {
      const result = await retort(project.dir, ["revision", "-m", "x", "--rev-id", bad]);
      assert.equal(result.status, 2, bad);
      assert.match(result.stderr, /^error: .*\nhint: .*\n$/);
    }
    const taken = await retort(project.dir, ["revision", "-m", "x", "--rev-id", "1975ea83b712"]);
    assert.equal(taken.status, 2);
    assert.match(taken.stderr, /1975ea83b712/);
  });
});

describe("graph commands on a branched project", () => {
  const project = tempProject("graph");
  before(() => {
    writeProject(project.dir);
    writeMigration(project.dir, { revision: "1975ea83b712", downRevision: null, message: "create account table" });
    writeMigration(project.dir, { revision: "ae1027a6acf4", downRevision: "1975ea83b712", message: "add a column" });
    writeMigration(project.dir, {
      revision: "27c6a30d7c24",
      downRevision: "1975ea83b712",
      branchLabels: ["shoppingcart"],
      message: "add shopping cart table",
    });
  });
  after(() => project.remove());

  test("heads lists both heads", async () => {
    const result = await retort(project.dir, ["heads"]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.trimEnd().split("\n").sort(), ["27c6a30d7c24 (shoppingcart) (head)", "ae1027a6acf4 (head)"]);
  });

  test("branches shows the branch point and its branches", async () => {
    const result = await retort(project.dir, ["branches"]);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split("\n");
    assert.equal(lines[0], "1975ea83b712 (branchpoint), create account table");
    assert.deepEqual(lines.slice(1).sort(), [
      "             -> 27c6a30d7c24 (shoppingcart) (head), add shopping cart table",
      "             -> ae1027a6acf4 (head), add a column",
    ]);
  });

  test("history ends at the branch point", async () => {
    const result = await retort(project.dir, ["history"]);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 3);
    assert.equal(lines[2], "<base> -> 1975ea83b712 (branchpoint), create account table");
  });

  test("show prints one revision in full; --json gives the data", async () => {
    const result = await retort(project.dir, ["show", "shoppingcart@head"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        "Rev: 27c6a30d7c24 (head)",
        "Parent: 1975ea83b712",
        "Branch names: shoppingcart",
        "Path: migrations/versions/27c6a30d7c24_add_shopping_cart_table.ts",
        "",
        "    add shopping cart table",
        "",
        "    Revision ID: 27c6a30d7c24",
        "    Revises: 1975ea83b712",
        "",
        "",
      ].join("\n"),
    );
    const json = await retort(project.dir, ["show", "ae10", "--json"]);
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), {
      ok: true,
      result: {
        revisions: [
          {
            revision: "ae1027a6acf4",
            downRevisions: ["1975ea83b712"],
            dependsOn: [],
            branchLabels: [],
            message: "add a column",
            path: "migrations/versions/ae1027a6acf4_add_a_column.ts",
            createDate: null,
            children: [],
            isHead: true,
            isBase: false,
            isBranchPoint: false,
            isMergePoint: false,
            isCurrent: false,
          },
        ],
      },
    });
  });

  test("revision without --head refuses to pick one of two heads", async () => {
    const result = await retort(project.dir, ["revision", "-m", "next"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error: .*[Mm]ultiple heads/);
  });

  test("merge joins the heads into one", async () => {
    const result = await retort(project.dir, ["merge", "heads", "-m", "merge cart", "--rev-id", "c0ffee000001"]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "Generated migrations/versions/c0ffee000001_merge_cart.ts\n");
    const heads = await retort(project.dir, ["heads"]);
    // As in Alembic, a label spreads to the revisions above the one declaring it.
    assert.equal(heads.stdout, "c0ffee000001 (shoppingcart) (head)\n");
    const history = await retort(project.dir, ["history", "-r", "c0ffee000001:"]);
    assert.equal(history.status, 0, history.stderr);
    assert.match(history.stdout, /^(27c6a30d7c24, ae1027a6acf4|ae1027a6acf4, 27c6a30d7c24) -> c0ffee000001 \(shoppingcart\) \(head\) \(mergepoint\), merge cart\n$/);
  });

  test("an unknown or ambiguous target is bad input", async () => {
    const unknown = await retort(project.dir, ["show", "deadbeef"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^error: .*deadbeef.*\nhint: /);
    writeMigration(project.dir, { revision: "ae10ffffffff", downRevision: "c0ffee000001", message: "lookalike" });
    const ambiguous = await retort(project.dir, ["show", "ae10"]);
    assert.equal(ambiguous.status, 2);
    assert.match(ambiguous.stderr, /ae1027a6acf4/);
    assert.match(ambiguous.stderr, /ae10ffffffff/);
  });
});

describe("bad versions folders and configs", () => {
  const cases: { name: string; setup: (dir: string) => void; message: RegExp }[] = [
    {
      name: "a header that is not a literal",
      setup: (dir) => writeFileSync(join(dir, "migrations", "versions", "a_x.ts"), 'export const revision = "a" + "b";\nexport const downRevision = null;\n'),
      message: /a_x\.ts/,
    },
    {
      name: "a missing revision constant",
      setup: (dir) => writeFileSync(join(dir, "migrations", "versions", "a_x.ts"), "export const downRevision = null;\n"),
      message: /a_x\.ts/,
    },
    {
      name: "a duplicate revision id",
      setup: (dir) => {
        writeMigration(dir, { revision: "aaaa1111", downRevision: null, file: "one.ts" });
        writeMigration(dir, { revision: "aaaa1111", downRevision: null, file: "two.ts" });
      },
      message: /aaaa1111/,
    },
    {
      name: "a downRevision naming nothing",
      setup: (dir) => writeMigration(dir, { revision: "bbbb2222", downRevision: "cccc3333" }),
      message: /cccc3333/,
    },
    {
      name: "a cycle",
      setup: (dir) => {
        writeMigration(dir, { revision: "dddd4444", downRevision: "eeee5555" });
        writeMigration(dir, { revision: "eeee5555", downRevision: "dddd4444" });
      },
      message: /cycle/i,
    },
    {
      name: "a config that throws",
      setup: (dir) => writeFileSync(join(dir, "retort.config.ts"), 'throw new Error("config exploded");\n'),
      message: /config exploded/,
    },
    {
      name: "a malformed URL in the config",
      setup: (dir) => writeFileSync(join(dir, "retort.config.ts"), 'export default { url: "mysql://nope" };\n'),
      message: /mysql/,
    },
  ];
  for (const { name, setup, message } of cases) {
    test(`${name}: exit 2, one line and a hint, no stack`, async () => {
      const project = tempProject("bad");
      try {
        writeProject(project.dir);
        setup(project.dir);
        const command = name.includes("URL") ? ["current"] : ["heads"];
        const result = await retort(project.dir, command);
        assert.equal(result.status, 2, result.stderr);
        assert.equal(result.stdout, "");
        assert.match(result.stderr, /^error: [^\n]+\nhint: [^\n]+\n$/);
        assert.match(result.stderr, message);
      } finally {
        project.remove();
      }
    });
  }

  test("--verbose adds the stack trace", async () => {
    const project = tempProject("bad");
    try {
      writeProject(project.dir);
      writeMigration(project.dir, { revision: "bbbb2222", downRevision: "cccc3333" });
      const result = await retort(project.dir, ["heads", "--verbose"]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /\n\s+at /);
    } finally {
      project.remove();
    }
  });
});

describe("retort edit", () => {
  const project = tempProject("edit");
  before(() => {
    writeProject(project.dir);
    writeMigration(project.dir, { revision: "ed000001", downRevision: null, message: "first" });
  });
  after(() => project.remove());

  test("opens the revision's file with $EDITOR and waits for it", async () => {
    const editor = `sh -c 'echo "// edited" >> "$1"' sh`;
    const result = await retort(project.dir, ["edit", "ed00"], { env: { EDITOR: editor } });
    assert.equal(result.status, 0, result.stderr);
    const source = readFileSync(join(project.dir, "migrations", "versions", "ed000001_first.ts"), "utf8");
    assert.ok(source.endsWith("// edited\n"));
  });

  test("an editor that fails, and no editor at all, are operational failures", async () => {
    const failing = await retort(project.dir, ["edit", "head"], { env: { EDITOR: "false" } });
    assert.equal(failing.status, 1);
    assert.match(failing.stderr, /^error: the editor 'false' exited with status 1\n/);
    const none = await retort(project.dir, ["edit", "head"]);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /^error: no editor is set: neither \$VISUAL nor \$EDITOR\nhint: set one/);
  });
});
