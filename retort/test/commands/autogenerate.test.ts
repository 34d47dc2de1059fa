// The seed's workflow through the built CLI on PostgreSQL: edit the models, autogenerate,
// review, upgrade, check, downgrade, upgrade again.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { connect, parseDatabaseUrl, type Connection } from "../../src/drivers/index.js";
import { introspect } from "../../src/dialects/postgres/introspect.js";
import type { Schema } from "../../src/schema/types.js";
import { describeOnPostgres, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, retort, tempProject, writeProject } from "../cli/harness.js";
import { freshPgliteDir } from "../support/pglite.js";
import { compareModelsWithDatabase } from "../../src/commands/models-vs-database.js";
import { loadProject } from "../../src/commands/project.js";

const MODELS_V1 = `import { table, enumType, sql, uuid, varchar, text, boolean, integer, timestamp, jsonb, index, check } from "retort-migrate";

export const botStatus = enumType("bot_status", ["draft", "live"]);

export const users = table("users", {
  id: uuid().primaryKey().default(sql\`gen_random_uuid()\`),
  email: varchar(255).notNull().unique(),
  is_active: boolean().notNull().default(true),
  created_at: timestamp({ withTimezone: true }).notNull().default(sql\`CURRENT_TIMESTAMP\`),
}, undefined, { comment: "People who sign in" });

export const bots = table("bots", {
  id: uuid().primaryKey().default(sql\`gen_random_uuid()\`),
  owner_id: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
  name: varchar(100).notNull(),
  status: botStatus.column().notNull().default("draft"),
  settings: jsonb().notNull().default(sql\`'{}'::jsonb\`),
  temperature: integer().notNull().default(1),
}, (t) => [
  index("ix_bots_owner_name").on(t.owner_id, t.name),
  index("ix_bots_live").on(t.name).where(sql\`status = 'live'\`),
  check("temperature_range", sql\`temperature>=0 and temperature<=2\`),
]);
`;

// v2: users.email renamed to login, a nullable column added, an index dropped.
const MODELS_V2 = MODELS_V1.replace("email: varchar(255).notNull().unique(),", "login: varchar(255).notNull().unique(),\n  avatar_url: text(),").replace(
  '  index("ix_bots_live").on(t.name).where(sql`status = \'live\'`),\n',
  "",
);

describeOnPostgres("autogen_cli", (_client, suite) => {
  let db: TempDatabase;
  let conn: Connection;
  const project = tempProject("autogen");
  let env: Record<string, string>;
  const run = (...args: string[]) => retort(project.dir, args, { env });
  const versionFiles = () => readdirSync(join(project.dir, "migrations", "versions")).filter((f) => f.endsWith(".ts")).sort();
  const schemaNow = (): Promise<Schema> => introspect(conn, { versionTable: { name: "alembic_version" }, logTable: "retort_log" });
  let empty: Schema;
  let atV1: Schema;

  before(async () => {
    ensureBuilt();
    db = suite.database();
    conn = await connect(parseDatabaseUrl(db.url, process.cwd()));
    env = { DATABASE_URL: db.url };
    writeProject(project.dir, 'export default { migrations: "migrations", models: "./models/index.ts" };\n');
    mkdirSync(join(project.dir, "models"));
    writeFileSync(join(project.dir, "models", "index.ts"), MODELS_V1);
    empty = await schemaNow();
  });
  after(async () => {
    await conn?.close();
    project.remove();
  });

  test("check on an empty database lists what the models add and exits 1", async () => {
    const result = await run("check");
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.trimEnd().split("\n");
    assert.match(lines[0] ?? "", /^\d+ pending change\(s\) between the models and postgresql:/);
    assert.ok(lines.includes('  op.createEnum("bot_status", ["draft", "live"])'), result.stdout);
    assert.ok(lines.some((l) => l.startsWith('  op.createTable("users", {')), result.stdout);
  });

  test("check --json has the same facts for CI", async () => {
    const result = await run("check", "--json");
    assert.equal(result.status, 1);
    const json = JSON.parse(result.stdout) as { ok: boolean; result: { differs: boolean; operations: string[]; ambiguities: unknown[] } };
    assert.equal(json.ok, true);
    assert.equal(json.result.differs, true);
    assert.deepEqual(json.result.ambiguities, []);
    assert.equal(json.result.operations.length, 5); // the enum, two tables (constraints inline), two indexes
  });

  test("autogenerate writes a formatted revision that creates everything", async () => {
    const result = await run("revision", "--autogenerate", "-m", "initial schema");
    assert.equal(result.status, 0, result.stderr);
    const [file] = versionFiles();
    assert.ok(file !== undefined);
    assert.match(result.stdout, new RegExp(`^Generated migrations/versions/${file}\\n`));
    const text = readFileSync(join(project.dir, "migrations", "versions", file), "utf8");
    assert.match(text, /^import \{ .*enumColumn.* \} from "retort-migrate";$/m);
    assert.match(text, /^ {2}await op\.createEnum\("bot_status", \["draft", "live"\]\);$/m);
    assert.match(text, /^ {2}await op\.dropEnum\("bot_status"\);$/m);
    assert.match(text, /^ {2}await op\.createCheckConstraint\(\s*"ck_bots_temperature_range",/m);
  });

  test("upgrade applies it, and check then finds nothing (server-normalised expressions)", async () => {
    const up = await run("upgrade", "head");
    assert.equal(up.status, 0, up.stderr);
    atV1 = await schemaNow();
    assert.deepEqual(atV1.tables.map((t) => t.name), ["bots", "users"]);
    const result = await run("check");
    assert.equal(result.stdout, "No differences: the database matches the models.\n", result.stderr);
    assert.equal(result.status, 0);
  });

  test("autogenerate with nothing to do says so and writes nothing", async () => {
    const before = versionFiles();
    const result = await run("revision", "--autogenerate", "-m", "nothing");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "No changes in schema detected.\n");
    assert.equal(result.stderr, "");
    assert.deepEqual(versionFiles(), before);
  });

  test("a renamed column is never dropped silently: without a terminal it refuses and names the flags", async () => {
    writeFileSync(join(project.dir, "models", "index.ts"), MODELS_V2);
    const result = await run("revision", "--autogenerate", "-m", "rename email");
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      "error: a possible rename needs a decision: column users.email -> login\n" +
        "hint: pass --rename users.email:users.login to rename (keeps the data) or --no-rename users.email:users.login to drop and add, once per pair (or run on a terminal to be asked)\n",
    );
  });

  test("--rename writes alterColumn newName; the revision must be applied before the next one", async () => {
    const result = await run("revision", "--autogenerate", "-m", "rename email", "--rename", "users.email:users.login");
    assert.equal(result.status, 0, result.stderr);
    const file = versionFiles().find((f) => f.includes("rename_email"));
    assert.ok(file !== undefined, versionFiles().join(", "));
    const text = readFileSync(join(project.dir, "migrations", "versions", file), "utf8");
    assert.match(text, /await op\.alterColumn\("users", "email", \{ newName: "login" \}\);/);
    assert.match(text, /await op\.alterColumn\("users", "login", \{ newName: "email" \}\);/);
    assert.match(text, /\/\/ lint: creates index|await op\.dropIndex\("ix_bots_live"/);
    const again = await run("revision", "--autogenerate", "-m", "too early");
    assert.equal(again.status, 1);
    assert.match(again.stderr, /^error: Target database is not up to date\.\n/);
  });

  test("upgrade, check clean; downgrade returns the database exactly; upgrade again", async () => {
    const up = await run("upgrade", "head");
    assert.equal(up.status, 0, up.stderr);
    const checked = await run("check");
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    const atV2 = await schemaNow();
    const down = await run("downgrade", "-1");
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(await schemaNow(), atV1);
    assert.equal((await run("upgrade", "head")).status, 0);
    assert.deepEqual(await schemaNow(), atV2);
    assert.equal((await run("downgrade", "base")).status, 0);
    assert.deepEqual(await schemaNow(), empty);
  });
}, { title: "revision --autogenerate, check and the upgrade/downgrade cycle" });

describe("comparing models with the database asks about possible renames when it can", () => {
  const project = tempProject("autogen-ask");
  let dir: string;
  before(async () => {
    ensureBuilt();
    dir = await freshPgliteDir();
    const conn = await connect(parseDatabaseUrl(`pglite://${dir}`, project.dir));
    await conn.exec("create table users (id integer constraint pk_users primary key, email text)");
    await conn.close();
    writeProject(project.dir, 'export default { migrations: "migrations", models: "./models/index.ts" };\n');
    mkdirSync(join(project.dir, "models"));
    writeFileSync(
      join(project.dir, "models", "index.ts"),
      'import { table, integer, text } from "retort-migrate";\nexport const users = table("users", { id: integer().primaryKey(), mail: text() });\n',
    );
  });
  after(() => project.remove());

  const compareWith = async (answer: boolean) => {
    const context = { cwd: project.dir, env: { DATABASE_URL: `pglite://${dir}` } };
    const asked: string[] = [];
    const { comparison } = await compareModelsWithDatabase(await loadProject(context), { decide: async (a) => (asked.push(a.flag), answer) }, context);
    return { asked, ops: comparison.ops, ambiguities: comparison.ambiguities };
  };

  test("a yes renames the column", async () => {
    assert.deepEqual(await compareWith(true), {
      asked: ["users.email:users.mail"],
      ops: [{ kind: "alterColumn", table: "users", column: "email", newName: "mail" }],
      ambiguities: [],
    });
  });

  test("a no drops and adds", async () => {
    const { asked, ops, ambiguities } = await compareWith(false);
    assert.deepEqual(asked, ["users.email:users.mail"]);
    assert.deepEqual(ops.map((op) => op.kind), ["dropColumn", "addColumn"]);
    assert.deepEqual(ambiguities, []);
  });
});
