// Statements that rewrite every row of an existing table, or fail on its existing rows,
// while it is locked against reads and writes.
import type { TypeFact } from "../types.js";
import { POSTGRES_AND_MYSQL, POSTGRES_ONLY } from "./databases.js";
import { defineRule, relName, typeText } from "../types.js";

const SERIAL = new Set(["serial", "smallserial", "bigserial", "serial4", "serial2", "serial8"]);

export const volatileDefault = defineRule({
  id: "volatile-default",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "a column added with a volatile default (random(), gen_random_uuid(), clock_timestamp(), a sequence) or a stored generated value makes PostgreSQL rewrite the whole table under an ACCESS EXCLUSIVE lock",
  fix: "add the column without a default (or with a constant one), backfill it in batches, then set the default",
  sizeDependent: true,
  kinds: ["addColumn"],
  check: ({ table, column }, context) => {
    if (context.isNew(table) || context.isSmall(table)) return undefined;
    const where = `${relName(table)}.${column.name}`;
    if (column.default?.volatile === true) return `adds column ${where} with the volatile default ${column.default.text}: the table is rewritten under an exclusive lock`;
    if (SERIAL.has(column.type.name)) return `adds ${column.type.name} column ${where}: filling it from its sequence rewrites the table under an exclusive lock`;
    if (column.identity) return `adds identity column ${where}: filling it rewrites the table under an exclusive lock`;
    if (column.generatedStored) return `adds stored generated column ${where}: computing it rewrites the table under an exclusive lock`;
    return undefined;
  },
});

export const addRequiredColumn = defineRule({
  id: "add-required-column",
  databases: POSTGRES_AND_MYSQL,
  level: "error",
  reason: "ADD COLUMN ... NOT NULL without a default fails as soon as the table has a row",
  fix: "give the column a constant default, or add it nullable, backfill it, and set NOT NULL through a validated CHECK",
  kinds: ["addColumn"],
  check: ({ table, column }, context) =>
    column.notNull && column.default === undefined && !column.identity && !column.generatedStored && !SERIAL.has(column.type.name) && !context.isNew(table)
      ? `adds NOT NULL column ${relName(table)}.${column.name} without a default: fails on a table with rows`
      : undefined,
});

// Type changes PostgreSQL makes without touching the rows: the new type accepts every
// value of the old one with the same binary representation.
const withoutRewrite = (from: TypeFact | undefined, to: TypeFact): boolean => {
  if (from === undefined || from.opaque === true || to.opaque === true) return false;
  if (from.name === "varchar" && to.name === "text") return true;
  if (from.name === "varchar" && to.name === "varchar") return to.length === undefined || (from.length !== undefined && to.length >= from.length);
  if (from.name === "numeric" && to.name === "numeric") {
    if (to.length === undefined) return true;
    if (from.length === undefined) return false;
    return (to.scale ?? 0) === (from.scale ?? 0) && to.length >= from.length;
  }
  if (from.name === to.name && (from.name === "timestamp" || from.name === "timestamptz" || from.name === "time" || from.name === "timetz"))
    return to.length === undefined || (from.length !== undefined && to.length >= from.length);
  if (from.name === "cidr" && to.name === "inet") return true;
  return false;
};

export const typeChange = defineRule({
  id: "type-change",
  level: "error",
  reason: "changing a column's type rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and values may not fit the new type",
  fix: "add a column of the new type, backfill it in batches, switch the code over, then drop the old column; widening varchar(n) or numeric(p) needs no rewrite",
  sizeDependent: true,
  kinds: ["alterType"],
  check: (change, context) =>
    context.isNew(change.table) || context.isSmall(change.table) || withoutRewrite(change.from, change.to)
      ? undefined
      : `changes the type of ${relName(change.table)}.${change.column}${change.from === undefined ? "" : ` from ${typeText(change.from)}`} to ${typeText(change.to)}: values may not fit, and the table is rewritten under an exclusive lock`,
});
