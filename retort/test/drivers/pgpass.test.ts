// The libpq password file as retort reads it: first matching line wins, `*` matches
// anything, `\:` and `\\` escape, a socket matches as localhost, a readable file is ignored.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { parsePgpassLine, pgpassLookup, pgpassPath, readPgpass } from "../../src/drivers/pgpass.js";

const query = { host: "db.example", port: "5432", database: "app", user: "alice" };

describe("pgpass lines", () => {
  test("five fields, with escapes", () => {
    assert.deepEqual(parsePgpassLine("h:5432:d:u:p\\:w\\\\d"), ["h", "5432", "d", "u", "p:w\\d"]);
    assert.deepEqual(parsePgpassLine("h:5432:d:u:pass:with:colons"), ["h", "5432", "d", "u", "pass:with:colons"]);
    assert.equal(parsePgpassLine("# comment"), null);
    assert.equal(parsePgpassLine(""), null);
    assert.equal(parsePgpassLine("h:5432:d"), null);
  });

  test("the first matching line wins; * matches any value", () => {
    const text = ["other:5432:app:alice:no", "db.example:5432:app:bob:no", "db.example:*:app:alice:first", "*:*:*:*:fallback"].join("\n");
    assert.equal(pgpassLookup(text, query), "first");
    assert.equal(pgpassLookup(text, { ...query, user: "carol" }), "fallback");
    assert.equal(pgpassLookup("other:*:*:*:x\n", query), undefined);
  });

  test("a socket connection matches as localhost", () => {
    assert.equal(pgpassLookup("localhost:5432:app:alice:sock\n", { ...query, host: "/var/run/postgresql" }), "sock");
  });

  test("PGPASSFILE names the file; else ~/.pgpass", () => {
    assert.equal(pgpassPath({ PGPASSFILE: "/etc/pw", HOME: "/home/a" }), "/etc/pw");
    assert.equal(pgpassPath({ HOME: "/home/a" }), "/home/a/.pgpass");
  });
});

describe("reading the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "retort-pgpass-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "pgpass");

  test("mode 0600: read", async () => {
    writeFileSync(file, "db.example:5432:app:alice:secret\n");
    chmodSync(file, 0o600);
    assert.equal(await readPgpass(query, { PGPASSFILE: file }), "secret");
  });

  test("readable by others, or missing: ignored", { skip: process.platform === "win32" ? "no modes on Windows" : false }, async () => {
    chmodSync(file, 0o644);
    assert.equal(await readPgpass(query, { PGPASSFILE: file }), undefined);
    assert.equal(await readPgpass(query, { PGPASSFILE: join(dir, "missing") }), undefined);
  });
});
