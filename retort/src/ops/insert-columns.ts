// The columns a bulkInsert writes, the same for every dialect: the ones the op names, or
// else every key any row has, in first-seen order (a row without a key takes the default).
import type { OpOf } from "./types.js";

export const insertColumns = (op: OpOf<"bulkInsert">): string[] => {
  if (op.columns !== undefined) return [...op.columns];
  const seen = new Set<string>();
  for (const row of op.rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
};
