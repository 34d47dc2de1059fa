// What each operation compiles to on SQLite: in place where ALTER TABLE can, a move-and-copy
// where it cannot, and a refusal naming the operation and SQLite where nothing can.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { catalogOf, emptyCatalog, type Catalog } from "../../../src/dialects/sqlite/catalog.js";
import { compileSqliteOp } from "../../../src/dialects/sqlite/compile.js";
import { inlineStatement } from "../../../src/dialects/sqlite/inline.js";
import { isRetortError } from "../../../src/errors.js";
import type { Operations } from "../../../src/ops/facade.js";
import { bigserial, boolean, check, integer, jsonb, numeric, sql, table, text, timestamp, uuid, varchar } from "../../../src/schema/index.js";
import { buildSchema } from "../../../src/schema/build.js";
import { collectOps } from "../../support/ops-collect.js";

const compile = async (fn: (op: Operations) => unknown, catalog: Catalog = emptyCatalog(), notices: string[] = []): Promise<string[]> =>
  (await collectOps(fn)).flatMap((op) => compileSqliteOp(op, { catalog, notice: (m) => notices.push(m) })).map(inlineStatement);

const refused = (message: RegExp) => (error: unknown) => {
  assert.ok(isRetortError(error));
  assert.equal(error.code, "INVALID_OPERATION");
  assert.match(error.message, message);
  assert.ok((error.hint ?? "").length > 0);
  return true;
};

// Only the rebuilt table (and the tables whose keys reference it) is checked.
const fkCheck = (...tables: string[]): string =>
  `SELECT json_extract('{}', 'retort: foreign key violation: table ' || "table" || ' row ' || coalesce(rowid, '?') || ' references ' || parent) FROM (${tables
    .map((t) => `SELECT * FROM pragma_foreign_key_check('${t}')`)
    .join(" UNION ALL ")}) LIMIT 1`;

describe("tables and types", () => {
  test("createTable maps each type to a declared type with the right affinity, the counting key to the rowid", async () => {
    const events = table(
      "events",
      {
        id: bigserial().primaryKey(),
        owner: uuid().notNull(),
        payload: jsonb().notNull().default(sql`'{}'`),
        amount: numeric(10, 2),
        at: timestamp({ withTimezone: true }).notNull().default(sql`CURRENT_TIMESTAMP`),
        done: boolean().notNull().default(false),
        label: varchar(40).default("it's"),
      },
      (t) => [check("amount_positive", sql`${t.amount} > 0`)],
    );
    assert.deepEqual(await compile((op) => op.createTable(events)), [
      'CREATE TABLE "events" (\n' +
        '  "id" INTEGER NOT NULL,\n' +
        '  "owner" UUID NOT NULL,\n' +
        "  \"payload\" JSONB DEFAULT ('{}') NOT NULL,\n" +
        '  "amount" NUMERIC(10, 2),\n' +
        '  "at" TIMESTAMPTZ DEFAULT (CURRENT_TIMESTAMP) NOT NULL,\n' +
        '  "done" BOOLEAN DEFAULT 0 NOT NULL,\n' +
        "  \"label\" VARCHAR(40) DEFAULT 'it''s',\n" +
        '  CONSTRAINT "pk_events" PRIMARY KEY ("id"),\n' +
        '  CONSTRAINT "ck_events_amount_positive" CHECK (amount > 0)\n' +
        ")",
    ]);
  });

  test("arrays, enum columns and a counting column that is not the key are refused, naming the column", async () => {
    await assert.rejects(compile((op) => op.createTable("t", { tags: text().array() })), refused(/^SQLite has no array types \(column "t\.tags"\)$/));
    await assert.rejects(
      compile((op) => op.createTable("t", { id: integer().primaryKey(), n: bigserial() })),
      refused(/^SQLite counts only an INTEGER primary key of its own \(column "t\.n"/),
    );
  });

  test("ops SQLite has no counterpart for are refused by kind and dialect", async () => {
    await assert.rejects(compile((op) => op.createSchema("audit")), refused(/^createSchema cannot run on SQLite: SQLite has no schemas/));
    await assert.rejects(compile((op) => op.setTableComment("t", "x")), refused(/^setTableComment cannot run on SQLite: SQLite keeps no comments/));
    await assert.rejects(compile((op) => op.createEnum("mood", ["a", "b"])), refused(/^createEnum cannot run on SQLite: SQLite has no enum types/));
  });

  test("bulkInsert binds values as SQLite stores them; rows missing a key take the default in an INSERT of their own", async () => {
    const statements = (await collectOps((op) =>
      op.bulkInsert("t", [
        { a: 1, b: true, c: new Date("2026-01-02T03:04:05Z") },
        { a: 2, b: false, c: null },
        { a: 3 },
      ]),
    )).flatMap((op) => compileSqliteOp(op, { catalog: emptyCatalog() }));
    assert.deepEqual(statements, [
      { sql: 'INSERT INTO "t" ("a", "b", "c") VALUES ($1, $2, $3), ($4, $5, $6)', params: [1, 1, "2026-01-02T03:04:05.000Z", 2, 0, null] },
      { sql: 'INSERT INTO "t" ("a") VALUES ($1)', params: [3] },
    ]);
    assert.equal(inlineStatement(statements[0] as never), "INSERT INTO \"t\" (\"a\", \"b\", \"c\") VALUES (1, 1, '2026-01-02T03:04:05.000Z'), (2, 0, NULL)");
  });
});

describe("ALTER in place and the move-and-copy", () => {
  const catalogWith = (): Catalog => {
    const schema = buildSchema({
      parents: table("parents", { id: integer().primaryKey() }),
      kids: table(
        "kids",
        { id: integer().primaryKey(), parent_id: integer().notNull(), name: text() },
        (t) => [],
      ),
    });
    return catalogOf(schema, new Map([["kids", ['CREATE TRIGGER "kids_touch" AFTER INSERT ON "kids" BEGIN SELECT 1; END']]]));
  };

  test("a nullable column is added in place; a NOT NULL one without a constant default rebuilds the table", async () => {
    assert.deepEqual(await compile((op) => op.addColumn("kids", "nick", text()), catalogWith()), ['ALTER TABLE "kids" ADD COLUMN "nick" TEXT']);
    const notices: string[] = [];
    const rebuilt = await compile((op) => op.addColumn("kids", "born", timestamp().notNull().default(sql`CURRENT_TIMESTAMP`)), catalogWith(), notices);
    assert.deepEqual(rebuilt, [
      'CREATE TABLE "_retort_batch_kids" (\n  "id" INTEGER NOT NULL,\n  "parent_id" INTEGER NOT NULL,\n  "name" TEXT,\n  "born" TIMESTAMP DEFAULT (CURRENT_TIMESTAMP) NOT NULL,\n  CONSTRAINT "pk_kids" PRIMARY KEY ("id")\n)',
      'INSERT INTO "_retort_batch_kids" ("id", "parent_id", "name") SELECT "id", "parent_id", "name" FROM "kids"',
      'DROP TABLE "kids"',
      "PRAGMA legacy_alter_table = ON",
      'ALTER TABLE "_retort_batch_kids" RENAME TO "kids"',
      "PRAGMA legacy_alter_table = OFF",
      'CREATE TRIGGER "kids_touch" AFTER INSERT ON "kids" BEGIN SELECT 1; END',
      fkCheck("kids"),
    ]);
    assert.deepEqual(notices, [
      'SQLite cannot add a NOT NULL column without a constant default, or a generated column in place: table "kids" is rebuilt (created anew, rows copied, old table dropped)',
    ]);
  });

  test("a foreign key, then a type change, rebuild from what the catalog learnt from the op before", async () => {
    const catalog = catalogWith();
    const statements = await compile(async (op) => {
      await op.createForeignKey("kids_parent", "kids", "parents", ["parent_id"], ["id"], { onDelete: "cascade" });
      await op.alterColumn("kids", "name", { type: varchar(10), nullable: false });
    }, catalog);
    assert.equal(statements.filter((s) => s.startsWith("CREATE TABLE")).length, 2);
    assert.equal(
      statements[8],
      'CREATE TABLE "_retort_batch_kids" (\n  "id" INTEGER NOT NULL,\n  "parent_id" INTEGER NOT NULL,\n  "name" VARCHAR(10) NOT NULL,\n  CONSTRAINT "pk_kids" PRIMARY KEY ("id"),\n  CONSTRAINT "kids_parent" FOREIGN KEY ("parent_id") REFERENCES "parents" ("id") ON DELETE CASCADE\n)',
    );
    // A rebuild of the parent now checks the children that reference it too.
    const parent = await compile((op) => op.createCheckConstraint("id_positive", "parents", sql`id > 0`), catalog);
    assert.equal(parent.at(-1), fkCheck("parents", "kids"));
    assert.equal(statements[9], 'INSERT INTO "_retort_batch_kids" ("id", "parent_id", "name") SELECT "id", "parent_id", CAST("name" AS VARCHAR(10)) FROM "kids"');
  });

  test("a renamed parent table and key column are what a later rebuild of the child references", async () => {
    const statements = await compile(async (op) => {
      await op.createForeignKey("kids_parent", "kids", "parents", ["parent_id"], ["id"]);
      await op.renameTable("parents", "folks");
      await op.alterColumn("folks", "id", { newName: "folk_id" });
      await op.createCheckConstraint("name_set", "kids", sql`name <> ''`);
    }, catalogWith());
    const rebuilt = statements.filter((s) => s.startsWith('CREATE TABLE "_retort_batch_kids"'));
    assert.equal(rebuilt.length, 2);
    assert.match(rebuilt[1] as string, /CONSTRAINT "kids_parent" FOREIGN KEY \("parent_id"\) REFERENCES "folks" \("folk_id"\)/);
  });

  test("renaming a column and dropping an unused one run in place", async () => {
    assert.deepEqual(
      await compile(async (op) => {
        await op.alterColumn("kids", "name", { newName: "title" });
        await op.dropColumn("kids", "title");
      }, catalogWith()),
      ['ALTER TABLE "kids" RENAME COLUMN "name" TO "title"', 'ALTER TABLE "kids" DROP COLUMN "title"'],
    );
  });

  test("a rebuild of a table the compiler does not know (an offline script started mid-way) is refused before any statement", async () => {
    await assert.rejects(
      compile((op) => op.alterColumn("ghost", "x", { nullable: false })),
      refused(/^alterColumn cannot run on SQLite: it needs SQLite's move-and-copy \(change a column's type, nullability or default\), and table "ghost" is not known here$/),
    );
  });

  test("after op.execute changed the schema, a rebuild is refused rather than copying a stale definition", async () => {
    await assert.rejects(
      compile(async (op) => {
        await op.execute("ALTER TABLE kids ADD COLUMN x int");
        await op.createUniqueConstraint("kids_name", "kids", ["name"]);
      }, catalogWith()),
      refused(/^createUniqueConstraint cannot run on SQLite: .*an op\.execute earlier in this run changed the schema/),
    );
  });
});

describe("op.batchAlterTable", () => {
  const catalog = (): Catalog =>
    catalogOf(buildSchema({ kids: table("kids", { id: integer().primaryKey(), parent_id: integer().notNull(), name: text() }) }));

  test("several changes make one move-and-copy: a rename, a type change, a new NOT NULL column, a check", async () => {
    const notices: string[] = [];
    const statements = await compile(
      (op) =>
        op.batchAlterTable("kids", (batch) => {
          batch.alterColumn("name", { newName: "title", type: varchar(50) });
          batch.addColumn("rank", integer().notNull().default(0));
          batch.createCheckConstraint("rank_positive", sql`rank >= 0`);
          batch.createIndex("kids_title", ["title"]);
        }),
      catalog(),
      notices,
    );
    assert.deepEqual(statements, [
      'CREATE TABLE "_retort_batch_kids" (\n  "id" INTEGER NOT NULL,\n  "parent_id" INTEGER NOT NULL,\n  "title" VARCHAR(50),\n  "rank" INTEGER DEFAULT 0 NOT NULL,\n  CONSTRAINT "pk_kids" PRIMARY KEY ("id"),\n  CONSTRAINT "rank_positive" CHECK (rank >= 0)\n)',
      'INSERT INTO "_retort_batch_kids" ("id", "parent_id", "title") SELECT "id", "parent_id", CAST("name" AS VARCHAR(50)) FROM "kids"',
      'DROP TABLE "kids"',
      "PRAGMA legacy_alter_table = ON",
      'ALTER TABLE "_retort_batch_kids" RENAME TO "kids"',
      "PRAGMA legacy_alter_table = OFF",
      'CREATE INDEX "kids_title" ON "kids" ("title")',
      fkCheck("kids"),
    ]);
    assert.deepEqual(notices, ['SQLite cannot make the batch\'s 4 change(s) in place: table "kids" is rebuilt (created anew, rows copied, old table dropped)']);
  });

  test("a batch whose changes all run in place runs them in place", async () => {
    assert.deepEqual(
      await compile((op) => op.batchAlterTable("kids", (batch) => {
        batch.addColumn("nick", text());
        batch.alterColumn("name", { newName: "title" });
      }), catalog()),
      ['ALTER TABLE "kids" ADD COLUMN "nick" TEXT', 'ALTER TABLE "kids" RENAME COLUMN "name" TO "title"'],
    );
  });

  test("the facade refuses an empty or async batch when the migration builds it", async () => {
    await assert.rejects(compile((op) => op.batchAlterTable("kids", () => {}), catalog()), refused(/^batchAlterTable on "kids" makes no change$/));
    await assert.rejects(
      compile((op) => op.batchAlterTable("kids", (async () => {}) as never), catalog()),
      refused(/^the batchAlterTable function must not be async$/),
    );
  });
});
