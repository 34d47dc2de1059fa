// Rules speak for the databases whose behaviour they describe: on SQLite, PostgreSQL's
// lock, rewrite and type rules stay silent; the ones about every database still fire.
import assert from "node:assert/strict";
import { test } from "node:test";
import { lintOps } from "../../src/lint/index.js";
import type { Operations } from "../../src/ops/facade.js";
import { integer, timestamp, varchar } from "../../src/schema/index.js";
import { collectOps } from "../support/ops-collect.js";

const risky = (op: Operations) =>
  Promise.all([
    op.createIndex("users_email", "users", ["email"]),
    op.addColumn("users", "seen", timestamp()),
    op.addColumn("users", "code", varchar(10)),
    op.createForeignKey("users_org", "users", "orgs", ["org_id"], ["id"]),
    op.dropColumn("users", "legacy"),
    op.execute("SELECT 'unterminated"),
    op.createTable("counters", { id: integer().primaryKey() }),
  ]);

test("on PostgreSQL every rule of the list speaks", async () => {
  const rules = (await lintOps(await collectOps(risky))).map((f) => f.rule);
  for (const rule of ["index-not-concurrent", "prefer-timestamptz", "prefer-text", "foreign-key-not-valid", "drop-column", "unparseable-sql", "prefer-bigint-key"])
    assert.ok(rules.includes(rule), `${rule} in ${rules.join(", ")}`);
});

test("on SQLite only the rules about every database speak: dropping a column still breaks running code", async () => {
  const rules = (await lintOps(await collectOps(risky), { dialect: "sqlite" })).map((f) => f.rule);
  assert.deepEqual(rules, ["drop-column"]);
});
