// The backend's queries are PostgreSQL's: a sqlite:// DATABASE_URL (which retort itself
// accepts) is refused with one message before anything opens.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isRetortError } from "retort-migrate";
import { openDatabase } from "../app/database.js";

test("a sqlite:// URL is refused: the backend runs on PostgreSQL or PGlite", async () => {
  await assert.rejects(openDatabase("sqlite://memory"), (error: unknown) => {
    assert.ok(isRetortError(error));
    assert.equal(error.code, "BAD_URL");
    assert.equal(error.message, "the backend runs on PostgreSQL or PGlite, not SQLite (sqlite://memory)");
    return true;
  });
});
