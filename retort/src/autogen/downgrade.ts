// The downgrade of a generated revision: the inverse of each upgrade op, in reverse
// order. An added enum value's inverse recreates the type without it (the op records the
// type's values and columns as they were).
import { reverseOp } from "../ops/reverse.js";
import type { Op } from "../ops/types.js";

export type DowngradeItem = Op | { readonly kind: "note"; readonly text: string };

export const downgradeOf = (upgrade: readonly Op[]): DowngradeItem[] => upgrade.slice().reverse().map((op): DowngradeItem => reverseOp(op));
