// `retort pull` on a new project, as someone adopting a database does it: init, pull,
// check. Pull names the models module it wrote in the config init made (or says what to
// add to the user's own), says when the tables live in schemas it did not read, writes
// --schema into the config, and counts only the checks a naming convention would rename.
import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { connect } from "../../src/drivers/index.js";
import { freshPgliteDir } from "../support/pglite.js";
import { ensureBuilt, retort, tempProject } from "./harness.js";

/** A project folder with an embedded database built by `sql`, and `retort init` run in it. */
const adopted = async (prefix: string, sql: string) => {
  const project = tempProject(prefix);
  const dataDir = join(project.dir, ".retort", "pglite");
  cpSync(await freshPgliteDir(), dataDir, { recursive: true });
  const db = await connect({ kind: "pglite", dataDir, display: dataDir });
  try {
    await db.exec(sql);
  } finally {
    await db.close();
  }
  const init = await retort(project.dir, ["init"]);
  assert.equal(init.status, 0, init.stderr);
  return project;
};

describe("init, pull, check", () => {
  let project: { dir: string; remove: () => void };
  before(async () => {
    ensureBuilt();
    project = await adopted(
      "pull-init",
      `create table accounts (id serial primary key, age int, constraint ck_accounts_adult check (age >= 18), constraint age_small check (age < 200));`,
    );
  });
  after(() => project.remove());

  test("pull names the module it wrote in init's config, and check then finds it", async () => {
    const pulled = await retort(project.dir, ["pull"]);
    assert.equal(pulled.status, 0, pulled.stderr);
    assert.equal(
      pulled.stdout,
      'Wrote 1 file(s) for 1 table(s) and 0 enum type(s):\n  models/index.ts\nUpdated retort.config.ts:\n  models: "./models/index.ts",\n',
    );
    assert.match(readFileSync(join(project.dir, "retort.config.ts"), "utf8"), /\n {2}migrations: "migrations",\n {2}models: "\.\/models\/index\.ts",\n\}\);\n$/);
    // ck_accounts_adult already has the convention's shape; only age_small would be renamed.
    assert.equal(
      pulled.stderr,
      'WARN  the naming convention for checks ("ck_%(table)s_%(constraint_name)s") would rename the 1 pulled check constraint(s); set namingConvention: { ck: "%(constraint_name)s" } in retort.config.ts to keep the database\'s names\n',
    );
    // check now loads the models and compares (whether age_small differs is the naming
    // convention's business, not the config's): exit 0 or 1, never the config error.
    const checked = await retort(project.dir, ["check"]);
    assert.doesNotMatch(checked.stderr, /names no models module/);
    assert.ok(checked.status === 0 || checked.status === 1, checked.stderr);
  });

  test("without models in the config, check's hint names the module that exists", async () => {
    writeFileSync(join(project.dir, "retort.config.ts"), 'export default { migrations: "migrations" };\n');
    const checked = await retort(project.dir, ["check"]);
    assert.equal(checked.status, 2);
    assert.equal(checked.stderr.split("\n")[1], 'hint: add `models: "./models/index.ts"` to retort.config.ts');
  });
});

describe("pull when the tables live in other schemas", () => {
  let project: { dir: string; remove: () => void };
  before(async () => {
    ensureBuilt();
    project = await adopted(
      "pull-schemas",
      "create schema s1; create schema s2; create table s1.a (id int primary key); create table s1.b (id int); create table s2.c (id int);",
    );
  });
  after(() => project.remove());

  test("says which schemas hold tables and how to include them", async () => {
    const pulled = await retort(project.dir, ["pull"]);
    assert.equal(pulled.status, 0, pulled.stderr);
    assert.match(pulled.stdout, /^Wrote 1 file\(s\) for 0 table\(s\) and 0 enum type\(s\):\n/);
    assert.equal(
      pulled.stderr,
      'WARN  the schema(s) read hold no tables, but s1, s2 hold 3 table(s): add schemas: ["s1","s2"] to retort.config.ts, or run `retort pull --schema s1 --schema s2` (which also writes them into the config)\n',
    );
  });

  test("pull --schema reads them and writes them into the config", async () => {
    const pulled = await retort(project.dir, ["pull", "--schema", "s1", "--schema", "s2", "--force"]);
    assert.equal(pulled.status, 0, pulled.stderr);
    assert.equal(pulled.stderr, "");
    assert.match(pulled.stdout, /^Wrote 1 file\(s\) for 3 table\(s\) and 0 enum type\(s\):\n  models\/index\.ts\nUpdated retort\.config\.ts:\n  schemas: \["s1","s2"\],\n$/);
    const config = readFileSync(join(project.dir, "retort.config.ts"), "utf8");
    assert.match(config, /\n {2}models: "\.\/models\/index\.ts",\n {2}schemas: \["s1","s2"\],\n\}\);\n$/);
    const models = readFileSync(join(project.dir, "models", "index.ts"), "utf8");
    assert.match(models, /schema: "s1"/);
    assert.match(models, /schema: "s2"/);
  });

  test("postWrite hooks run on the files pull writes", async () => {
    const config = join(project.dir, "retort.config.ts");
    writeFileSync(config, readFileSync(config, "utf8").replace("});\n", '  postWrite: [["node", "-e", "require(\\"fs\\").appendFileSync(\\"pulled.log\\", process.argv[1] + \\"\\\\n\\")"]],\n});\n'));
    const pulled = await retort(project.dir, ["pull", "--force", "--per-table"]);
    assert.equal(pulled.status, 0, pulled.stderr);
    const logged = readFileSync(join(project.dir, "pulled.log"), "utf8").split("\n").filter((l) => l !== "").map((p) => p.slice(project.dir.length + 1));
    assert.deepEqual(logged.sort(), ["models/index.ts", "models/s1.a.ts", "models/s1.b.ts", "models/s2.c.ts"]);
  });
});
