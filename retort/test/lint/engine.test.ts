// How rules are applied over a range: the "new table" exemption across pending migrations
// (and not with --all), levels from the config, suppression comments, row counts, and
// failures reported as findings rather than thrown.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { lintMigrations, lintOps, type MigrationToLint } from "../../src/lint/index.js";
import type { Operations } from "../../src/ops/index.js";
import { createDialect } from "../../src/dialects/index.js";
import { bigint, sql, text } from "../../src/schema/index.js";
import { collectOps } from "../support/ops-collect.js";

const migration = async (revision: string, upgrade: (op: Operations) => Promise<unknown>, extra: Partial<MigrationToLint> = {}): Promise<MigrationToLint> => ({
  revision,
  transactional: true,
  lockTimeout: true,
  ops: await collectOps(upgrade),
  ...extra,
});

const ids = (reports: Awaited<ReturnType<typeof lintMigrations>>): string[] =>
  reports.flatMap((r) => r.findings.map((f) => `${r.revision}:${f.rule}`));

describe("objects created earlier in the range", () => {
  const trigger = () =>
    migration("r1", async (op) => {
      await op.createFunction({ name: "touch", returns: "trigger", language: "plpgsql", body: "begin return new; end" });
      await op.createTrigger({ name: "tr_touch", table: "users", timing: "before", events: "update", forEach: "row", function: "touch" });
    });
  const replace = () => migration("r2", (op) => op.createFunction({ name: "touch", returns: "trigger", language: "plpgsql", body: "begin return new; end", orReplace: true }));

  test("a pending migration replacing the function of an earlier one's trigger is flagged", async () => {
    assert.deepEqual(ids(await lintMigrations([await trigger(), await replace()], { pending: true })), ["r2:replace-function-used-by-trigger"]);
  });

  test("with --all each migration is judged alone: the linter knows no trigger then", async () => {
    assert.deepEqual(ids(await lintMigrations([await trigger(), await replace()], { pending: false })), []);
  });

  test("a view read by a view of an earlier pending migration is flagged when dropped", async () => {
    const views = await migration("r1", async (op) => {
      await op.createView("v1", "select id from users");
      await op.createView("v2", "select id from v1");
    });
    const drop = await migration("r2", (op) => op.dropView("v1"));
    assert.deepEqual(ids(await lintMigrations([views, drop], { pending: true })), ["r2:drop-view-with-dependents"]);
  });
});

describe("the new-table exemption", () => {
  const create = () => migration("r1", (op) => op.createTable("t", { id: bigint().primaryKey(), v: text() }));
  const index = () => migration("r2", (op) => op.createIndex("ix_t_v", "t", ["v"]));

  test("a table created by an earlier pending migration is new: indexing it blocks nobody", async () => {
    assert.deepEqual(ids(await lintMigrations([await create(), await index()], { pending: true })), []);
  });

  test("with --all each migration is judged alone: the table existed when the index was built", async () => {
    assert.deepEqual(ids(await lintMigrations([await create(), await index()], { pending: false })), ["r2:index-not-concurrent"]);
  });

  test("a table renamed from a new one is new too", async () => {
    const m = await migration("r1", async (op) => {
      await op.createTable("t", { id: bigint().primaryKey() });
      await op.renameTable("t", "u");
      await op.addColumn("u", "n", bigint().notNull());
    });
    assert.deepEqual(ids(await lintMigrations([m])), []);
  });

  test("an index on another schema's table of the same name is not exempt", async () => {
    const m = await migration("r1", async (op) => {
      await op.createTable("t", { v: text() });
      await op.createIndex("ix", "t", ["v"], { schema: "other" });
    });
    assert.deepEqual(ids(await lintMigrations([m])), ["r1:index-not-concurrent"]);
  });
});

describe("levels from the config", () => {
  const renames = () => migration("r1", (op) => op.renameTable("users", "accounts"));

  test("off removes a rule, warn and error replace its level", async () => {
    const m = await migration("r1", async (op) => {
      await op.renameTable("users", "accounts");
      await op.dropTable("old");
    });
    const reports = await lintMigrations([m], { settings: { "rename-table": "warn", "drop-table": "error" } });
    assert.deepEqual(reports[0]?.findings.map((f) => `${f.rule}:${f.level}`), ["rename-table:warn", "drop-table:error"]);
    const off = await lintMigrations([await renames()], { settings: { "rename-table": "off" } });
    assert.deepEqual(ids(off), []);
  });
});

describe("suppression comments", () => {
  const indexAt = (line: number) => migration("r1", (op) => op.createIndex("ix", "users", ["email"]), { lines: [line] });

  test("a comment naming the rule above the op moves the finding to suppressed, with its reason", async () => {
    const m = { ...(await indexAt(7)), suppressions: [{ commentLine: 6, line: 7, rules: ["index-not-concurrent"], reason: "users has 20 rows everywhere" }] };
    const [report] = await lintMigrations([m]);
    assert.deepEqual(report?.findings, []);
    assert.deepEqual(report?.suppressed.map((f) => `${f.rule}@${f.line}: ${f.reason}`), ["index-not-concurrent@7: users has 20 rows everywhere"]);
  });

  test("it applies to its line and its rules only", async () => {
    const otherLine = { ...(await indexAt(9)), suppressions: [{ commentLine: 6, line: 7, rules: ["index-not-concurrent"], reason: "small" }] };
    const otherRule = { ...(await indexAt(7)), suppressions: [{ commentLine: 6, line: 7, rules: ["drop-table"], reason: "small" }] };
    assert.deepEqual(ids(await lintMigrations([otherLine])), ["r1:index-not-concurrent"]);
    assert.deepEqual(ids(await lintMigrations([otherRule])), ["r1:index-not-concurrent"]);
  });

  test("one naming an unknown rule or giving no reason is itself an error, and silences nothing", async () => {
    const m = {
      ...(await indexAt(7)),
      suppressions: [
        { commentLine: 3, line: 4, rules: ["index-not-concurent"], reason: "typo" },
        { commentLine: 6, line: 7, rules: ["index-not-concurrent"], reason: "" },
      ],
    };
    const [report] = await lintMigrations([m]);
    assert.deepEqual(
      report?.findings.map((f) => `${f.rule}@${f.line}: ${f.message}`),
      [
        "index-not-concurrent@7: creates index ix on existing table users without CONCURRENTLY: writes are blocked while it builds",
        "invalid-suppression@3: retort-lint-disable-next-line names unknown rule index-not-concurent",
        "invalid-suppression@6: retort-lint-disable-next-line gives no reason for disabling index-not-concurrent",
      ],
    );
  });
});

describe("row counts (--url)", () => {
  test("size-dependent rules pass on small tables and fire on large ones; the others do not look at size", async () => {
    const m = await migration("r1", async (op) => {
      await op.createIndex("ix_small", "small", ["a"]);
      await op.createIndex("ix_big", "big", ["a"]);
      await op.renameTable("small", "tiny");
    });
    const rowCounts = new Map([["public.small", 50], ["public.big", 2_000_000]]);
    assert.deepEqual(
      (await lintMigrations([m], { rowCounts }))[0]?.findings.map((f) => f.message),
      [
        "creates index ix_big on existing table big without CONCURRENTLY: writes are blocked while it builds",
        "renames table small to tiny: queries from running code that use the old name fail",
      ],
    );
    assert.equal((await lintMigrations([m], { rowCounts, largeTableRows: 10 }))[0]?.findings.length, 3);
  });
});

describe("op.execute with an sql`` fragment", () => {
  test("is linted as the dialect writes it, placeholders and all", async () => {
    const { compiler } = createDialect("postgresql://nobody@127.0.0.1/none", { offline: true });
    const ops = await collectOps((op) => op.execute(sql`CREATE INDEX ix_recent ON users (created) WHERE created > ${"2026-01-01"}`));
    const findings = await lintOps(ops, { lockTimeout: true, sqlText: (op) => compiler.compile(op).map((s) => s.sql).join(";\n") });
    assert.deepEqual(
      findings.map((f) => `${f.rule}: ${f.sql}`),
      ["index-not-concurrent: CREATE INDEX ix_recent ON users (created) WHERE created > $1"],
    );
  });
});

describe("model expressions (SqlText) in ops", () => {
  test("are read as the dialect spells them: a volatile default naming a sequence", async () => {
    const { compiler } = createDialect("postgresql://nobody@127.0.0.1/none", { offline: true });
    const ops = await collectOps((op) => op.addColumn("users", "n", bigint().default(sql`nextval(${sql.ident("Seq")}::regclass)`)));
    const findings = await lintOps(ops, { lockTimeout: true, expressionText: compiler.expression });
    assert.deepEqual(
      findings.map((f) => `${f.rule}: ${f.message}`),
      ["volatile-default: adds column users.n with the volatile default nextval(): the table is rewritten under an exclusive lock"],
    );
  });

  test("without the dialect's speller a fragment is retort's bug, not a finding", async () => {
    const ops = await collectOps((op) => op.addColumn("users", "n", bigint().default(sql`nextval(${sql.ident("Seq")}::regclass)`)));
    await assert.rejects(lintOps(ops, { lockTimeout: true }), /before the dialect spelled it/);
  });
});

describe("failures are findings", () => {
  test("an upgrade that threw reports upgrade-failed after what it built", async () => {
    const m = await migration("r1", (op) => op.dropTable("t"), { failure: "upgrade() failed: boom" });
    assert.deepEqual(
      (await lintMigrations([m]))[0]?.findings.map((f) => `${f.rule}: ${f.message}`),
      ["drop-table: drops table t and all its rows", "upgrade-failed: upgrade() failed: boom"],
    );
  });

  test("SQL the parser refuses, or that holds no statement, never throws", async () => {
    for (const text of ["\u0000garbage ((", "-- only a comment", "SELECT 'unterminated"]) {
      const findings = await lintOps([{ kind: "execute", sql: text }], { lockTimeout: true });
      assert.ok(findings.every((f) => f.rule === "unparseable-sql"), JSON.stringify(findings));
    }
    assert.deepEqual((await lintOps([{ kind: "execute", sql: "-- only a comment" }])).map((f) => f.rule), []);
    assert.deepEqual((await lintOps([{ kind: "execute", sql: "SELECT 'unterminated" }])).map((f) => f.rule), ["unparseable-sql"]);
  });
});

describe("rules per dialect", () => {
  const busy = () =>
    migration("m1", async (op) => {
      await op.createIndex("ix_users_email", "users", ["email"]);
      await op.addColumn("users", "nick", text().notNull());
      await op.alterColumn("users", "name", { type: "varchar(40)" });
      await op.execute("ALTER TABLE `users` ADD KEY `k` (`a`)");
    });

  test("on PostgreSQL every rule runs, and op.execute text is parsed", async () => {
    assert.deepEqual(ids(await lintMigrations([await busy()])), ["m1:index-not-concurrent", "m1:add-required-column", "m1:type-change", "m1:prefer-text", "m1:unparseable-sql"]);
  });

  test("on MySQL the PostgreSQL rules (CONCURRENTLY, prefer-text, the SQL parser) stay silent; the general ones still hold", async () => {
    assert.deepEqual(ids(await lintMigrations([await busy()], { dialect: "mysql" })), ["m1:add-required-column", "m1:type-change"]);
  });
});
