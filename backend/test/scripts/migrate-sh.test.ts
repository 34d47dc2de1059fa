// The seed's workflow through ./migrate.sh, run as a user runs it (real processes, the
// backend folder as cwd), on embedded PGlite and on PostgreSQL: upgrade, downgrade,
// upgrade; downgrade base then upgrade head; stamp head on a database made by the
// offline SQL; and, in a scratch copy of the backend, create and autogenerate.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../../app/database.js";
import { createTempDatabase, postgresSkip } from "../../../retort/test/support/postgres.js";
import { backendDir, migrate, ok, run, scriptEnv } from "../support/cli.js";
import { freshPglite } from "../support/pglite.js";

interface Catalog {
  tables: string[];
  enums: string[];
  triggers: string[];
  functions: string[];
  extensions: string[];
}

const list = (value: string | null): string[] => (value ? value.split(",") : []);

/** What the public schema holds now, read through the app's own database layer. */
const catalog = async (url: string): Promise<Catalog> => {
  const opened = await openDatabase(url);
  try {
    const { rows } = await sql<{ tables: string | null; enums: string | null; triggers: string | null; functions: string | null; extensions: string | null }>`
      select
        (select string_agg(tablename, ',' order by tablename) from pg_tables where schemaname = 'public') as tables,
        (select string_agg(t.typname, ',' order by t.typname) from pg_type t join pg_namespace n on n.oid = t.typnamespace
          where n.nspname = 'public' and t.typtype = 'e') as enums,
        (select string_agg(tgname, ',' order by tgname) from pg_trigger where not tgisinternal) as triggers,
        (select string_agg(p.proname, ',' order by p.proname) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public'
            and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')) as functions,
        (select string_agg(extname, ',' order by extname) from pg_extension where extname <> 'plpgsql') as extensions`.execute(opened.db);
    const row = rows[0];
    return {
      tables: list(row?.tables ?? null),
      enums: list(row?.enums ?? null),
      triggers: list(row?.triggers ?? null),
      functions: list(row?.functions ?? null),
      extensions: list(row?.extensions ?? null),
    };
  } finally {
    await opened.close();
  }
};

const ALL_TABLES = [
  "alembic_version",
  "bots",
  "conversation_messages",
  "conversations",
  "rate_limit_counters",
  // retort's applied-migration log, written from the first step on and kept at base.
  "retort_log",
  "training_chunks",
  "training_data",
  "training_jobs",
  "users",
];
// rate_limit_counters came with 005, training_chunks with 006.
const AT_001_TABLES = ALL_TABLES.filter((name) => name !== "training_chunks" && name !== "rate_limit_counters");
const ALL_ENUMS = ["job_status", "message_role", "training_source_type", "training_status"];
const ALL_TRIGGERS = [
  "trg_bots_updated_at",
  "trg_conversation_messages_stats",
  "trg_conversations_updated_at",
  "trg_training_data_updated_at",
  "trg_training_jobs_updated_at",
  "trg_users_updated_at",
];
const ALL_FUNCTIONS = ["set_updated_at", "update_conversation_message_stats"];
// Extension-owned functions (pg_trgm's) are the extension's, listed as the extension.
const AT_HEAD: Catalog = { tables: ALL_TABLES, enums: ALL_ENUMS, triggers: ALL_TRIGGERS, functions: ALL_FUNCTIONS, extensions: ["pg_trgm"] };
const AT_001: Catalog = { tables: AT_001_TABLES, enums: ALL_ENUMS, triggers: [], functions: [], extensions: [] };
const AT_BASE: Catalog = { tables: ["alembic_version", "retort_log"], enums: [], triggers: [], functions: [], extensions: [] };

/** Revision ids of the versions folder in order, oldest first, from their file names. */
const revisionIds = (): string[] =>
  readdirSync(join(backendDir, "migrations", "versions"))
    .filter((name) => /^\d{3,}_.*\.ts$/.test(name))
    .sort((a, b) => Number(a.split("_")[0]) - Number(b.split("_")[0]))
    .map((name) => name.slice(0, -3));

const lines = (text: string): string[] => text.split("\n").filter((line) => line.trim() !== "");

type Target = { label: string; skip: string | false; provision: () => Promise<{ url: string; cleanup: () => Promise<void> }>; applySql: (url: string, script: string) => Promise<void> };

const targets: Target[] = [
  {
    label: "PGlite",
    skip: false,
    provision: freshPglite,
    // PGlite has no psql: its own exec runs a multi-statement script the same way, with
    // pg_trgm loaded as retort.config.ts loads it for the script's CREATE EXTENSION.
    applySql: async (url, script) => {
      const { PGlite } = await import("@electric-sql/pglite");
      const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
      const db = await PGlite.create(url.slice("pglite://".length), { extensions: { pg_trgm } });
      try {
        await db.exec(script);
      } finally {
        await db.close();
      }
    },
  },
  {
    label: "PostgreSQL",
    skip: await postgresSkip(),
    provision: async () => {
      const db = await createTempDatabase("backend_migrate");
      return { url: db.url, cleanup: () => db.drop() };
    },
    applySql: async (url, script) => {
      ok(await run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url], { env: scriptEnv(undefined), input: script }), "psql");
    },
  },
];

const revisions = revisionIds();
const head = revisions.at(-1) ?? "";
const parentOfHead = revisions.at(-2) ?? "";

for (const target of targets) {
  describe(`./migrate.sh on ${target.label}`, { skip: target.skip }, () => {
    const cleanups: (() => Promise<void>)[] = [];
    const fresh = async (): Promise<string> => {
      const made = await target.provision();
      cleanups.push(made.cleanup);
      return made.url;
    };
    after(async () => {
      for (const cleanup of cleanups) await cleanup();
    });

    test("upgrade, downgrade, upgrade again", async () => {
      const url = await fresh();
      assert.deepEqual(lines(ok(await migrate(url, "current"), "current").stdout), []);
      ok(await migrate(url, "upgrade"), "upgrade");
      assert.deepEqual(lines((await migrate(url, "current")).stdout), [`${head} (head)`]);
      assert.deepEqual(await catalog(url), AT_HEAD);

      ok(await migrate(url, "downgrade"), "downgrade");
      assert.deepEqual(lines((await migrate(url, "current")).stdout), [parentOfHead]);

      ok(await migrate(url, "downgrade", "001_initial"), "downgrade 001_initial");
      assert.deepEqual(await catalog(url), AT_001);

      ok(await migrate(url, "upgrade"), "upgrade");
      assert.deepEqual(lines((await migrate(url, "current")).stdout), [`${head} (head)`]);
      assert.deepEqual(await catalog(url), AT_HEAD);

      const history = lines(ok(await migrate(url, "history"), "history").stdout);
      assert.equal(history.length, revisions.length);
      assert.equal(history.at(-1), "<base> -> 001_initial, initial schema: users, bots, training data, conversations, messages, training jobs");
      assert.match(history.find((line) => line.includes("-> 002_triggers")) ?? "", /^001_initial -> 002_triggers( \(head\))?, triggers: updated_at, conversation message counters$/);
    });

    test("downgrade base removes everything, enums included; upgrade head rebuilds it", async () => {
      const url = await fresh();
      ok(await migrate(url, "upgrade", "head"), "upgrade head");
      ok(await migrate(url, "downgrade", "base"), "downgrade base");
      assert.deepEqual(lines((await migrate(url, "current")).stdout), []);
      assert.deepEqual(await catalog(url), AT_BASE);
      ok(await migrate(url, "upgrade", "head"), "upgrade head");
      assert.deepEqual(await catalog(url), AT_HEAD);
      assert.deepEqual(lines((await migrate(url, "current")).stdout), [`${head} (head)`]);
    });

    test("stamp head on a database created by the offline SQL", async () => {
      const script = ok(await migrate(undefined, "upgrade", "head", "--sql"), "upgrade head --sql").stdout;
      assert.match(script, /CREATE TABLE/i);
      const url = await fresh();
      await target.applySql(url, script);
      assert.deepEqual(await catalog(url), AT_HEAD);
      // The script records its own revision; a database built from the same tables without
      // the version table (the seed's old init.sql path) is then brought under management.
      assert.deepEqual(lines((await migrate(url, "current")).stdout), [`${head} (head)`]);
      await (async () => {
        const opened = await openDatabase(url);
        try {
          await sql`drop table alembic_version`.execute(opened.db);
        } finally {
          await opened.close();
        }
      })();
      assert.deepEqual(lines((await migrate(url, "current")).stdout), []);
      ok(await migrate(url, "stamp", "head"), "stamp head");
      assert.deepEqual(lines((await migrate(url, "current")).stdout), [`${head} (head)`]);
      ok(await migrate(url, "upgrade", "head"), "upgrade head after stamp");
      assert.deepEqual(await catalog(url), AT_HEAD);
    });

    test("a revision's number alone (3, 003) names the numbered revision for upgrade, downgrade and stamp", async () => {
      const url = await fresh();
      const third = revisions[2] ?? "";
      ok(await migrate(url, "upgrade", "003"), "upgrade 003");
      assert.deepEqual(lines((await migrate(url, "current")).stdout), [third]);
      ok(await migrate(url, "downgrade", "1"), "downgrade 1");
      assert.deepEqual(lines((await migrate(url, "current")).stdout), [revisions[0] ?? ""]);
      ok(await migrate(url, "stamp", "3"), "stamp 3");
      assert.deepEqual(lines((await migrate(url, "current")).stdout), [third]);
    });

    test("check: app/models describe exactly what the migrations build", async () => {
      const url = await fresh();
      ok(await migrate(url, "upgrade", "head"), "upgrade head");
      const checked = await migrate(url, "check");
      assert.equal(checked.code, 0, `check found differences:\n${checked.stdout}${checked.stderr}`);
      assert.equal(checked.stdout, "No differences: the database matches the models.\n");
    });
  });
}

describe("./migrate.sh commands", () => {
  test("an unknown or missing command prints the usage and exits 2", async () => {
    for (const args of [["frobnicate"], []]) {
      const result = await migrate(undefined, ...args);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, "");
      assert.match(result.stderr, /^error: (unknown command "frobnicate"|no command given)\nusage: \.\/migrate\.sh <command> \[arguments\]\n/);
      assert.match(result.stderr, /autogenerate NAME {5}generate migration NAME by comparing app\/models with the database/);
    }
    for (const args of [["create"], ["autogenerate", "bad name!"], ["stamp"]]) {
      const result = await migrate(undefined, ...args);
      assert.equal(result.code, 2, args.join(" "));
    }
    for (const word of ["help", "-h", "--help"]) {
      const help = await migrate(undefined, word);
      assert.equal(help.code, 0, word);
      assert.match(help.stderr, /^usage: \.\/migrate\.sh <command> \[arguments\]\n/, word);
    }
  });

  /** A scratch copy of the backend (models, migrations, scripts) with its own PGlite database. */
  const scratchBackend = async () => {
    const database = await freshPglite();
    const scratch = join(database.root, "backend");
    for (const item of ["migrate.sh", "retort.config.ts", "migrations", "app", "scripts", "package.json"]) {
      cpSync(join(backendDir, item), join(scratch, item), { recursive: true });
    }
    symlinkSync(join(backendDir, "..", "node_modules"), join(scratch, "node_modules"), "dir");
    return {
      dir: scratch,
      migrate: (...args: string[]) => run("sh", ["./migrate.sh", ...args], { cwd: scratch, env: scriptEnv(database.url) }),
      versionFile: (id: string) => join(scratch, "migrations", "versions", `${id}.ts`),
      remove: () => database.cleanup(),
    };
  };
  // After the highest number, not the count: numbers may have gaps (a revision taken back).
  const nextId = (offset: number, name: string) => `${String(Number.parseInt(head, 10) + offset).padStart(3, "0")}_${name}`;

  test("create numbers a new empty revision after the last one and names its file by its id", async () => {
    const scratch = await scratchBackend();
    try {
      ok(await scratch.migrate("upgrade"), "upgrade");
      const id = nextId(1, "seed_reference_data");
      const created = ok(await scratch.migrate("create", "seed_reference_data"), "create");
      assert.equal(lines(created.stdout).at(-1), `Generated migrations/versions/${id}.ts`);
      const source = readFileSync(scratch.versionFile(id), "utf8");
      assert.match(source, new RegExp(`export const revision = "${id}";`));
      assert.match(source, new RegExp(`export const downRevision(: [^=]+)? = "${head}";`));
      assert.match(source, /export const message = "seed_reference_data";/);
      ok(await scratch.migrate("upgrade"), "upgrade with the empty revision");
      assert.deepEqual(lines((await scratch.migrate("current")).stdout), [`${id} (head)`]);
      ok(await scratch.migrate("downgrade"), "downgrade");
      assert.deepEqual(lines((await scratch.migrate("current")).stdout), [head]);
    } finally {
      await scratch.remove();
    }
  });

  test("revision numbers keep counting past 999", async () => {
    const scratch = await scratchBackend();
    try {
      const jump = [
        'export const revision = "999_jump";',
        `export const downRevision = "${head}";`,
        'export const message = "jump";',
        "export async function upgrade(): Promise<void> {}",
        "export async function downgrade(): Promise<void> {}",
        "",
      ].join("\n");
      writeFileSync(scratch.versionFile("999_jump"), jump);
      const first = ok(await scratch.migrate("create", "past_nine_nine_nine"), "create after 999");
      assert.equal(lines(first.stdout).at(-1), "Generated migrations/versions/1000_past_nine_nine_nine.ts");
      assert.match(readFileSync(scratch.versionFile("1000_past_nine_nine_nine"), "utf8"), /export const downRevision(: [^=]+)? = "999_jump";/);
      const second = ok(await scratch.migrate("create", "and_on"), "create after 1000");
      assert.equal(lines(second.stdout).at(-1), "Generated migrations/versions/1001_and_on.ts");
      ok(await scratch.migrate("upgrade"), "upgrade through 1001");
      assert.deepEqual(lines((await scratch.migrate("current")).stdout), ["1001_and_on (head)"]);
    } finally {
      await scratch.remove();
    }
  });

  test("DATABASE_URL wins over the url in retort.config.ts; without it the config's url is used", async () => {
    const scratch = await scratchBackend();
    try {
      const config = join(scratch.dir, "retort.config.ts");
      writeFileSync(config, readFileSync(config, "utf8").replace('migrations: "migrations",', 'url: "pglite://./config-db",\n  migrations: "migrations",'));
      ok(await scratch.migrate("upgrade"), "upgrade with DATABASE_URL set");
      assert.deepEqual(lines((await scratch.migrate("current")).stdout), [`${head} (head)`]);
      const withConfigUrl = (...args: string[]) => run("sh", ["./migrate.sh", ...args], { cwd: scratch.dir, env: scriptEnv(undefined) });
      assert.deepEqual(lines(ok(await withConfigUrl("current"), "current with the config's url").stdout), []);
      ok(await withConfigUrl("upgrade", "001_initial"), "upgrade 001_initial with the config's url");
      assert.deepEqual(lines((await withConfigUrl("current")).stdout), ["001_initial"]);
      assert.deepEqual(lines((await scratch.migrate("current")).stdout), [`${head} (head)`]);
    } finally {
      await scratch.remove();
    }
  });

  // The seed's workflow for a schema change. Its own example (avatar_url, 003) is the
  // repository's history; the scratch copy adds another column the same way.
  test("autogenerate: change a model, generate, review, upgrade / downgrade / upgrade, in a scratch copy", async () => {
    const scratch = await scratchBackend();
    try {
      ok(await scratch.migrate("upgrade"), "upgrade");
      // Change the model, autogenerate, review, then upgrade / downgrade / upgrade.
      const model = join(scratch.dir, "app", "models", "users.ts");
      const original = readFileSync(model, "utf8");
      assert.ok(original.includes("  full_name: varchar(255),\n"));
      writeFileSync(model, original.replace("  full_name: varchar(255),\n", "  full_name: varchar(255),\n  timezone: varchar(64),\n"));
      const id = nextId(1, "add_user_timezone_field");
      const generated = ok(await scratch.migrate("autogenerate", "add_user_timezone_field"), "autogenerate");
      assert.deepEqual(lines(generated.stdout), [`Generated migrations/versions/${id}.ts`, '  op.addColumn("users", "timezone", varchar(64))']);
      const source = readFileSync(scratch.versionFile(id), "utf8");
      assert.match(source, new RegExp(`export const revision = "${id}";`));
      assert.match(source, new RegExp(`export const downRevision(: [^=]+)? = "${head}";`));
      // The linter's findings are written above the op they concern, for the reviewer.
      assert.ok(
        source.includes(
          [
            "export async function upgrade(op: Operations): Promise<void> {",
            "  // lint: locks users with no lock_timeout: waiting for the lock stalls every query on the table (missing-lock-timeout)",
            "  // lint: users.timezone is varchar(64): prefer text with a CHECK on its length (prefer-text)",
            '  await op.addColumn("users", "timezone", varchar(64));',
            "}",
          ].join("\n"),
        ),
        source,
      );
      assert.match(source, /export async function downgrade\(op: Operations\): Promise<void> \{\n {2}await op\.dropColumn\("users", "timezone"\);\n\}/);
      ok(await scratch.migrate("upgrade"), "upgrade with the generated revision");
      ok(await scratch.migrate("check"), "check after upgrade");
      ok(await scratch.migrate("downgrade"), "downgrade the generated revision");
      assert.deepEqual(lines((await scratch.migrate("current")).stdout), [head]);
      const behind = await scratch.migrate("check");
      assert.equal(behind.code, 1);
      assert.match(behind.stderr, /^error: Target database is not up to date\.\n/);
      ok(await scratch.migrate("upgrade"), "upgrade again");
      assert.deepEqual(lines((await scratch.migrate("current")).stdout), [`${id} (head)`]);
    } finally {
      await scratch.remove();
    }
  });
});
