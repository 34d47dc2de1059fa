// sqlite:// URLs: which file they name, and the one message for each malformed form.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isRetortError } from "../../src/errors.js";
import { parseDatabaseUrl } from "../../src/drivers/url.js";

describe("sqlite:// URLs", () => {
  test("three slashes name an absolute file, ./ a file under the working directory, memory no file", () => {
    assert.deepEqual(parseDatabaseUrl("sqlite:///var/data/app.db", "/work/app"), { kind: "sqlite", file: "/var/data/app.db", display: "sqlite:///var/data/app.db" });
    assert.deepEqual(parseDatabaseUrl("sqlite://./data/app.db", "/work/app"), { kind: "sqlite", file: "/work/app/data/app.db", display: "sqlite:///work/app/data/app.db" });
    assert.deepEqual(parseDatabaseUrl("sqlite://../shared.db", "/work/app"), { kind: "sqlite", file: "/work/shared.db", display: "sqlite:///work/shared.db" });
    assert.deepEqual(parseDatabaseUrl("sqlite://memory", "/work/app"), { kind: "sqlite", file: null, display: "sqlite://memory" });
    assert.deepEqual(parseDatabaseUrl("SQLITE://memory", "/w"), { kind: "sqlite", file: null, display: "sqlite://memory" });
  });

  for (const [raw, problem] of [
    ["sqlite://", "no database file is given"],
    ["sqlite://./app.db?mode=ro", "query strings and fragments are not supported"],
    ["sqlite:///var/data/", "the path names a directory, not a database file"],
  ] as const) {
    test(`${raw}: ${problem}`, () => {
      assert.throws(
        () => parseDatabaseUrl(raw, "/w"),
        (error: unknown) => {
          assert.ok(isRetortError(error));
          assert.equal(error.code, "BAD_URL");
          assert.equal(error.message, `invalid SQLite URL ${raw}: ${problem}`);
          assert.match(error.hint ?? "", /sqlite:\/\/\/absolute\/file\.db, sqlite:\/\/\.\/relative\.db, sqlite:\/\/memory, or mysql:\/\//);
          return true;
        },
      );
    });
  }
});
