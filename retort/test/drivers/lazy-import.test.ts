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
