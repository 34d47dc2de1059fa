// Two introspected schemas compared, as lines people read: the operations that would turn
// the expected schema into the actual one, each marked + (only in the actual schema),
// - (missing from it) or ~ (changed). Both sides were read by the same introspector, so
// autogenerate's comparison is the equality: what it would not write an operation for
// is the same. Possible renames are listed, never guessed.
import { compareSchemas } from "../autogen/compare.js";
import { describeOp } from "../autogen/render.js";
import type { Op } from "../ops/types.js";
import type { Schema } from "../schema/types.js";

const mark = (op: Op): string => {
  if (/^(create|add)/.test(op.kind)) return "+";
  if (op.kind.startsWith("drop")) return "-";
  return "~";
};

/** [] when the schemas are the same; else one line per difference, from expected to actual. */
export const schemaDifferences = (expected: Schema, actual: Schema): string[] => {
  const comparison = compareSchemas(expected, actual);
  return [
    ...comparison.ops.map((op) => `${mark(op)} ${describeOp(op)}`),
    ...comparison.ambiguities.map((a) => `~ ${a.kind} ${a.kind === "table" ? a.from : `${a.table}.${a.from}`} is missing and ${a.kind === "table" ? a.to : `${a.table}.${a.to}`} is present instead`),
    ...comparison.warnings.map((warning) => `~ ${warning}`),
  ];
};
