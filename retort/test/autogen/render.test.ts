import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { connect, parseDatabaseUrl, type Connection } from "../../src/drivers/index.js";
import { introspect } from "../../src/dialects/postgres/introspect.js";
import { compareSchemas } from "../../src/autogen/compare.js";
import { renderMigration, renderOp } from "../../src/autogen/render.js";
import { downgradeOf } from "../../src/autogen/downgrade.js";
import { formatSource } from "../../src/autogen/format.js";
import { createOperations, reverseOps, type Operations } from "../../src/ops/index.js";
import type { Op } from "../../src/ops/types.js";
import type { Schema } from "../../src/schema/types.js";
import { sql } from "../../src/schema/index.js";
import { applyOps, DSL_MODULE } from "./support/apply.js";
import { generateSchema } from "./support/generated-schema.js";

const EMPTY: Schema = { tables: [], enums: [] };
const VERSION_TABLE = { versionTable: { name: "alembic_version" }, logTable: "retort_log" };

/** Writes the rendered bodies as a migration module, imports it and runs one direction. */
const runRendered = async (conn: Connection, rendered: ReturnType<typeof renderMigration>, direction: "upgrade" | "downgrade"): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "retort-render-"));
  try {
    const file = join(dir, "migration.mts");
    const imports = rendered.imports.length === 0 ? "" : `import { ${rendered.imports.join(", ")} } from ${JSON.stringify(DSL_MODULE)};\n`;
    writeFileSync(
      file,
      `${imports}import type { Operations } from ${JSON.stringify(DSL_MODULE)};\n` +
        `export async function upgrade(op: Operations): Promise<void> {\n${rendered.upgrade}\n}\n` +
        `export async function downgrade(op: Operations): Promise<void> {\n${rendered.downgrade}\n}\n`,
    );
    const module = (await import(pathToFileURL(file).href)) as Record<"upgrade" | "downgrade", (op: Operations) => Promise<void>>;
    const { op, drain } = createOperations((o) => applyOps(conn, [o]));
    await module[direction](op);
    await drain();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe("rendered migrations run and do exactly what the ops say", () => {
  let lite: Connection;
  before(async () => {
    lite = await connect(parseDatabaseUrl("pglite://memory", process.cwd()));
  });
  after(async () => lite.close());

  test("a 160-table schema: the rendered upgrade builds it, the rendered downgrade removes it", async () => {
    const ops = compareSchemas(EMPTY, generateSchema({ tables: 160 })).ops;
    // What the ops themselves produce, on a scratch schema of the same database...
    await applyOps(lite, ops);
    const expected = await introspect(lite, VERSION_TABLE);
    await applyOps(lite, reverseOps(ops));
    assert.deepEqual(await introspect(lite, VERSION_TABLE), EMPTY);
    // ...is what the rendered TypeScript produces.
    const rendered = renderMigration(ops, reverseOps(ops));
    await runRendered(lite, rendered, "upgrade");
    assert.deepEqual(await introspect(lite, VERSION_TABLE), expected);
    await runRendered(lite, rendered, "downgrade");
    assert.deepEqual(await introspect(lite, VERSION_TABLE), EMPTY);
  });

  test("changes to an existing schema: upgrade reaches the models, downgrade returns exactly", async () => {
    const before = generateSchema({ tables: 12, seed: 3 });
    await applyOps(lite, compareSchemas(EMPTY, before).ops);
    const start = await introspect(lite, VERSION_TABLE);
    const [first, second, third, ...rest] = start.tables;
    assert.ok(first && second && third);
    const target: Schema = {
      enums: [...start.enums.map((e) => (e.name === "priority" ? { ...e, values: [...e.values, "urgent"] } : e)), { name: "fresh", values: ["x", "y"] }],
      tables: [
        {
          ...first,
          comment: "changed comment",
          columns: [...first.columns.map((c, i) => (i === 1 ? { ...c, nullable: !c.nullable, comment: "now with a comment" } : c)), { name: "added", type: { kind: "enum", name: "fresh" }, nullable: true }],
          indexes: [...first.indexes, { name: "first_added_idx", elements: [{ kind: "column", name: "added", order: "desc", nulls: "last" }], unique: false }],
        },
        { ...second, columns: second.columns.filter((c) => c.name !== "c0"), checks: [], uniques: [], indexes: second.indexes.filter((i) => !i.elements.some((e) => e.kind === "column" && e.name === "c0")) },
        third,
        ...rest,
      ],
    };
    const comparison = compareSchemas(start, target, { renames: { rename: [], noRename: [`${second.name}.c0:${first.name}.added`] } });
    assert.deepEqual(comparison.ambiguities, []);
    const rendered = renderMigration(comparison.ops, downgradeOf(comparison.ops));
    assert.match(rendered.downgrade, /^await op\.recreateEnum\("priority", \[.*\], \{ columns: \[.*\], existingValues: \[.*"urgent".*\] \}\);$/m);
    await runRendered(lite, rendered, "upgrade");
    const reached = await introspect(lite, VERSION_TABLE);
    assert.deepEqual(compareSchemas(reached, target).ops, []);
    // The downgrade recreates the enum type without the added value: everything returns exactly.
    await runRendered(lite, rendered, "downgrade").catch((error: unknown) => assert.fail(String(error)));
    const withoutUrgent = await introspect(lite, VERSION_TABLE);
    // A dropped column comes back at the end of its table (ADD COLUMN cannot place it),
    // so equality here is by name, as compareSchemas sees it.
    assert.deepEqual(compareSchemas(withoutUrgent, start), { ops: [], ambiguities: [], warnings: [] });
    assert.deepEqual(withoutUrgent.tables.map((t) => t.name), start.tables.map((t) => t.name));
  });
});

describe("renderOp: readable calls on the op facade", () => {
  test("createTable with constraints in the extras callback and checks after it", () => {
    const op: Op = {
      kind: "createTable",
      table: {
        name: "users",
        columns: [
          { name: "id", type: { kind: "bigserial" }, nullable: false },
          { name: "email", type: { kind: "varchar", length: 255 }, nullable: false, comment: "login `name` ${x}" },
          { name: "state", type: { kind: "enum", name: "status" }, nullable: false, default: { kind: "literal", value: "new" } },
          { name: "at", type: { kind: "timestamp", withTimezone: true }, nullable: false, default: { kind: "sql", sql: "now()" } },
        ],
        primaryKey: { name: "users_pkey", columns: ["id"] },
        uniques: [{ name: "users_email_key", columns: ["email"] }],
        checks: [{ name: "users_email_check", expression: "email <> ''::text" }],
        foreignKeys: [],
        comment: "People",
      },
    };
    assert.equal(
      renderOp(op),
      [
        'op.createTable("users", {',
        "  id: bigserial(),",
        '  email: varchar(255).notNull().comment("login `name` ${x}"),',
        '  state: enumColumn("status").notNull().default("new"),',
        "  at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),",
        "}, (t) => [",
        '  primaryKey("users_pkey").on(t.id),',
        '  unique("users_email_key").on(t.email),',
        '], { comment: "People" });',
        'await op.createCheckConstraint("users_email_check", "users", sql`email <> \'\'::text`)',
      ].join("\n"),
    );
  });

  test("SQL text with backticks, backslashes and ${ stays exact inside sql``", () => {
    const op: Op = { kind: "createCheckConstraint", table: "t", check: { name: "odd", expression: "a <> '`\\${x}'" } };
    assert.equal(renderOp(op), "op.createCheckConstraint(\"odd\", \"t\", sql`a <> '\\`\\\\\\${x}'`)");
  });

  test("an expression kept as a fragment keeps its identifiers as sql.ident(), for the dialect that runs it", () => {
    const expression = { parts: [{ kind: "identifier", parts: ["order"] }, { kind: "text", text: " > 0 and `" }, { kind: "identifier", parts: ["app", "Odd"] }, { kind: "text", text: "`" }] } as const;
    const op: Op = { kind: "createCheckConstraint", table: "t", check: { name: "ck", expression } };
    assert.equal(renderOp(op), 'op.createCheckConstraint("ck", "t", sql`${sql.ident("order")} > 0 and \\`${sql.ident("app", "Odd")}\\``)');
  });

  test("alterColumn names what it changes and what the column was", () => {
    const op: Op = {
      kind: "alterColumn",
      table: "users",
      column: "email",
      type: { to: { kind: "varchar", length: 100 } },
      nullable: false,
      previous: { type: { kind: "text" }, nullable: true },
    };
    assert.equal(renderOp(op), 'op.alterColumn("users", "email", { nullable: false, type: varchar(100), existingType: text(), existingNullable: true })');
  });

  test("createIndex writes ordered columns as objects and expressions as sql``", () => {
    const op: Op = {
      kind: "createIndex",
      table: "posts",
      index: { name: "posts_idx", unique: true, elements: [{ kind: "column", name: "a", order: "desc" }, { kind: "expression", sql: "lower(b)" }, { kind: "column", name: "c" }], where: "d IS NULL", include: ["e"] },
    };
    assert.equal(renderOp(op), 'op.createIndex("posts_idx", "posts", [{ column: "a", order: "desc" }, sql`lower(b)`, "c"], { unique: true, where: sql`d IS NULL`, include: ["e"] })');
  });
});

describe("lint remarks", () => {
  const dropColumn: Op = { kind: "dropColumn", table: "users", column: "email" };

  test("become // lint: comments naming the rule above the op they concern, in the upgrade only", () => {
    const rendered = renderMigration([dropColumn], [], [{ op: 0, rule: "drop-column", message: "drops column users.email and its data" }]);
    assert.equal(rendered.upgrade, '// lint: drops column users.email and its data (drop-column)\nawait op.dropColumn("users", "email");');
    assert.equal(rendered.downgrade, "// nothing to do");
  });
});

describe("formatSource", () => {
  test("uses the project's Prettier when it resolves from the project directory", async () => {
    const result = await formatSource("const a = {b:1}\n", "/work/x.ts", process.cwd());
    assert.deepEqual(result, { text: "const a = { b: 1 };\n", formatter: "prettier" });
  });

  test("leaves the text as it is where no Prettier resolves", async () => {
    const result = await formatSource("const a = {b:1}\n", "/x.ts", "/");
    assert.deepEqual(result, { text: "const a = {b:1}\n", formatter: "none" });
  });
});

test("a hand-written op.execute(sql`...`) renders back as the template it was, given parameters after it", async () => {
  const ops: Op[] = [];
  const { op, drain } = createOperations(async (o) => void ops.push(o));
  void op.execute(sql`update ${sql.ident("app", "users")} set note = ${"it's `odd`"} where id = $1`, [7]);
  await drain();
  assert.deepEqual(
    ops.map(renderOp),
    ['op.execute(sql`update ${sql.ident("app", "users")} set note = ${"it\'s `odd`"} where id = $1`, [7])'],
  );
});
