// The ordering guarantee behind `op`: operations run strictly in call order, one at a
// time, whether or not the migration awaits each call; after the first failure nothing
// else runs, and every later call's promise rejects with that same failure.
import type { Op } from "./types.js";

export interface OpQueue {
  /** Queues ops that run together, in order; the promise settles when the last has run. */
  enqueue(ops: readonly Op[]): Promise<void>;
  /** Records a failure found while building an op: ops queued before it run, none after it. */
  fail(error: unknown): void;
  /** Resolves when everything queued so far (and queued meanwhile) has run. */
  drain(): Promise<void>;
}

export const createQueue = (run: (op: Op) => Promise<void>): OpQueue => {
  let tail: Promise<void> = Promise.resolve();
  let failure: { readonly error: unknown } | undefined;
  const enqueue = (ops: readonly Op[]): Promise<void> => {
    const done = tail.then(async () => {
      if (failure !== undefined) throw failure.error;
      for (const op of ops) {
        try {
          await run(op);
        } catch (error) {
          failure ??= { error };
          throw error;
        }
      }
    });
    tail = done.catch(() => {});
    // A migration may leave the promise unawaited; drain() reports the failure instead.
    done.catch(() => {});
    return done;
  };
  const drain = async (): Promise<void> => {
    let seen: Promise<void>;
    do {
      seen = tail;
      await seen;
    } while (seen !== tail);
    if (failure !== undefined) throw failure.error;
  };
  // The failure takes its place in the queue: what was called before it still runs.
  const fail = (error: unknown): void => {
    tail = tail.then(() => void (failure ??= { error }));
  };
  return { enqueue, fail, drain };
};
