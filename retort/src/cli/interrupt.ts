// Ctrl-C and SIGTERM while a command runs. With a migration's statement in flight on a
// server, the first signal cancels it there (its transaction rolls back) and lets the run
// stop and report where it stopped, exiting 128 + the signal's number; a second signal, or
// one that arrives while no statement could be cancelled, exits at once as node would.
import { constants } from "node:os";
import { cancellableSessions, interrupt } from "../commands/interrupt.js";

export const signalExitCode = (signal: NodeJS.Signals): number => 128 + (constants.signals[signal] ?? 0);

export const installInterruptHandlers = (stderr: (text: string) => void): void => {
  let received = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (received || cancellableSessions() === 0) process.exit(signalExitCode(signal));
    received = true;
    stderr(`retort: ${signal}: cancelling the statement in flight (send it again to quit at once)\n`);
    void interrupt(signal);
  };
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
};
