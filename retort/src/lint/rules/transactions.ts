// How statements meet retort's transactions and lock waits. A migration runs in one
// transaction unless it exports `transactional = false`; retort runs an operation marked
// CONCURRENTLY outside it, but it cannot know what raw SQL needs.
import { defineRule, relName } from "../types.js";
import { POSTGRES_AND_MYSQL, POSTGRES_ONLY } from "./databases.js";

export const concurrentlyInTransaction = defineRule({
  id: "concurrently-in-transaction",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block: the migration fails when it reaches the statement",
  fix: "add `export const transactional = false` to the migration and give the statement its own op.execute call (or use op.createIndex(..., { concurrently: true }))",
  kinds: ["createIndex", "dropIndex"],
  check: (change, context, origin) => {
    if (!change.concurrent || origin.sql === undefined) return undefined;
    if (context.transactional) return `runs ${change.kind === "createIndex" ? "CREATE INDEX" : "DROP INDEX"} CONCURRENTLY in op.execute inside the migration's transaction: PostgreSQL refuses it`;
    if (origin.multiStatement === true) return "runs CONCURRENTLY in an op.execute text with several statements, which PostgreSQL runs as one transaction and refuses";
    return undefined;
  },
});

export const transactionControl = defineRule({
  id: "transaction-control",
  level: "error",
  reason: "BEGIN, COMMIT or ROLLBACK in op.execute breaks the transaction retort runs the migration and its version row in",
  fix: "remove it; use `export const transactional = false` for statements that must run outside a transaction",
  kinds: ["transactionControl"],
  check: (change) => `runs ${change.statement} in op.execute: retort manages the migration's transaction`,
});

export const missingLockTimeout = defineRule({
  id: "missing-lock-timeout",
  databases: POSTGRES_AND_MYSQL,
  level: "warn",
  reason: "a statement waiting for its lock behind one long query makes every later query on the table wait behind it: the outage lock_timeout prevents",
  fix: "set `lockTimeout` in retort.config.ts or `export const lockTimeout = \"2s\"` in the migration (or SET lock_timeout first)",
  once: true,
  kinds: ["addColumn", "alterType", "setNotNull", "createIndex", "dropIndex", "addConstraint", "renameTable", "renameColumn", "dropTable", "dropColumn", "truncate", "lockTable"],
  check: (change, context) => {
    if (context.lockTimeoutSet) return undefined;
    if (change.kind === "createIndex" && change.concurrent) return undefined;
    if (change.kind === "dropIndex") return change.concurrent || context.isNewIndex(change.name) ? undefined : `drops index ${change.name} with no lock_timeout: waiting for its lock stalls every query on the table`;
    const tables = change.kind === "truncate" ? change.tables : [change.table];
    const busy = tables.find((table) => !context.isNew(table));
    return busy === undefined ? undefined : `locks ${relName(busy)} with no lock_timeout: waiting for the lock stalls every query on the table`;
  },
});
