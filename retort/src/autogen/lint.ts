// Operations that lose data or hold a long lock, flagged so that a reviewer notices them
// in the generated file and CI can list them (`retort check --lint`).
import type { Op } from "../ops/types.js";
import type { ColumnType } from "../schema/types.js";

export interface LintFinding {
  /** Position of the op in the upgrade list. */
  readonly index: number;
  readonly rule: "drop-table" | "drop-column" | "type-narrowing" | "set-not-null" | "add-not-null" | "backfill" | "blocking-index";
  readonly message: string;
}

const tableName = (op: { readonly schema?: string; readonly table: string }): string => (op.schema === undefined ? op.table : `${op.schema}.${op.table}`);

/** Whether every value of `from` fits in `to` without rewriting or loss. */
const widens = (from: ColumnType, to: ColumnType): boolean => {
  const rank: Record<string, number> = { smallint: 1, smallserial: 1, integer: 2, serial: 2, bigint: 3, bigserial: 3 };
  const a = rank[from.kind];
  const b = rank[to.kind];
  if (a !== undefined && b !== undefined) return b >= a;
  if ((from.kind === "varchar" || from.kind === "char") && (to.kind === "varchar" || to.kind === "text")) {
    return to.kind === "text" || to.length === undefined || (from.length !== undefined && to.length >= from.length);
  }
  if (from.kind === "numeric" && to.kind === "numeric") {
    if (to.precision === undefined) return true;
    if (from.precision === undefined) return false;
    return to.precision - (to.scale ?? 0) >= from.precision - (from.scale ?? 0) && (to.scale ?? 0) >= (from.scale ?? 0);
  }
  if (from.kind === "timestamp" && to.kind === "timestamp") return from.withTimezone === to.withTimezone && (to.precision ?? 6) >= (from.precision ?? 6);
  return false;
};

/** Tables the upgrade creates: indexes on them lock nothing anybody uses yet. */
const createdTables = (ops: readonly Op[]): Set<string> =>
  new Set(ops.flatMap((op) => (op.kind === "createTable" ? [tableName({ schema: op.table.schema, table: op.table.name })] : [])));

// A NOT NULL column the server cannot fill in (no default, identity, generation or serial).
const unfilled = (column: Extract<Op, { kind: "addColumn" }>["column"]): boolean =>
  !column.nullable && column.default === undefined && column.identity === undefined && column.generated === undefined && !column.type.kind.endsWith("serial");

export const lintOps = (ops: readonly Op[]): LintFinding[] => {
  const fresh = createdTables(ops);
  const findings: LintFinding[] = [];
  // Columns this upgrade adds nullable: a later SET NOT NULL on one is the safe shape.
  const addedNullable = new Set(ops.flatMap((op) => (op.kind === "addColumn" && op.column.nullable ? [`${tableName(op)}.${op.column.name}`] : [])));
  ops.forEach((op, index) => {
    if (op.kind === "addColumn" && unfilled(op.column) && !fresh.has(tableName(op))) {
      findings.push({
        index,
        rule: "add-not-null",
        message: `adds NOT NULL column ${tableName(op)}.${op.column.name} without a default: fails if the table has rows; add it nullable, backfill it, then set NOT NULL`,
      });
    } else if (op.kind === "alterColumn" && op.nullable === false && addedNullable.has(`${tableName(op)}.${op.column}`)) {
      findings.push({
        index,
        rule: "backfill",
        message: `backfill ${tableName(op)}.${op.column} here, before NOT NULL is set: e.g. await op.execute(sql\`UPDATE ... SET ${op.column} = ...\`)`,
      });
    }
    if (op.kind === "dropTable") {
      findings.push({ index, rule: "drop-table", message: `drops table ${tableName(op)} and all its rows` });
    } else if (op.kind === "dropColumn") {
      findings.push({ index, rule: "drop-column", message: `drops column ${tableName(op)}.${op.column} and its data` });
    } else if (op.kind === "alterColumn") {
      const from = op.previous?.type;
      if (op.type !== undefined && (from === undefined || !widens(from, op.type.to))) {
        findings.push({ index, rule: "type-narrowing", message: `changes the type of ${tableName(op)}.${op.column}: values may not fit, and the table is rewritten under an exclusive lock` });
      }
      const hasDefault = op.default !== undefined ? op.default !== null : op.previous?.default !== undefined && op.previous.default !== null;
      if (op.nullable === false && !hasDefault) {
        findings.push({ index, rule: "set-not-null", message: `sets NOT NULL on ${tableName(op)}.${op.column} without a default: fails on existing NULLs and scans the table under an exclusive lock` });
      }
    } else if (op.kind === "createIndex" && op.concurrently !== true && !fresh.has(tableName(op))) {
      findings.push({ index, rule: "blocking-index", message: `creates index ${op.index.name} on existing table ${tableName(op)} without CONCURRENTLY: writes are blocked while it builds` });
    }
  });
  return findings;
};
