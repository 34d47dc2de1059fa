// `retort revision --autogenerate --safe` on PostgreSQL, through the built CLI: a table
// with rows gains an index, a foreign key, a check, NOT NULL and a unique constraint while
// clients keep writing to it. The generated file passes `retort lint`, applies without
// failing a single write, matches the models, and its downgrade restores the schema.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import pg from "pg";
import { introspect } from "../../src/dialects/postgres/introspect.js";
import { connect, parseDatabaseUrl, type Connection } from "../../src/drivers/index.js";
import { describeOnPostgres, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, retort, tempProject, writeProject } from "../cli/harness.js";
import { renderOp } from "../../src/autogen/render.js";
import { collectUpgrade } from "../../src/runtime/collect-upgrade.js";
import { scanVersions } from "../../src/script/index.js";

const ROWS = 20_000;

const MODELS = `import { table, bigint, text, index, check, sql } from "retort-migrate";

export const users = table("users", {
  id: bigint().primaryKey(),
  name: text(),
});

export const posts = table("posts", {
  id: bigint().primaryKey(),
  author_id: bigint().references(() => users.id),
  title: text().notNull(),
  slug: text().unique(),
}, (t) => [index("ix_posts_title").on(t.title), check("title_length", sql\`char_length(title) < 200\`)]);

export const tags = table("tags", {
  id: bigint().primaryKey(),
  post_id: bigint().references(() => posts.id),
  name: text(),
}, (t) => [index("ix_tags_name").on(t.name)]);
`;

describeOnPostgres("autogen_safe", (client, suite) => {
  let db: TempDatabase;
  let conn: Connection;
  const project = tempProject("autogen-safe");
  let env: Record<string, string>;
  const run = (...args: string[]) => retort(project.dir, args, { env });
  const schemaNow = () => introspect(conn, { versionTable: { name: "alembic_version" }, logTable: "retort_log" });

  before(async () => {
    ensureBuilt();
    db = suite.database();
    env = { DATABASE_URL: db.url };
    await client().query(`
      CREATE TABLE users (id bigint CONSTRAINT pk_users PRIMARY KEY, name text);
      CREATE TABLE posts (id bigint CONSTRAINT pk_posts PRIMARY KEY, author_id bigint, title text, slug text);
      INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 100) g;
      INSERT INTO posts SELECT g, 1 + g % 100, 'post ' || g, 'slug-' || g FROM generate_series(1, ${ROWS}) g;
      ANALYZE users; ANALYZE posts;`);
    conn = await connect(parseDatabaseUrl(db.url, project.dir));
    writeProject(project.dir, 'export default { migrations: "migrations", models: "./models/index.ts", autogenerate: { safe: true } };\n');
    mkdirSync(join(project.dir, "models"));
    writeFileSync(join(project.dir, "models", "index.ts"), MODELS);
  });
  after(async () => {
    await conn?.close();
    project.remove();
  });

  let original: Awaited<ReturnType<typeof schemaNow>>;

  test("the config's autogenerate.safe writes the safe forms; the downgrade is the plain inverse", async () => {
    original = await schemaNow();
    const result = await run("revision", "--autogenerate", "-m", "constrain posts");
    assert.equal(result.status, 0, result.stderr);
    const [script] = await scanVersions([join(project.dir, "migrations", "versions")]);
    assert.ok(script !== undefined);
    const upgrade = (await collectUpgrade(script, {})).ops.map(renderOp);
    assert.deepEqual(upgrade.filter((line) => !line.startsWith("op.createTable")), [
      'op.alterColumn("posts", "title", { nullable: false, viaCheck: true, existingNullable: true })',
      'op.createUniqueConstraint("uq_posts_slug", "posts", ["slug"], { concurrently: true })',
      'op.createCheckConstraint("ck_posts_title_length", "posts", sql`char_length(title) < 200`, { validate: "separately" })',
      'op.createIndex("ix_posts_title", "posts", ["title"], { concurrently: true })',
      // The new table needs none of it.
      'op.createIndex("ix_tags_name", "tags", ["name"])',
      'op.createForeignKey("fk_posts_author_id_users", "posts", "users", ["author_id"], ["id"], { validate: "separately" })',
    ]);
    const text = readFileSync(script.path, "utf8");
    assert.match(text, /await op\.dropIndex\("ix_posts_title", \{\s*table: "posts",\s*concurrently: true,?\s*\}\);/);
  });

  test("the generated file passes retort lint (warnings only: no lock_timeout configured)", async () => {
    const result = await run("lint", "--format", "json");
    assert.equal(result.status, 0, result.stdout);
    const body = JSON.parse(result.stdout) as { totals: { errors: number }; migrations: { findings: { rule: string; level: string }[] }[] };
    assert.equal(body.totals.errors, 0);
    assert.deepEqual([...new Set(body.migrations.flatMap((m) => m.findings.map((f) => f.rule)))], ["missing-lock-timeout"]);
  });

  test("upgrade applies it while clients write, failing none of their writes", async () => {
    let stop = false;
    let writes = 0;
    const failures: string[] = [];
    const writer = async (n: number): Promise<void> => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        for (let i = 0; !stop; i++) {
          const id = 1_000_000 * (n + 1) + i;
          try {
            await c.query("INSERT INTO posts (id, author_id, title, slug) VALUES ($1, $2, $3, $4)", [id, 1 + (i % 100), `new ${id}`, `slug-${id}`]);
            await c.query("UPDATE posts SET title = title || '!' WHERE id = $1", [1 + ((i * 7919 + n) % ROWS)]);
            writes += 2;
          } catch (error) {
            failures.push((error as Error).message);
          }
        }
      } finally {
        await c.end();
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const atStart = writes;
    const result = await run("upgrade", "head");
    const during = writes - atStart;
    stop = true;
    await Promise.all(writers);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(failures, []);
    assert.ok(during > 0, "the clients kept writing while the migration ran");
    const valid = await client().query<{ conname: string; convalidated: boolean }>(
      "SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'posts'::regclass AND contype IN ('f', 'c', 'u') ORDER BY conname",
    );
    assert.deepEqual(
      valid.rows.map((r) => `${r.conname}:${r.convalidated}`),
      ["ck_posts_title_length:true", "fk_posts_author_id_users:true", "uq_posts_slug:true"],
    );
  });

  test("the database then matches the models, and the downgrade restores the schema", async () => {
    const check = await run("check");
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const down = await run("downgrade", "-1");
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(await schemaNow(), original);
  });
});
