// Statement-level mistakes: names PostgreSQL silently cuts, a TRUNCATE that reaches
// further than it says, SQL the parser refuses, and an upgrade that could not be read.
import { defineRule, relName } from "../types.js";
import { POSTGRES_ONLY } from "./databases.js";

const NAMEDATALEN = 63;

export const identifierTooLong = defineRule({
  id: "identifier-too-long",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "PostgreSQL truncates names longer than 63 bytes without an error: two long names can collide, and code using the full name never finds the object",
  fix: "shorten the name to 63 bytes or fewer (set a shorter naming convention for generated names)",
  kinds: ["name"],
  check: (change) => {
    const bytes = Buffer.byteLength(change.name, "utf8");
    return bytes > NAMEDATALEN ? `${change.what} name "${change.name}" is ${bytes} bytes: PostgreSQL cuts it to 63` : undefined;
  },
});

export const truncateCascade = defineRule({
  id: "truncate-cascade",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "TRUNCATE ... CASCADE also empties every table with a foreign key to the named ones, recursively, which the statement does not show",
  fix: "name every table to empty explicitly, without CASCADE",
  kinds: ["truncate"],
  check: (change) => (change.cascade ? `truncates ${change.tables.map(relName).join(", ")} with CASCADE: every referencing table is emptied too` : undefined),
});

export const unparseableSql = defineRule({
  id: "unparseable-sql",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "the text given to op.execute is not valid PostgreSQL, so it fails when the migration runs (and the linter cannot check it)",
  fix: "correct the SQL; run it in psql to see the same error",
  kinds: ["unparseable"],
  check: (change) => `op.execute text does not parse: ${change.message}`,
});

export const upgradeFailed = defineRule({
  id: "upgrade-failed",
  level: "error",
  reason: "the migration could not be loaded or its upgrade() threw before the linter saw all of its operations",
  fix: "fix the error shown; `retort upgrade --sql` shows the same one",
  kinds: ["upgradeFailed"],
  check: (change) => change.message,
});
