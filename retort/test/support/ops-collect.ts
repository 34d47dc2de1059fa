// Runs migration-style code against the op facade and returns the operations it built.
import { createOperations, type Operations, type OperationsOptions } from "../../src/ops/facade.js";
import type { Op } from "../../src/ops/types.js";

export const collectOps = async (fn: (op: Operations) => unknown, options?: OperationsOptions): Promise<Op[]> => {
  const ops: Op[] = [];
  const { op, drain } = createOperations(async (o) => {
    ops.push(o);
  }, options);
  await fn(op);
  await drain();
  return ops;
};
