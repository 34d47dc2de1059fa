import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";

// node:test runs each file in its own process, and nothing else in this file loads pg.
test("parsing URLs and loading config and headers never loads the pg driver", async () => {
  const drivers = await import("../../src/drivers/index.js");
  await import("../../src/config/index.js");
  await import("../../src/script/index.js");
  drivers.parseDatabaseUrl("postgresql://u:pw@h/db", "/");
  const loaded = Object.keys(createRequire(import.meta.url).cache);
  assert.deepEqual(
    loaded.filter((path) => /[\\/]node_modules[\\/](pg|pg-[a-z-]+)[\\/]/.test(path)),
    [],
  );
  // The check itself works: pg shows up once it is loaded.
  await import("pg");
  assert.ok(Object.keys(createRequire(import.meta.url).cache).some((path) => /[\\/]node_modules[\\/]pg[\\/]/.test(path)));
});

test("parsing a sqlite:// URL and making its dialect never loads better-sqlite3; connecting does", async () => {
  const drivers = await import("../../src/drivers/index.js");
  const { createDialect } = await import("../../src/dialects/index.js");
  const dialect = createDialect(drivers.parseDatabaseUrl("sqlite://memory", "/"));
  dialect.compiler.compile({ kind: "execute", sql: "SELECT 1" });
  const loaded = (): string[] => Object.keys(createRequire(import.meta.url).cache).filter((path) => /[\\/]node_modules[\\/]better-sqlite3[\\/]/.test(path));
  assert.deepEqual(loaded(), []);
  const connection = await dialect.driver.connect();
  await connection.close();
  assert.ok(loaded().length > 0);
});
