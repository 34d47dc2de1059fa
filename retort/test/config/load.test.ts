import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/config/load.js";
import { isRetortError } from "../../src/errors.js";

const root = mkdtempSync(join(tmpdir(), "retort-config-"));
after(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

/** A new folder holding the given files. */
const project = (files: Record<string, string>): string => {
  const dir = join(root, `p${++count}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
};

const invalid = (message: string) => (error: unknown) => {
  assert.ok(isRetortError(error));
  assert.equal(error.code, "CONFIG_INVALID");
  assert.equal(error.message, message);
  return true;
};

describe("loadConfig", () => {
  test("without a config file: defaults relative to the working directory", async () => {
    const dir = project({});
    assert.deepEqual(await loadConfig({ cwd: dir }), {
      root: dir,
      file: null,
      args: {},
      config: {
        url: null,
        migrations: join(dir, "migrations"),
        versionLocations: [join(dir, "migrations", "versions")],
        template: null,
        versionTable: "alembic_version",
        versionTableSchema: null,
        logTable: "retort_log",
        editedMigrations: "warn",
        models: [],
        exclude: { tables: [], schemas: [] },
        schemas: null,
        namingConvention: {},
        revisionIdLength: 12,
        fileTemplate: "%(rev)s_%(slug)s",
        lint: { rules: {}, largeTableRows: null },
        autogenerate: { safe: false },
        lockTimeoutMs: null,
        lockRetries: 5,
        statementTimeoutMs: null,
        postWrite: [],
        pgliteExtensions: [],
        tenants: null,
      },
    });
  });

  test("a TypeScript config is loaded and its paths made absolute", async () => {
    const dir = project({
      "retort.config.ts": `
        const table: string = "schema_version";
        export default {
          url: "postgresql://u:pw@db:5432/app",
          migrations: "db",
          versionTable: table,
          versionTableSchema: "meta",
          logTable: "migration_log",
          editedMigrations: "error",
          models: "./app/models/index.ts",
          exclude: { tables: ["spatial_ref_sys", /^tmp_/], schemas: ["audit"] },
          schemas: ["public", "audit"],
          namingConvention: { pk: "pk_%(table_name)s" },
          revisionIdLength: 16,
          fileTemplate: "%(year)d_%(rev)s_%(slug)s",
          lint: { rules: { "drop-column": "error" }, largeTableRows: 50000 },
          autogenerate: { safe: true },
          pgliteExtensions: ["pg_trgm"],
        };
      `,
      "db/script.ts.tmpl": "template",
    });
    const resolved = await loadConfig({ cwd: dir });
    assert.equal(resolved.file, join(dir, "retort.config.ts"));
    assert.deepEqual(resolved.config, {
      url: "postgresql://u:pw@db:5432/app",
      migrations: join(dir, "db"),
      versionLocations: [join(dir, "db", "versions")],
      template: join(dir, "db", "script.ts.tmpl"),
      versionTable: "schema_version",
      versionTableSchema: "meta",
      logTable: "migration_log",
      editedMigrations: "error",
      models: [join(dir, "app", "models", "index.ts")],
      exclude: { tables: ["spatial_ref_sys", /^tmp_/], schemas: ["audit"] },
      schemas: ["public", "audit"],
      namingConvention: { pk: "pk_%(table_name)s" },
      revisionIdLength: 16,
      fileTemplate: "%(year)d_%(rev)s_%(slug)s",
      lint: { rules: { "drop-column": "error" }, largeTableRows: 50000 },
      autogenerate: { safe: true },
      lockTimeoutMs: null,
      lockRetries: 5,
      statementTimeoutMs: null,
      postWrite: [],
      pgliteExtensions: ["pg_trgm"],
      tenants: null,
    });
  });

  test("versionLocations replaces the default folder, as Alembic's version_locations", async () => {
    const dir = project({
      "retort.config.mjs": `export default { versionLocations: ["migrations/versions", "/srv/shared/versions"] };`,
    });
    const { config } = await loadConfig({ cwd: dir });
    assert.deepEqual(config.versionLocations, [join(dir, "migrations", "versions"), "/srv/shared/versions"]);
  });

  test("defineConfig is importable from retort-migrate in a user's config", async () => {
    // A package named retort-migrate in the project's node_modules whose entry is this
    // checkout's source, standing in for the installed package.
    const source = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
    const dir = project({
      "node_modules/retort-migrate/package.json": JSON.stringify({ name: "retort-migrate", type: "module", exports: "./index.ts" }),
      "node_modules/retort-migrate/index.ts": `export * from ${JSON.stringify(source)};`,
      "retort.config.ts": `import { defineConfig } from "retort-migrate";\nexport default defineConfig({ url: "pglite://./data" });\n`,
    });
    const { config } = await loadConfig({ cwd: dir });
    assert.equal(config.url, "pglite://./data");
  });

  test("--config loads that file, relative to the working directory", async () => {
    const dir = project({ "config/staging.ts": `export default { url: "postgresql://staging/app", migrations: "../migrations" };` });
    const resolved = await loadConfig({ cwd: dir, configPath: "config/staging.ts" });
    assert.equal(resolved.root, join(dir, "config"));
    assert.equal(resolved.file, join(dir, "config", "staging.ts"));
    assert.equal(resolved.config.url, "postgresql://staging/app");
    assert.equal(resolved.config.migrations, join(dir, "migrations"));
  });

  test("a missing --config file is CONFIG_NOT_FOUND", async () => {
    const dir = project({});
    await assert.rejects(loadConfig({ cwd: dir, configPath: "nope.ts" }), (error: unknown) => {
      assert.ok(isRetortError(error));
      assert.equal(error.code, "CONFIG_NOT_FOUND");
      assert.equal(error.message, `config file ${join(dir, "nope.ts")} does not exist`);
      assert.equal(error.hint, "check the --config path, or leave it out to use retort.config.ts in the current folder");
      return true;
    });
  });

  test("a config that throws is CONFIG_INVALID with the file and the error's first line", async () => {
    const dir = project({ "retort.config.ts": `throw new Error("DATABASE_HOST is not set\\nsecond line");\nexport default {};` });
    await assert.rejects(
      loadConfig({ cwd: dir }),
      invalid(`${join(dir, "retort.config.ts")} failed to load: DATABASE_HOST is not set`),
    );
  });

  test("a config with a syntax error names the line and the 1-based column", async () => {
    const dir = project({ "retort.config.ts": `export default {\n  url: "x" ;\n};\n` });
    const file = join(dir, "retort.config.ts");
    await assert.rejects(loadConfig({ cwd: dir }), invalid(`${file} failed to load: ${file}:2:12: Expected "}" but found ";"`));
  });

  test("unknown keys are listed with a suggestion", async () => {
    const dir = project({ "retort.config.ts": `export default { urll: "postgresql://h/db", versionTabel: "v", frobnicate: 1 };` });
    await assert.rejects(
      loadConfig({ cwd: dir }),
      invalid(`${join(dir, "retort.config.ts")}: unknown config keys "urll" (did you mean url?), "versionTabel" (did you mean versionTable?), "frobnicate"`),
    );
  });

  test("values of the wrong type are all reported", async () => {
    const dir = project({
      "retort.config.ts": `export default { url: 5, revisionIdLength: 2, fileTemplate: "%(slug)s", exclude: { table: [] }, lint: { rules: { "drop-column": "loud" } }, autogenerate: { safe: "yes" }, pgliteExtensions: ["pg-trgm"] };`,
    });
    await assert.rejects(
      loadConfig({ cwd: dir }),
      invalid(
        `${join(dir, "retort.config.ts")}: "url" must be a non-empty string; "exclude" has unknown keys table (expected tables, schemas); "revisionIdLength" must be an integer from 4 to 32; "fileTemplate" must be a string containing "%(rev)s"; "lint" .rules must map rule ids to "off", "warn" or "error"; "autogenerate" .safe must be true or false; "pgliteExtensions" must be an array of PGlite contrib extension names such as ["pg_trgm"]`,
      ),
    );
  });

  test("logTable is a name or false; editedMigrations is warn or error", async () => {
    const off = project({ "retort.config.ts": `export default { logTable: false };` });
    assert.equal((await loadConfig({ cwd: off })).config.logTable, null);
    const dir = project({ "retort.config.ts": `export default { logTable: true, editedMigrations: "fail" };` });
    await assert.rejects(
      loadConfig({ cwd: dir }),
      invalid(`${join(dir, "retort.config.ts")}: "logTable" must be a table name, or false to keep no log; "editedMigrations" must be "warn" or "error"`),
    );
  });

  test("a config without a default export is CONFIG_INVALID", async () => {
    const dir = project({ "retort.config.ts": `export const url = "postgresql://h/db";` });
    await assert.rejects(loadConfig({ cwd: dir }), invalid(`${join(dir, "retort.config.ts")}: the default export must be a config object, got nothing`));
    const other = project({ "retort.config.mjs": `export default () => null;` });
    await assert.rejects(loadConfig({ cwd: other }), invalid(`${join(other, "retort.config.mjs")}: the default export must be a config object, got null`));
  });

  test("a config exported as a function is called with the run's -x arguments", async () => {
    const dir = project({ "retort.config.mjs": `export default async ({ args }) => ({ url: "postgresql://h/" + (args.db ?? "dev") });` });
    const given = await loadConfig({ cwd: dir, args: { db: "staging" } });
    assert.equal(given.config.url, "postgresql://h/staging");
    assert.deepEqual(given.args, { db: "staging" });
    assert.equal((await loadConfig({ cwd: dir })).config.url, "postgresql://h/dev");
    const failing = project({ "retort.config.mjs": `export default () => { throw new Error("no tenant given"); };` });
    await assert.rejects(loadConfig({ cwd: failing }), invalid(`${join(failing, "retort.config.mjs")}: the config function failed: no tenant given`));
  });

  test("a template that does not exist is CONFIG_INVALID", async () => {
    const dir = project({ "retort.config.ts": `export default { template: "tmpl/new.ts.tmpl" };` });
    await assert.rejects(
      loadConfig({ cwd: dir }),
      invalid(`${join(dir, "retort.config.ts")}: "template" names ${join(dir, "tmpl", "new.ts.tmpl")}, which does not exist`),
    );
  });

  test("retort.config.ts wins over the other extensions", async () => {
    const dir = project({
      "retort.config.ts": `export default { versionTable: "from_ts" };`,
      "retort.config.mjs": `export default { versionTable: "from_mjs" };`,
    });
    assert.equal((await loadConfig({ cwd: dir })).config.versionTable, "from_ts");
  });
});

