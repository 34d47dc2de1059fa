// Autogenerate's safe mode (`--safe`, or `autogenerate: { safe: true }`): the same schema
// change written in the forms that keep a busy table usable. Tables the migration creates
// itself are left as they are: nobody uses them yet.
// - an index on an existing table is built (and dropped) CONCURRENTLY, which the runtime
//   runs outside the migration's transaction;
// - a foreign key or check is added NOT VALID and validated in a transaction of its own, so
//   the scan runs under a lock that lets reads and writes through;
// - a unique constraint takes over a unique index built CONCURRENTLY (USING INDEX);
// - SET NOT NULL is proven first by a CHECK (col IS NOT NULL) validated on its own, so
//   that PostgreSQL 12+ sets it without scanning; the check is dropped after.
// Everything else is written as in the normal mode, and the linter says what remains.
import type { Op, TableRef } from "../ops/types.js";

const key = (schema: string | undefined, table: string): string => `${schema ?? ""}.${table}`;
const refKey = (ref: TableRef): string => key(ref.schema, ref.table);

export const safeOps = (ops: readonly Op[]): Op[] => {
  const created = new Set(ops.flatMap((op) => (op.kind === "createTable" ? [key(op.table.schema, op.table.name)] : [])));
  const dropped = new Set(ops.flatMap((op) => (op.kind === "dropTable" ? [refKey(op)] : [])));
  const createdIndexes = new Set(ops.flatMap((op) => (op.kind === "createIndex" ? [op.index.name] : [])));
  const existing = (ref: TableRef): boolean => !created.has(refKey(ref));
  return ops.map((op): Op => {
    switch (op.kind) {
      case "createIndex":
        return existing(op) && op.concurrently !== true ? { ...op, concurrently: true } : op;
      case "dropIndex": {
        const table = op.previous?.table;
        const goes = table !== undefined && dropped.has(key(op.schema, table));
        return op.concurrently !== true && !goes && !createdIndexes.has(op.name) ? { ...op, concurrently: true } : op;
      }
      case "createForeignKey":
      case "createCheckConstraint":
        return existing(op) && op.validate === undefined ? { ...op, validate: "separately" } : op;
      case "createUniqueConstraint":
        return existing(op) && op.concurrently !== true ? { ...op, concurrently: true } : op;
      case "alterColumn":
        return existing(op) && op.nullable === false && op.viaCheck !== true ? { ...op, viaCheck: true } : op;
      default:
        return op;
    }
  });
};
