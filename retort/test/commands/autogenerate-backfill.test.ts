// The safe shape of a NOT NULL column added to a table with rows, as autogenerate writes
// it: add the column nullable, a backfill hook where the user fills the rows, then SET
// NOT NULL. Connected, autogenerate can tell that the table has rows (PGlite here).
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { connect, parseDatabaseUrl } from "../../src/drivers/index.js";
import { ensureBuilt, retort, tempProject, writeProject } from "../cli/harness.js";
import { freshPgliteDir } from "../support/pglite.js";

const MODELS = (extra: string) =>
  `import { table, integer, text } from "retort-migrate";\nexport const users = table("users", { id: integer().primaryKey(), name: text()${extra} });\n`;

describe("autogenerate: a NOT NULL column without a default on a table with rows", () => {
  const project = tempProject("autogen-backfill");
  let env: Record<string, string>;
  const run = (...args: string[]) => retort(project.dir, args, { env });
  const revision = (id: string): string => {
    const file = readdirSync(join(project.dir, "migrations", "versions")).find((f) => f.startsWith(id));
    assert.ok(file !== undefined);
    return readFileSync(join(project.dir, "migrations", "versions", file), "utf8");
  };

  before(async () => {
    ensureBuilt();
    const dir = await freshPgliteDir();
    env = { DATABASE_URL: `pglite://${dir}` };
    writeProject(project.dir, 'export default { migrations: "migrations", models: "./models/index.ts" };\n');
    mkdirSync(join(project.dir, "models"));
    writeFileSync(join(project.dir, "models", "index.ts"), MODELS(""));
    assert.equal((await run("revision", "--autogenerate", "-m", "users", "--rev-id", "b001")).status, 0);
    assert.equal((await run("upgrade", "head")).status, 0);
    const conn = await connect(parseDatabaseUrl(env.DATABASE_URL as string, project.dir));
    await conn.exec("insert into users (id, name) values (1, 'ada')");
    await conn.close();
  });
  after(() => project.remove());

  test("writes add nullable, the backfill hook above SET NOT NULL, and set not null", async () => {
    writeFileSync(join(project.dir, "models", "index.ts"), MODELS(", email: text().notNull()"));
    const result = await run("revision", "--autogenerate", "-m", "email", "--rev-id", "b002");
    assert.equal(result.status, 0, result.stderr);
    // The whole file, its creation date aside: the hook sits between the two ops it separates.
    const text = revision("b002").replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<date>");
    assert.equal(
      text,
      [
        "/**",
        " * email",
        " *",
        " * Revision ID: b002",
        " * Revises: b001",
        " * Create Date: <date>",
        " */",
        "import type { Operations } from \"retort-migrate\";",
        "import { sql, text } from \"retort-migrate\";",
        "",
        "export const revision = \"b002\";",
        "export const downRevision: string | string[] | null = \"b001\";",
        "export const branchLabels: string | string[] | null = null;",
        "export const dependsOn: string | string[] | null = null;",
        "export const message = \"email\";",
        "export const createDate = \"<date>\";",
        "",
        "export async function upgrade(op: Operations): Promise<void> {",
        "  // lint: locks users with no lock_timeout: waiting for the lock stalls every query on the table (missing-lock-timeout)",
        "  await op.addColumn(\"users\", \"email\", text());",
        "  // lint: backfill users.email here, before NOT NULL is set: e.g. await op.execute(sql`UPDATE ... SET email = ...`) (backfill)",
        "  // lint: sets NOT NULL on users.email without a validated CHECK (email IS NOT NULL): the table is scanned under an exclusive lock (set-not-null)",
        "  await op.alterColumn(\"users\", \"email\", {",
        "    nullable: false,",
        "    existingNullable: true,",
        "  });",
        "}",
        "",
        "export async function downgrade(op: Operations): Promise<void> {",
        "  await op.alterColumn(\"users\", \"email\", {",
        "    nullable: true,",
        "    existingNullable: false,",
        "  });",
        "  await op.dropColumn(\"users\", \"email\");",
        "}",
        "",
      ].join("\n"),
    );
  });
});
