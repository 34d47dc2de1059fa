// Every operation SQLite runs, applied to a real database file and then its inverse: the
// introspected schema must read exactly as before, and the change must be visible in between.
// Covers the in-place ALTERs and the move-and-copy (rows kept through both directions).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { createDialect } from "../../../src/dialects/index.js";
import type { Dialect } from "../../../src/dialects/types.js";
import type { Connection } from "../../../src/drivers/types.js";
import type { Operations } from "../../../src/ops/facade.js";
import { reverseOps } from "../../../src/ops/reverse.js";
import type { Op } from "../../../src/ops/types.js";
import type { Schema } from "../../../src/schema/types.js";
import { boolean, check, index, integer, numeric, sql, table, text, timestamp, uniqueIndex, uuid, varchar } from "../../../src/schema/index.js";
import { collectOps } from "../../support/ops-collect.js";

const folder = mkdtempSync(join(tmpdir(), "retort-sqlite-rt-"));
after(() => rmSync(folder, { recursive: true, force: true }));

const authors = table("authors", { id: integer().primaryKey(), email: varchar(200).notNull().unique(), active: boolean().notNull().default(true) });
const books = table(
  "books",
  {
    id: integer().primaryKey(),
    author_id: integer()
      .notNull()
      .references(() => authors.id, { onDelete: "cascade" }),
    title: text().notNull(),
    price: numeric(8, 2),
    ref: uuid(),
  },
  (t) => [check("price_positive", sql`price > 0`), index("books_title").on(t.title)],
);

let counter = 0;

/** A database with the two tables and a few rows, and a dialect that knows it. */
const fresh = async (): Promise<{ connection: Connection; dialect: () => Promise<Dialect> }> => {
  const file = join(folder, `rt-${++counter}.db`);
  const generic = createDialect(`sqlite://${file}`);
  const connection = await generic.driver.connect();
  const setup = await generic.forConnection(connection);
  for (const op of await collectOps(async (o) => {
    await o.createTable(authors);
    await o.createTable(books);
    await o.bulkInsert("authors", [{ id: 1, email: "a@x", active: true }]);
    await o.bulkInsert("books", [{ id: 1, author_id: 1, title: "One", price: 9.5 }]);
  }))
    for (const s of setup.compiler.compile(op)) await connection.query(s.sql, s.params);
  return { connection, dialect: () => generic.forConnection(connection) };
};

const apply = async (connection: Connection, dialect: Dialect, ops: readonly Op[]): Promise<void> => {
  await connection.exec("BEGIN IMMEDIATE");
  for (const op of ops) for (const s of dialect.compiler.compile(op)) await connection.query(s.sql, s.params);
  await connection.exec("COMMIT");
};

const read = async (connection: Connection, dialect: Dialect): Promise<Schema> =>
  dialect.introspector.introspect(connection, { versionTable: { name: "alembic_version" } });

const cases: [string, (op: Operations) => unknown][] = [
  ["addColumn nullable (in place)", (op) => op.addColumn("books", "subtitle", text())],
  ["addColumn NOT NULL with an expression default (rebuild)", (op) => op.addColumn("books", "added", timestamp().notNull().default(sql`CURRENT_TIMESTAMP`))],
  ["alterColumn rename (in place)", (op) => op.alterColumn("books", "title", { newName: "name" })],
  ["alterColumn nullability (rebuild)", (op) => op.alterColumn("books", "title", { nullable: true, existingNullable: false })],
  ["alterColumn type (rebuild)", (op) => op.alterColumn("books", "title", { type: varchar(300), existingType: text() })],
  ["alterColumn default (rebuild)", (op) => op.alterColumn("authors", "active", { default: false, existingDefault: true })],
  ["createIndex, unique, partial, expression", (op) => Promise.all([
    op.createIndex("books_price", "books", ["price"], { unique: true, where: "price IS NOT NULL" }),
    op.createIndex("books_lower_title", "books", [sql`lower(title)`]),
  ])],
  ["createUniqueConstraint (rebuild)", (op) => op.createUniqueConstraint("books_ref_key", "books", ["ref"])],
  ["createCheckConstraint (rebuild)", (op) => op.createCheckConstraint("books_title_len", "books", sql`length(title) > 0`)],
  ["createForeignKey (rebuild)", (op) => op.createForeignKey("books_self_fk", "books", "books", ["author_id"], ["id"])],
  ["renameTable", (op) => op.renameTable("books", "volumes")],
  [
    "batchAlterTable: a type change, a new column, a foreign key and an index in one rebuild",
    (op) =>
      op.batchAlterTable("books", (batch) => {
        batch.alterColumn("title", { type: varchar(120), existingType: text() });
        batch.addColumn("isbn", varchar(13));
        batch.addColumn("sequel_of", integer());
        batch.createForeignKey("books_sequel_of", "books", ["sequel_of"], ["id"]);
        batch.createIndex("books_isbn", ["isbn"], { unique: true });
      }),
  ],
  ["createTable and its index", async (op) => {
    await op.createTable("tags", { id: integer().primaryKey(), label: text().notNull() });
    await op.createIndex("tags_label", "tags", ["label"], { unique: true });
  }],
];

describe("SQLite op round trips: apply, introspect, inverse, introspect equal", () => {
  for (const [name, fn] of cases) {
    test(name, async () => {
      const { connection, dialect } = await fresh();
      try {
        const before = await read(connection, await dialect());
        const ops = await collectOps(fn);
        await apply(connection, await dialect(), ops);
        const changed = await read(connection, await dialect());
        assert.notDeepEqual(changed, before, "the change is visible in the catalog");
        await apply(connection, await dialect(), reverseOps(ops));
        assert.deepEqual(await read(connection, await dialect()), before);
        // The rows went through every rebuild, both ways.
        const { rows } = await connection.query("SELECT id, author_id, title FROM books");
        assert.deepEqual(rows, [{ id: 1, author_id: 1, title: "One" }]);
      } finally {
        await connection.close();
      }
    });
  }

  test("the introspected base schema says what the models said", async () => {
    const { connection, dialect } = await fresh();
    try {
      const schema = await read(connection, await dialect());
      const bookTable = schema.tables.find((t) => t.name === "books");
      assert.deepEqual(bookTable, {
        name: "books",
        columns: [
          { name: "id", type: { kind: "integer" }, nullable: false },
          { name: "author_id", type: { kind: "integer" }, nullable: false },
          { name: "title", type: { kind: "text" }, nullable: false },
          { name: "price", type: { kind: "numeric", precision: 8, scale: 2 }, nullable: true },
          { name: "ref", type: { kind: "uuid" }, nullable: true },
        ],
        primaryKey: { name: "pk_books", columns: ["id"] },
        uniques: [],
        checks: [{ name: "ck_books_price_positive", expression: "price > 0" }],
        foreignKeys: [{ name: "fk_books_author_id_authors", columns: ["author_id"], references: { table: "authors", columns: ["id"] }, onDelete: "cascade" }],
        indexes: [{ name: "books_title", unique: false, elements: [{ kind: "column", name: "title" }] }],
      });
      assert.deepEqual(schema.tables.find((t) => t.name === "authors")?.uniques, [{ name: "uq_authors_email", columns: ["email"] }]);
      assert.deepEqual(schema.tables.find((t) => t.name === "authors")?.columns[2], { name: "active", type: { kind: "boolean" }, nullable: false, default: { kind: "literal", value: true } });
    } finally {
      await connection.close();
    }
  });
});
void uniqueIndex;
