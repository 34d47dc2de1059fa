// Where the safe shape of a NOT NULL column wants the user's data. compare.ts adds such a
// column nullable and sets NOT NULL after it when the table has rows; between the two the
// rows need values that only the user knows, so the generated migration says so, as a
// remark above the SET NOT NULL (rendered like the linter's, which migration-source writes).
import type { Op } from "../ops/types.js";
import type { LintRemark } from "./render.js";

const columnKey = (schema: string | undefined, table: string, column: string): string => `${schema ?? ""}.${table}.${column}`;
const shown = (schema: string | undefined, table: string): string => (schema === undefined ? table : `${schema}.${table}`);

/** One remark for each SET NOT NULL on a column this same list adds nullable: the backfill hook. */
export const backfillRemarks = (ops: readonly Op[]): LintRemark[] => {
  const addedNullable = new Set<string>();
  const remarks: LintRemark[] = [];
  ops.forEach((op, index) => {
    if (op.kind === "addColumn" && op.column.nullable) addedNullable.add(columnKey(op.schema, op.table, op.column.name));
    if (op.kind === "alterColumn" && op.nullable === false && addedNullable.has(columnKey(op.schema, op.table, op.column))) {
      remarks.push({
        op: index,
        rule: "backfill",
        message: `backfill ${shown(op.schema, op.table)}.${op.column} here, before NOT NULL is set: e.g. await op.execute(sql\`UPDATE ... SET ${op.column} = ...\`)`,
      });
    }
  });
  return remarks;
};
