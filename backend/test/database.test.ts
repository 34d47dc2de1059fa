// The backend's queries are PostgreSQL's: a sqlite:// or mysql:// DATABASE_URL (which retort
// itself accepts) is refused with one message before anything opens.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isRetortError } from "retort-migrate";
import { openDatabase } from "../app/database.js";

for (const [url, shown] of [
  ["sqlite://memory", "sqlite://memory"],
  ["mysql://app:s3cret@127.0.0.1:3306/chat", "mysql://app:***@127.0.0.1:3306/chat"],
] as const) {
  test(`a ${url.split(":")[0]}:// URL is refused: the backend runs on PostgreSQL or PGlite`, async () => {
    await assert.rejects(openDatabase(url), (error: unknown) => {
      assert.ok(isRetortError(error));
      assert.equal(error.code, "BAD_URL");
      assert.equal(error.message, `the backend runs on PostgreSQL or embedded PGlite, not on ${shown}`);
      assert.equal(error.hint, "Set DATABASE_URL to a postgresql:// URL, or leave it unset for embedded PGlite.");
      return true;
    });
  });
}
