// `retort upgrade head --tenants` and `retort current --tenants` through the built binary on
// a real server: three schema-per-tenant tenants in one database and one tenant with a
// database of its own. One tenant's second migration fails (its schema already holds the
// table the migration creates): the others reach head, the failing one stays at the last
// migration it committed, the exit status is 1, and a rerun after the fix finishes only it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { join } from "node:path";
import { createTempDatabase, describeOnPostgres, type TempDatabase } from "../support/postgres.js";
import { ensureBuilt, retort, spawnRetort, tempProject, writeMigration, writeProject } from "./harness.js";

const CONFIG = `export default {
  migrations: "migrations",
  tenants: async () => [
    { name: "acme", schema: "tenant_acme" },
    { name: "beta", schema: "tenant_beta" },
    { name: "gamma", schema: "tenant_gamma" },
    { name: "solo", url: process.env.SOLO_URL },
  ],
};
`;

/** Elapsed seconds in tables and summaries as <s>, for exact comparisons. */
const secondsMasked = (text: string): string => text.replace(/\b\d+\.\d\d\b/g, "<s>").replace(/ in \d+(?:\.\d+)? (?:ms|s)\b/g, " in <t>");

describeOnPostgres("tenants", (client, suite) => {
  let db: TempDatabase;
  let solo: TempDatabase;
  const project = tempProject("tenants");
  const env = (): Record<string, string> => ({ DATABASE_URL: db.url, SOLO_URL: solo.url });
  const rows = async (sql: string): Promise<unknown[]> => (await client().query(sql)).rows;

  before(async () => {
    ensureBuilt();
    db = suite.database();
    solo = await createTempDatabase("tenants_solo");
    writeProject(project.dir, CONFIG);
    writeMigration(project.dir, {
      revision: "t001",
      downRevision: null,
      message: "accounts",
      upgrade: "  await op.execute(`CREATE TABLE accounts (owner text NOT NULL)`);\n  await op.execute(`INSERT INTO accounts VALUES ('${op.context.tenant}')`);",
    });
    writeMigration(project.dir, { revision: "t002", downRevision: "t001", message: "invoices", upgrade: '  await op.execute("CREATE TABLE invoices (id int)");' });
    writeMigration(project.dir, { revision: "t003", downRevision: "t002", message: "notes", upgrade: '  await op.execute("CREATE TABLE notes (id int)");' });
    // beta already has an invoices table: its t002 fails.
    await client().query("CREATE SCHEMA tenant_beta; CREATE TABLE tenant_beta.invoices (id int)");
  });
  after(async () => {
    await solo.drop();
    project.remove();
  });

  test("a failing tenant stops alone: the others reach head, it stays at its last committed migration, exit 1", async () => {
    const run = await retort(project.dir, ["upgrade", "head", "--tenants"], { env: env() });
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(secondsMasked(run.stdout).split("\n"), [
      "TENANT  FROM  TO    STEPS  SECONDS  ERROR",
      "acme    base  t003  3      <s>",
      `beta    base  t001  1      <s>     upgrade t002 (migrations/versions/t002_invoices.ts) failed in statement: CREATE TABLE invoices (id int): relation "invoices" already exists`,
      "gamma   base  t003  3      <s>",
      "solo    base  t003  3      <s>",
      "4 tenants: 3 migrated, 0 already there, 1 failed (<s> s, 4 at a time)",
      "",
    ]);
    assert.deepEqual(secondsMasked(run.stderr).split("\n").filter((line) => line !== "").sort(), [
      `ERROR tenant beta failed after 1 migration: upgrade t002 (migrations/versions/t002_invoices.ts) failed in statement: CREATE TABLE invoices (id int): relation "invoices" already exists`,
      "INFO  tenant acme: 3 migrations in <t>",
      "INFO  tenant gamma: 3 migrations in <t>",
      "INFO  tenant solo: 3 migrations in <t>",
    ]);
    // Each schema holds its own version table, and the migration saw its tenant's name.
    assert.deepEqual(await rows("SELECT version_num FROM tenant_acme.alembic_version"), [{ version_num: "t003" }]);
    assert.deepEqual(await rows("SELECT version_num FROM tenant_beta.alembic_version"), [{ version_num: "t001" }]);
    assert.deepEqual(await rows("SELECT owner FROM tenant_gamma.accounts"), [{ owner: "gamma" }]);
    assert.deepEqual(await rows("SELECT owner FROM tenant_beta.accounts"), [{ owner: "beta" }]);
    assert.deepEqual(await rows("SELECT to_regclass('public.alembic_version') AS t, to_regclass('public.accounts') AS a"), [{ t: null, a: null }]);
  });

  test("current --tenants shows each tenant's revision and the tenants grouped by revision", async () => {
    const shown = await retort(project.dir, ["current", "--tenants"], { env: env() });
    assert.equal(shown.status, 0, shown.stderr);
    assert.deepEqual(shown.stdout.split("\n"), [
      "TENANT  REVISION  STATE",
      "acme    t003      head",
      "beta    t001      behind",
      "gamma   t003      head",
      "solo    t003      head",
      "",
      "t003 (head): 3 tenants (acme, gamma, solo)",
      "t001: 1 tenant (beta)",
      "",
    ]);
    const checked = await retort(project.dir, ["current", "--tenants", "--check-heads", "--only", "beta,acme"], { env: env() });
    assert.equal(checked.status, 1);
    assert.match(checked.stdout, /^beta {4}t001 {6}behind$/m);
  });

  test("the rerun after the fix migrates only the tenant that was behind", async () => {
    await client().query("DROP TABLE tenant_beta.invoices");
    const run = await retort(project.dir, ["upgrade", "head", "--tenants", "--concurrency", "2", "--json"], { env: env() });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { ok: boolean; result: { failed: number; concurrency: number; tenants: { tenant: string; from: string[]; to: string[]; steps: number; error: unknown }[] } };
    assert.equal(result.ok, true);
    assert.equal(result.result.failed, 0);
    assert.equal(result.result.concurrency, 2);
    assert.deepEqual(
      result.result.tenants.map(({ tenant, from, to, steps, error }) => ({ tenant, from, to, steps, error })),
      [
        { tenant: "acme", from: ["t003"], to: ["t003"], steps: 0, error: null },
        { tenant: "beta", from: ["t001"], to: ["t003"], steps: 2, error: null },
        { tenant: "gamma", from: ["t003"], to: ["t003"], steps: 0, error: null },
        { tenant: "solo", from: ["t003"], to: ["t003"], steps: 0, error: null },
      ],
    );
    assert.deepEqual(await rows("SELECT version_num FROM tenant_beta.alembic_version"), [{ version_num: "t003" }]);
  });

  test("bad tenant flags fail with exit 2 before any tenant is touched", async () => {
    const unknown = await retort(project.dir, ["upgrade", "head", "--tenants", "--only", "acme,betta"], { env: env() });
    assert.equal(unknown.status, 2);
    assert.equal(
      unknown.stderr,
      "error: --only names a tenant the config does not list: betta (did you mean beta?)\nhint: the config's tenants are acme, beta, gamma, solo\n",
    );
    const zero = await retort(project.dir, ["upgrade", "head", "--tenants", "--concurrency", "0"], { env: env() });
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /^error: --concurrency '0' is not a whole number from 1 to 64\n/);
    const alone = await retort(project.dir, ["upgrade", "head", "--only", "acme"], { env: env() });
    assert.equal(alone.status, 2);
    assert.match(alone.stderr, /^error: --only needs --tenants\n/);
  });

  test("a tenant entry without a url or a schema is refused with exit 2", async () => {
    const other = tempProject("tenants-bad");
    try {
      writeProject(other.dir, 'export default { tenants: [{ name: "acme", schema: "a" }, { name: "beta" }] };\n');
      const run = await retort(other.dir, ["current", "--tenants"], { env: env() });
      assert.equal(run.status, 2);
      assert.equal(
        run.stderr.split("\n")[0],
        `error: ${join(other.dir, "retort.config.ts")}: "tenants" tenant "beta" needs a url (its database) or a schema (its schema), or both`,
      );
    } finally {
      other.remove();
    }
  });

  test("an unreachable tenant is one failed row with its password masked; the others still run", async () => {
    const other = tempProject("tenants-down");
    try {
      writeProject(other.dir, 'export default { migrations: "migrations", tenants: [{ name: "down", url: "postgresql://u:s3cret@127.0.0.1:1/x" }, { name: "up", schema: "tenant_up" }] };\n');
      writeMigration(other.dir, { revision: "u001", downRevision: null, message: "one", upgrade: '  await op.execute("CREATE TABLE one (id int)");' });
      const run = await retort(other.dir, ["upgrade", "head", "--tenants", "--json"], { env: env() });
      assert.equal(run.status, 1, run.stderr);
      assert.doesNotMatch(run.stdout + run.stderr, /s3cret/);
      const result = JSON.parse(run.stdout) as { result: { tenants: { tenant: string; database: string; to: string[]; error: { code: string } | null }[] } };
      assert.deepEqual(
        result.result.tenants.map(({ tenant, database, to, error }) => ({ tenant, database, to, code: error?.code ?? null })),
        [
          { tenant: "down", database: "postgresql://u:***@127.0.0.1:1/x", to: [], code: "CONNECTION_FAILED" },
          { tenant: "up", database: db.url, to: ["u001"], code: null },
        ],
      );
    } finally {
      other.remove();
    }
  });

  test("Ctrl-C while one tenant migrates: it rolls back, no other tenant moves, exit 130, and a rerun finishes them all", async () => {
    const other = tempProject("tenants-interrupt");
    try {
      writeProject(other.dir, 'export default { migrations: "migrations", tenants: [{ name: "first", schema: "stop_first" }, { name: "second", schema: "stop_second" }] };\n');
      writeMigration(other.dir, { revision: "s001", downRevision: null, message: "slow", upgrade: '  await op.execute("CREATE TABLE slow (id int)");\n  await op.execute("SELECT pg_sleep(30)");' });
      const child = spawnRetort(other.dir, ["upgrade", "head", "--tenants", "--concurrency", "1", "--json"], { env: env() });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
      for (;;) {
        const found = await client().query("SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%SELECT pg_sleep(30)%' AND pid <> pg_backend_pid()");
        if (found.rowCount === 1) break;
      }
      child.kill("SIGINT");
      assert.equal(await exited, 130);
      const result = JSON.parse(stdout) as { result: { failed: number; tenants: { tenant: string; from: string[]; to: string[]; steps: number; error: { code: string; message: string } | null }[] } };
      assert.deepEqual(
        result.result.tenants.map(({ tenant, from, to, steps, error }) => ({ tenant, from, to, steps, error: error === null ? null : `${error.code}: ${error.message}` })),
        [
          { tenant: "first", from: [], to: [], steps: 0, error: "INTERRUPTED: upgrade s001 (migrations/versions/s001_slow.ts) was interrupted by SIGINT" },
          { tenant: "second", from: [], to: [], steps: 0, error: "INTERRUPTED: interrupted by SIGINT" },
        ],
      );
      // first keeps the version table it made before its migration; second was not written to.
      assert.deepEqual(await rows("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema LIKE 'stop_%' ORDER BY 1, 2"), [
        { table_schema: "stop_first", table_name: "alembic_version" },
      ]);
      writeMigration(other.dir, { revision: "s001", downRevision: null, message: "slow", upgrade: '  await op.execute("CREATE TABLE slow (id int)");' });
      const rerun = await retort(other.dir, ["upgrade", "head", "--tenants"], { env: env() });
      assert.equal(rerun.status, 0, rerun.stderr);
      assert.deepEqual(await rows("SELECT table_schema FROM information_schema.tables WHERE table_name = 'slow' ORDER BY 1"), [
        { table_schema: "stop_first" },
        { table_schema: "stop_second" },
      ]);
    } finally {
      other.remove();
    }
  });
}, { title: "many tenants on PostgreSQL" });
