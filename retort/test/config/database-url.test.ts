import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveDatabaseUrl, type UrlSource } from "../../src/config/database-url.js";
import type { ResolvedConfig } from "../../src/config/resolved.js";

const configWith = (url: string | null): ResolvedConfig => ({
  root: "/srv/app",
  args: {},
  file: url === null ? null : "/srv/app/retort.config.ts",
  config: {
    url,
    migrations: "/srv/app/migrations",
    versionLocations: ["/srv/app/migrations/versions"],
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

const FLAG = "postgresql://flag/db";
const ENV = "postgresql://env/db";
const CONFIG = "postgresql://config/db";
const DEFAULT = "pglite:///srv/app/.retort/pglite";

describe("resolveDatabaseUrl: --url, then DATABASE_URL, then the config's url, then PGlite", () => {
  const rows: [flag: string | undefined, env: string | undefined, config: string | null, raw: string, source: UrlSource][] = [
    [FLAG, ENV, CONFIG, FLAG, "--url"],
    [FLAG, undefined, null, FLAG, "--url"],
    [undefined, ENV, CONFIG, ENV, "DATABASE_URL"],
    [undefined, ENV, null, ENV, "DATABASE_URL"],
    [undefined, undefined, CONFIG, CONFIG, "config"],
    [undefined, undefined, null, DEFAULT, "default"],
    // empty values count as unset
    ["", ENV, CONFIG, ENV, "DATABASE_URL"],
    [undefined, "", CONFIG, CONFIG, "config"],
    [undefined, "  ", null, DEFAULT, "default"],
  ];
  for (const [flag, env, config, raw, source] of rows) {
    test(`flag=${flag ?? "-"} DATABASE_URL=${env ?? "-"} config=${config ?? "-"} -> ${source}`, () => {
      const result = resolveDatabaseUrl({
        flag,
        env: env === undefined ? { PATH: "/bin" } : { PATH: "/bin", DATABASE_URL: env },
        config: configWith(config),
      });
      assert.deepEqual(result, { raw, source });
    });
  }
});
