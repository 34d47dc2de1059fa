// The servers the mysql:// dialect speaks for: MariaDB 10.5 and later. Oracle MySQL and
// older MariaDB are refused up front (exit 2), with what to use instead.
import assert from "node:assert/strict";
import { test } from "node:test";
import { unsupportedServer } from "../../../src/dialects/mysql/server-version.js";

test("MariaDB 10.5 and later (as VERSION() prints them) are supported", () => {
  for (const version of ["10.11.19-MariaDB-0+deb12u1", "10.5.2-MariaDB", "11.4.2-MariaDB-ubu2404", "5.5.5-10.11.6-MariaDB"])
    assert.equal(unsupportedServer(version), undefined, version);
});

test("Oracle MySQL is refused, naming its version and what to use", () => {
  const refusal = unsupportedServer("8.0.36-0ubuntu0.22.04.1");
  assert.equal(refusal?.code, "UNSUPPORTED_OPERATION");
  assert.equal(refusal?.message, "the server at this URL is MySQL 8.0.36, and retort's mysql:// dialect speaks for MariaDB only so far");
  assert.equal(refusal?.hint, "use MariaDB 10.5 or later; Oracle MySQL 8 reads its catalog differently and is not supported yet");
});

test("MariaDB before 10.5 is refused: it has no RENAME COLUMN", () => {
  assert.equal(unsupportedServer("10.4.32-MariaDB")?.message, "the server is MariaDB 10.4, older than 10.5");
  assert.equal(unsupportedServer("10.3.39-MariaDB-0+deb10u2")?.message, "the server is MariaDB 10.3, older than 10.5");
});
