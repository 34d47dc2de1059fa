// The downgrade of a generated revision: the inverse of each upgrade op, in reverse
// order. PostgreSQL cannot remove a value from an enum type, so an added value stays on
// downgrade; the file says so where the inverse would be instead of failing to render.
import { reverseOp } from "../ops/reverse.js";
import type { Op } from "../ops/types.js";

export type DowngradeItem = Op | { readonly kind: "note"; readonly text: string };

export const downgradeOf = (upgrade: readonly Op[]): DowngradeItem[] =>
  upgrade
    .slice()
    .reverse()
    .map((op): DowngradeItem =>
      op.kind === "addEnumValue"
        ? { kind: "note", text: `enum value ${JSON.stringify(op.value)} of ${op.schema === undefined ? op.name : `${op.schema}.${op.name}`} stays: PostgreSQL cannot remove a value from an enum type` }
        : reverseOp(op),
    );
