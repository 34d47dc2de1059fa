// How a run's progress reads on stderr: one line as each step starts and one with its
// elapsed time as it ends, retries and lock waits as they happen, and the total. On a
// terminal a step that runs for more than 2 s also gets a live line (yocto-spinner, loaded
// only then) counting its seconds, so a migration waiting on a lock never looks hung.
import type { Writable } from "node:stream";
import type { Spinner } from "yocto-spinner";
import { stepLine, type CommandEvent } from "../commands/context.js";
import type { Style } from "./style.js";

const LIVE_AFTER_MS = 2000;

/** "12 ms", "1.25 s", "2 min 5 s". */
export const formatElapsed = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
};

const clock = (date: Date): string => date.toTimeString().slice(0, 8);

const holderText = (holder: { pid: number; applicationName: string; transactionSeconds: number | null }): string => {
  const name = holder.applicationName === "" ? "no application_name" : holder.applicationName;
  const age = holder.transactionSeconds === null ? "not in a transaction" : `transaction open ${holder.transactionSeconds.toFixed(1)} s`;
  return `pid ${holder.pid} (${name}, ${age})`;
};

/** The line for an event; undefined for events that print nothing. */
export const eventLine = (event: CommandEvent, style: Style): string => {
  switch (event.kind) {
    case "step":
      return `INFO  Running ${stepLine(event.step)}`;
    case "step-done":
      return `INFO  Done in ${formatElapsed(event.step.elapsedMs)}`;
    case "run-done":
      return `INFO  Ran ${event.steps} migrations in ${formatElapsed(event.elapsedMs)}`;
    case "retry": {
      const { retry } = event;
      const held =
        retry.holders.length === 0 ? "" : `; the lock is held by ${retry.holders.map(holderText).join(", ")}`;
      return `${style.yellow("WARN")}  ${stepLine(retry.step)}: ${retry.reason}${held}; retry ${retry.attempt} of ${retry.retries} in ${formatElapsed(retry.delayMs)}`;
    }
    case "lock-wait": {
      const who = event.pid === null ? "another process" : `pid ${event.pid}`;
      return `INFO  waiting for the migration lock held by ${who}${event.since === null ? "" : ` since ${clock(event.since)}`}`;
    }
    case "tenant-done":
      return event.error === null
        ? `INFO  tenant ${event.tenant}: ${event.steps === 0 ? "nothing to do" : `${event.steps} ${event.steps === 1 ? "migration" : "migrations"}`} in ${formatElapsed(event.elapsedMs)}`
        : `${style.red("ERROR")} tenant ${event.tenant} failed after ${event.steps} ${event.steps === 1 ? "migration" : "migrations"}: ${event.error}`;
    case "info":
      return `INFO  ${event.message}`;
    case "notice":
      return `NOTE  ${event.message}`;
    case "warning":
      return `${style.yellow("WARN")}  ${event.message}`;
  }
};

export interface Progress {
  report(event: CommandEvent): void;
  /** Stops a live line still running (the command failed mid-step). */
  finish(): void;
}

/**
 * `live` is the terminal stream for the live line, or undefined when stderr is not a
 * terminal (then only whole lines are written).
 */
export const createProgress = (write: (text: string) => void, style: Style, live: Writable | undefined): Progress => {
  let timer: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let spinner: Spinner | undefined;
  let generation = 0;
  const stopLive = (): void => {
    generation++;
    clearTimeout(timer);
    clearInterval(ticker);
    timer = ticker = undefined;
    spinner?.clear().stop();
    spinner = undefined;
  };
  const startLive = (title: string): void => {
    if (live === undefined) return;
    const started = Date.now();
    const mine = generation;
    const text = (): string => `${title} (${Math.floor((Date.now() - started) / 1000)} s)`;
    timer = setTimeout(() => {
      void import("yocto-spinner").then(({ default: createSpinner }) => {
        if (mine !== generation) return;
        spinner = createSpinner({ text: text(), stream: live, handleSignals: false }).start();
        ticker = setInterval(() => {
          if (spinner !== undefined) spinner.text = text();
        }, 1000);
      });
    }, LIVE_AFTER_MS);
    timer.unref();
  };
  return {
    report: (event) => {
      if (event.kind === "step-done" || event.kind === "run-done") stopLive();
      write(`${eventLine(event, style)}\n`);
      if (event.kind === "step") startLive(`Running ${stepLine(event.step)}`);
    },
    finish: stopLive,
  };
};
