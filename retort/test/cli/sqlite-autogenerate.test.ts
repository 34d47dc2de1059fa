// Autogenerate on SQLite, one case per kind of change: edit the models, `revision
// --autogenerate` writes the op, `upgrade head` applies it (in place or by a rebuild), and
// `check` finds nothing left. Then every downgrade, back to base.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sqliteRows } from "../support/sqlite.js";
import { ensureBuilt, retort, tempProject, writeProject } from "./harness.js";

const header = 'import { table, integer, text, varchar, boolean, index, check, unique, sql } from "retort-migrate";\n';

const users = (columns: string, extras = "") =>
  `export const users = table("users", { id: integer().primaryKey(), ${columns} }${extras === "" ? "" : `, (t) => [${extras}]`});\n`;

const steps: { name: string; models: string; ops: string[] }[] = [
  { name: "a new table", models: users("email: text().notNull()"), ops: ['op.createTable("users", { id: integer().notNull(), email: text().notNull(), }, (t) => [ primaryKey("pk_users").on(t.id), ])'] },
  { name: "a nullable column", models: users("email: text().notNull(), nick: varchar(30)"), ops: ['op.addColumn("users", "nick", varchar(30))'] },
  {
    name: "a NOT NULL column with a default",
    models: users("email: text().notNull(), nick: varchar(30), active: boolean().notNull().default(true)"),
    ops: ['op.addColumn("users", "active", boolean().notNull().default(true))'],
  },
  {
    name: "a column's type",
    models: users("email: text().notNull(), nick: varchar(60), active: boolean().notNull().default(true)"),
    ops: ['op.alterColumn("users", "nick", { type: varchar(60), existingType: varchar(30) })'],
  },
  {
    name: "a column's nullability",
    models: users("email: text().notNull(), nick: varchar(60).notNull().default(''), active: boolean().notNull().default(true)"),
    ops: ['op.alterColumn("users", "nick", { nullable: false, default: "", existingNullable: true, existingDefault: null })'],
  },
  {
    name: "an index",
    models: users("email: text().notNull(), nick: varchar(60).notNull().default(''), active: boolean().notNull().default(true)", 'index("users_nick").on(t.nick)'),
    ops: ['op.createIndex("users_nick", "users", ["nick"])'],
  },
  {
    name: "a unique constraint and a check",
    models: users(
      "email: text().notNull(), nick: varchar(60).notNull().default(''), active: boolean().notNull().default(true)",
      'index("users_nick").on(t.nick), unique("users_email_key").on(t.email), check("nick_short", sql`length(nick) < 60`)',
    ),
    ops: ['op.createUniqueConstraint("users_email_key", "users", ["email"])', 'op.createCheckConstraint("ck_users_nick_short", "users", sql`length(nick) < 60`)'],
  },
  {
    name: "a dropped column",
    models: users(
      "email: text().notNull(), nick: varchar(60).notNull().default('')",
      'index("users_nick").on(t.nick), unique("users_email_key").on(t.email), check("nick_short", sql`length(nick) < 60`)',
    ),
    ops: ['op.dropColumn("users", "active")'],
  },
  {
    name: "a second table with a foreign key",
    models:
      users(
        "email: text().notNull(), nick: varchar(60).notNull().default('')",
        'index("users_nick").on(t.nick), unique("users_email_key").on(t.email), check("nick_short", sql`length(nick) < 60`)',
      ) + 'export const notes = table("notes", { id: integer().primaryKey(), user_id: integer().notNull().references(() => users.id, { onDelete: "cascade" }) });\n',
    ops: [
      'op.createTable("notes", { id: integer().notNull(), user_id: integer().notNull(), }, (t) => [ primaryKey("pk_notes").on(t.id), foreignKey("fk_notes_user_id_users").on(t.user_id).references({ table: "users", columns: ["id"] }, { onDelete: "cascade" }), ])',
    ],
  },
  {
    name: "a dropped index",
    models:
      users("email: text().notNull(), nick: varchar(60).notNull().default('')", 'unique("users_email_key").on(t.email), check("nick_short", sql`length(nick) < 60`)') +
      'export const notes = table("notes", { id: integer().primaryKey(), user_id: integer().notNull().references(() => users.id, { onDelete: "cascade" }) });\n',
    ops: ['op.dropIndex("users_nick", { table: "users" })'],
  },
];

describe("autogenerate on SQLite, one case per kind of change", () => {
  const project = tempProject("sqlite-autogen");
  const file = join(project.dir, "app.db");
  const env = { DATABASE_URL: `sqlite://${file}` };
  before(() => {
    ensureBuilt();
    writeProject(project.dir, 'export default { migrations: "migrations", models: "./models/index.ts", lint: { rules: {} } };\n');
    mkdirSync(join(project.dir, "models"), { recursive: true });
  });
  after(() => project.remove());

  steps.forEach((step, i) => {
    test(step.name, async () => {
      writeFileSync(join(project.dir, "models", "index.ts"), header + step.models);
      const generated = await retort(project.dir, ["revision", "--autogenerate", "-m", step.name, "--rev-id", `g${String(i).padStart(3, "0")}`], { env });
      assert.equal(generated.status, 0, generated.stderr);
      const ops = generated.stdout.split("\n").filter((line) => line.startsWith("  op.")).map((line) => line.trim().replace(/\s+/g, " "));
      assert.deepEqual(ops, step.ops.map((op) => op.replace(/\s+/g, " ")));
      const up = await retort(project.dir, ["upgrade", "head"], { env });
      assert.equal(up.status, 0, up.stderr);
      const check = await retort(project.dir, ["check"], { env });
      assert.equal(check.stdout, "No differences: the database matches the models.\n", check.stdout + check.stderr);
      assert.equal(check.status, 0);
    });
  });

  test("every generated downgrade runs, back to base", async () => {
    const down = await retort(project.dir, ["downgrade", "base"], { env });
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(sqliteRows(file, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"), [{ name: "alembic_version" }, { name: "retort_log" }]);
  });
});
