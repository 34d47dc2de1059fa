// An interrupted run (Ctrl-C, SIGTERM from a container runtime). A migration travels with
// its COMMIT in one message, so a client that just exits would leave the server to finish
// it; instead the statement in flight is cancelled on the server, its transaction rolls
// back, no further statement or migration is sent, and the run reports where it stopped.
// Signals belong to the process, so this state does too: cli/ calls `interrupt` from its
// signal handler; each open live session registers how to cancel its statement; the
// connection sink and the step loop ask `interruption()` before each round trip and step.
import { RetortError } from "../errors.js";

let signal: NodeJS.Signals | null = null;
const cancellers = new Set<() => Promise<void>>();

/** Registers a session's way to cancel its running statement; returns the unregistering function. */
export const onInterrupt = (cancel: () => Promise<void>): (() => void) => {
  cancellers.add(cancel);
  return () => {
    cancellers.delete(cancel);
  };
};

/** How many sessions could be asked to cancel their statement right now. */
export const cancellableSessions = (): number => cancellers.size;

/** Marks the run interrupted and cancels every registered session's statement. */
export const interrupt = async (by: NodeJS.Signals): Promise<void> => {
  signal ??= by;
  await Promise.allSettled([...cancellers].map((cancel) => cancel()));
};

export const interruptedBy = (): NodeJS.Signals | null => signal;

/** The error a run stops with once interrupted, or null while it is not. */
export const interruption = (): RetortError | null =>
  signal === null
    ? null
    : new RetortError("INTERRUPTED", `interrupted by ${signal}`, {
        hint: "run the command again to continue",
        details: { signal },
      });
