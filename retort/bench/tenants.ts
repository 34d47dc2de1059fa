// Many tenants (issue 15): `retort upgrade head --tenants` taking every tenant from base to
// head of a 10-revision history, with --concurrency 1, 4 and 8, beside a shell loop of
// single `retort upgrade head` calls (one process per tenant, as a hand-written loop does),
// in two layouts:
//   - 500 schemas in one PostgreSQL database (schema-per-tenant);
//   - 50 databases spread over two clusters: the test server and a second cluster this
//     benchmark creates with pg_createcluster on port 5433 and removes afterwards.
// Every run starts from fresh databases; creating them is not timed. Figures only.
// RETORT_BENCH_TENANT_SCALE (default 1) scales both sizes; the sizes used are printed.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createTempDatabase, postgresSkip, type TempDatabase } from "../test/support/postgres.js";
import { generateProject } from "./fixtures.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const SCALE = Number(process.env.RETORT_BENCH_TENANT_SCALE ?? 1);
const SCHEMAS = Math.max(2, Math.round(500 * SCALE));
const DATABASES = Math.max(2, Math.round(50 * SCALE));
const REVISIONS = 10;
const CONCURRENCIES = [1, 4, 8];
const CLUSTER = { version: "15", name: "retort_bench", port: 5433 };

// The project's config: tenants from BENCH_TENANTS (JSON) for --tenants; a single run (the
// shell loop) picks its schema from -x schema=... and its URL from DATABASE_URL. It imports
// nothing, so each single run starts as fast as retort can.
const CONFIG = `export default ({ args }: { args: Record<string, string> }) => ({
  migrations: "migrations",
  ...(args.schema === undefined ? {} : { versionTableSchema: args.schema }),
  tenants: () => JSON.parse(process.env.BENCH_TENANTS ?? "[]"),
});
`;

interface TenantEntry {
  readonly name: string;
  readonly url?: string;
  readonly schema?: string;
}

const seconds = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): number => {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.slice(0, 4).join(" ")} ... failed (${result.status}): ${result.stderr.slice(0, 2000)}`);
  return elapsed;
};

const sql = async (url: string, text: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
};

const withSearchPath = (url: string, schema: string): string => {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
};

/** `sh` running one `retort upgrade head` per tenant, stopping at the first failure. */
const shellLoop = (project: string, runs: readonly { url: string; schema?: string }[]): number => {
  const lines = runs.map(
    (run) =>
      `DATABASE_URL='${run.url}' '${process.execPath}' '${CLI}' upgrade head${run.schema === undefined ? "" : ` -x schema=${run.schema}`} >/dev/null 2>&1 || exit 1`,
  );
  const script = join(project, "loop.sh");
  writeFileSync(script, `${lines.join("\n")}\n`);
  return seconds("sh", [script], project, process.env);
};

const report = (label: string, loop: number, pooled: readonly number[]): void => {
  console.log(`  ${label}`);
  console.log(`    shell loop of single upgrades   ${loop.toFixed(2)} s  (1.00x)`);
  CONCURRENCIES.forEach((n, i) => {
    const t = pooled[i] as number;
    console.log(`    --tenants --concurrency ${n}     ${t.toFixed(2)} s  (${(t / loop).toFixed(2)}x of the loop, ${(loop / t).toFixed(1)}x faster)`);
  });
};

const schemasCase = async (project: string): Promise<void> => {
  const names = Array.from({ length: SCHEMAS }, (_, i) => `tenant_${i}`);
  const env = { ...process.env, BENCH_TENANTS: JSON.stringify(names.map((name) => ({ name, schema: name }))) };
  const fresh = async (): Promise<TempDatabase> => {
    const db = await createTempDatabase("bench_tenants");
    // The loop's single runs need the schemas to exist; --tenants would create them.
    await sql(db.url, names.map((name) => `CREATE SCHEMA ${name};`).join("\n"));
    return db;
  };
  const pooled: number[] = [];
  for (const n of CONCURRENCIES) {
    const db = await fresh();
    try {
      pooled.push(seconds(process.execPath, [CLI, "upgrade", "head", "--tenants", "--concurrency", String(n)], project, { ...env, DATABASE_URL: db.url }));
    } finally {
      await db.drop();
    }
  }
  const db = await fresh();
  let loop: number;
  try {
    loop = shellLoop(project, names.map((schema) => ({ url: withSearchPath(db.url, schema), schema })));
  } finally {
    await db.drop();
  }
  report(`${SCHEMAS} schemas in one database, base -> head of ${REVISIONS} revisions`, loop, pooled);
};

const cluster = (action: string[]): void => {
  const result = spawnSync(action[0] as string, action.slice(1), { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${action.join(" ")} failed: ${result.stderr}`);
};

const databasesCase = async (project: string, serverUrl: string): Promise<void> => {
  cluster(["pg_createcluster", CLUSTER.version, CLUSTER.name, "-p", String(CLUSTER.port), "--start", "--", "--auth=trust"]);
  const second = `postgresql://postgres@127.0.0.1:${CLUSTER.port}/postgres`;
  try {
    const urlOn = (base: string, name: string): string => {
      const parsed = new URL(base);
      parsed.pathname = `/${name}`;
      return parsed.toString();
    };
    const tenants: TenantEntry[] = Array.from({ length: DATABASES }, (_, i) => {
      const name = `bench_tenant_db_${i}`;
      return { name, url: urlOn(i % 2 === 0 ? serverUrl : second, name) };
    });
    const env = { ...process.env, BENCH_TENANTS: JSON.stringify(tenants) };
    const recreate = async (): Promise<void> => {
      for (const tenant of tenants) {
        const admin = urlOn(tenant.url as string, "postgres");
        await sql(admin, `DROP DATABASE IF EXISTS ${tenant.name} WITH (FORCE)`);
        await sql(admin, `CREATE DATABASE ${tenant.name}`);
      }
    };
    const pooled: number[] = [];
    for (const n of CONCURRENCIES) {
      await recreate();
      pooled.push(seconds(process.execPath, [CLI, "upgrade", "head", "--tenants", "--concurrency", String(n)], project, env));
    }
    await recreate();
    const loop = shellLoop(project, tenants.map((tenant) => ({ url: tenant.url as string })));
    report(`${DATABASES} databases over two clusters (ports 5432 and ${CLUSTER.port}), base -> head of ${REVISIONS} revisions`, loop, pooled);
    for (const tenant of tenants) {
      if (tenant.url?.includes(`:${CLUSTER.port}/`) === false) await sql(urlOn(tenant.url, "postgres"), `DROP DATABASE IF EXISTS ${tenant.name} WITH (FORCE)`);
    }
  } finally {
    cluster(["pg_dropcluster", CLUSTER.version, CLUSTER.name, "--stop"]);
  }
};

export const benchTenants = async (): Promise<void> => {
  if ((await postgresSkip()) !== false) {
    console.log("many tenants: skipped (no PostgreSQL server)");
    return;
  }
  const project = generateProject(REVISIONS);
  writeFileSync(join(project, "retort.config.ts"), CONFIG);
  try {
    console.log(`many tenants (scale ${SCALE}: ${SCHEMAS} schemas, ${DATABASES} databases; ${REVISIONS} revisions each)`);
    // One untimed run fills the compile cache, as a deployed project's would be.
    seconds(process.execPath, [CLI, "upgrade", "head", "--sql"], project, { ...process.env, DATABASE_URL: "postgresql://localhost/x" });
    await schemasCase(project);
    const { serverUrl } = await import("../test/support/postgres.js");
    await databasesCase(project, serverUrl);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchTenants();
