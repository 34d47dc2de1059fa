// Inverses of the operations on extensions, sequences, policies and row-level security
// (reverse.ts holds the rest). Each drop or change needs what it removed in `previous`.
import { RetortError } from "../errors.js";
import type { Op, OpHandlers } from "./types.js";

type ObjectKind = "createExtension" | "dropExtension" | "createSequence" | "alterSequence" | "dropSequence" | "createPolicy" | "dropPolicy" | "setRowLevelSecurity";

const notRecorded = (op: Op, what: string): RetortError =>
  new RetortError("IRREVERSIBLE_OPERATION", `${op.kind} cannot be reversed: ${what} is not recorded`, {
    hint: "Write the downgrade by hand, or let autogenerate write the operation with what it replaces.",
  });

const schemaOf = (schema: string | undefined) => (schema === undefined ? {} : { schema });

export const objectInverses: Pick<OpHandlers<Op>, ObjectKind> = {
  createExtension: (op) => ({ kind: "dropExtension", name: op.extension.name, previous: op.extension }),
  dropExtension: (op) => {
    if (op.previous === undefined) throw notRecorded(op, "the dropped extension's schema and version");
    return { kind: "createExtension", extension: op.previous };
  },
  createSequence: (op) => ({ kind: "dropSequence", ...schemaOf(op.sequence.schema), name: op.sequence.name, previous: op.sequence }),
  alterSequence: (op) => {
    if (op.previous === undefined) throw notRecorded(op, "the sequence's previous options");
    return { kind: "alterSequence", sequence: op.previous, previous: op.sequence };
  },
  dropSequence: (op) => {
    if (op.previous === undefined) throw notRecorded(op, "the dropped sequence's options");
    return { kind: "createSequence", sequence: op.previous };
  },
  createPolicy: (op) => ({ kind: "dropPolicy", ...schemaOf(op.policy.schema), table: op.policy.table, name: op.policy.name, previous: op.policy }),
  dropPolicy: (op) => {
    if (op.previous === undefined) throw notRecorded(op, "the dropped policy's definition");
    return { kind: "createPolicy", policy: op.previous };
  },
  setRowLevelSecurity: (op) => {
    if (op.previous === undefined) throw notRecorded(op, "the table's previous row-level security");
    return {
      kind: "setRowLevelSecurity",
      ...schemaOf(op.schema),
      table: op.table,
      ...(op.enabled === undefined ? {} : { enabled: op.previous.enabled }),
      ...(op.forced === undefined ? {} : { forced: op.previous.forced }),
      previous: { enabled: op.enabled ?? op.previous.enabled, forced: op.forced ?? op.previous.forced },
    };
  },
};
