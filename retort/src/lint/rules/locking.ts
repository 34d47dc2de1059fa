// Statements that hold a lock on an existing table for as long as they scan or build:
// every query on the table queues behind them. Each has a form that does the long part
// under a weaker lock (CONCURRENTLY, NOT VALID then VALIDATE, USING INDEX).
import { defineRule, relName } from "../types.js";
import { POSTGRES_ONLY } from "./databases.js";

export const indexNotConcurrent = defineRule({
  id: "index-not-concurrent",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "CREATE INDEX without CONCURRENTLY blocks every write to the table while the index builds",
  fix: "create it with CONCURRENTLY (op.createIndex(..., { concurrently: true })) in a migration with `export const transactional = false`",
  sizeDependent: true,
  kinds: ["createIndex"],
  check: (change, context) =>
    change.concurrent || context.isNew(change.table) || context.isSmall(change.table)
      ? undefined
      : `creates index ${change.name ?? "(unnamed)"} on existing table ${relName(change.table)} without CONCURRENTLY: writes are blocked while it builds`,
});

export const dropIndexNotConcurrent = defineRule({
  id: "drop-index-not-concurrent",
  databases: POSTGRES_ONLY,
  level: "warn",
  reason: "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, queueing every query behind it",
  fix: "drop it with CONCURRENTLY (op.dropIndex(name, { concurrently: true })) in a migration with `export const transactional = false`",
  kinds: ["dropIndex"],
  check: (change, context) =>
    change.concurrent || context.isNewIndex(change.name)
      ? undefined
      : `drops index ${change.name} without CONCURRENTLY: its table is locked against reads and writes until the drop commits`,
});

export const foreignKeyNotValid = defineRule({
  id: "foreign-key-not-valid",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "adding a foreign key checks every existing row while both tables are locked against writes",
  fix: "add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction (or use autogenerate's safe mode)",
  sizeDependent: true,
  kinds: ["addConstraint", "addColumn"],
  check: (change, context) => {
    if (context.isNew(change.table) || context.isSmall(change.table)) return undefined;
    if (change.kind === "addColumn") {
      return change.column.references
        ? `adds column ${relName(change.table)}.${change.column.name} with REFERENCES: the foreign key is validated under a lock on both tables`
        : undefined;
    }
    return change.constraint === "foreignKey" && !change.notValid
      ? `adds foreign key ${change.name ?? "(unnamed)"} on existing table ${relName(change.table)} without NOT VALID: every row is checked while writes are blocked`
      : undefined;
  },
});

export const checkNotValid = defineRule({
  id: "check-not-valid",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "adding a CHECK constraint scans the whole table under an ACCESS EXCLUSIVE lock",
  fix: "add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction (or use autogenerate's safe mode)",
  sizeDependent: true,
  kinds: ["addConstraint"],
  check: (change, context) =>
    change.constraint === "check" && !change.notValid && !context.isNew(change.table) && !context.isSmall(change.table)
      ? `adds check ${change.name ?? "(unnamed)"} on existing table ${relName(change.table)} without NOT VALID: the table is scanned while locked`
      : undefined,
});

export const setNotNull = defineRule({
  id: "set-not-null",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, and fails if a NULL remains",
  fix: "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a separate transaction, then SET NOT NULL (PostgreSQL 12+ then skips the scan) and drop the check",
  sizeDependent: true,
  kinds: ["setNotNull"],
  check: (change, context) =>
    context.isNew(change.table) || context.isSmall(change.table) || context.hasNotNullCheck(change.table, change.column)
      ? undefined
      : `sets NOT NULL on ${relName(change.table)}.${change.column} without a validated CHECK (${change.column} IS NOT NULL): the table is scanned under an exclusive lock`,
});

export const uniqueWithoutIndex = defineRule({
  id: "unique-without-index",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "adding a UNIQUE or PRIMARY KEY constraint builds its index while the table is locked against reads and writes",
  fix: "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE (or PRIMARY KEY) USING INDEX (or use autogenerate's safe mode)",
  sizeDependent: true,
  kinds: ["addConstraint", "addColumn"],
  check: (change, context) => {
    if (context.isNew(change.table) || context.isSmall(change.table)) return undefined;
    if (change.kind === "addColumn") {
      return change.column.unique || change.column.primaryKey
        ? `adds column ${relName(change.table)}.${change.column.name} with an inline UNIQUE or PRIMARY KEY: its index is built under an exclusive lock`
        : undefined;
    }
    if ((change.constraint !== "unique" && change.constraint !== "primaryKey") || change.usingIndex) return undefined;
    const what = change.constraint === "unique" ? "unique constraint" : "primary key";
    return `adds ${what} ${change.name ?? "(unnamed)"} on existing table ${relName(change.table)} without a prebuilt index: the index is built under an exclusive lock`;
  },
});
