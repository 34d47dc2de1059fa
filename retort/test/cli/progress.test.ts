// Progress on stderr: lines with elapsed times everywhere, and on a terminal a live line
// for a step that runs longer than 2 s.
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { createProgress, eventLine, formatElapsed } from "../../src/cli/progress.js";
import { createStyle } from "../../src/cli/style.js";

const plain = createStyle(false, {});
const step = { direction: "up", revision: "a2", from: "a1", to: "a2", message: "slow", file: "/x/a2.ts" } as const;

test("elapsed times read in ms, seconds, then minutes", () => {
  assert.deepEqual([formatElapsed(12.4), formatElapsed(1250), formatElapsed(125_000)], ["12 ms", "1.25 s", "2 min 5 s"]);
});

test("a step's end, a run's total, a retry naming the holder, and a lock wait", () => {
  assert.equal(eventLine({ kind: "step-done", step: { ...step, elapsedMs: 1500 } }, plain), "INFO  Done in 1.50 s");
  assert.equal(eventLine({ kind: "run-done", steps: 3, elapsedMs: 40 }, plain), "INFO  Ran 3 migrations in 40 ms");
  assert.equal(
    eventLine(
      {
        kind: "retry",
        retry: {
          step,
          attempt: 2,
          retries: 5,
          delayMs: 500,
          reason: "canceling statement due to lock timeout",
          statement: "ALTER TABLE t ADD c int",
          holders: [{ pid: 42, applicationName: "psql", transactionSeconds: 3.21 }],
        },
      },
      plain,
    ),
    "WARN  upgrade a1 -> a2, slow: canceling statement due to lock timeout; the lock is held by pid 42 (psql, transaction open 3.2 s); retry 2 of 5 in 500 ms",
  );
  assert.equal(
    eventLine({ kind: "lock-wait", pid: 7, since: new Date(2026, 0, 1, 12, 0, 3) }, plain),
    "INFO  waiting for the migration lock held by pid 7 since 12:00:03",
  );
});

test("on a terminal a step running over 2 s gets a live line with its seconds; none before", async () => {
  // A terminal as tty.WriteStream presents one: the cursor moves are the escapes it would send.
  const stream = new PassThrough();
  const terminal = Object.assign(stream, {
    isTTY: true,
    columns: 80,
    cursorTo: (x: number, callback?: () => void) => stream.write(`\x1b[${x + 1}G`, callback),
    clearLine: (_dir: number, callback?: () => void) => stream.write("\x1b[2K", callback),
    moveCursor: (_dx: number, dy: number, callback?: () => void) => stream.write(dy < 0 ? `\x1b[${-dy}A` : "", callback),
  });
  let drawn = "";
  terminal.on("data", (chunk: Buffer) => (drawn += chunk.toString()));
  const lines: string[] = [];
  const saved = process.env.CI;
  delete process.env.CI;
  try {
    const progress = createProgress((text) => lines.push(text), plain, terminal);
    progress.report({ kind: "step", step });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(drawn, "");
    await new Promise((resolve) => setTimeout(resolve, 1700));
    assert.match(drawn, /Running upgrade a1 -> a2, slow \(\d s\)/);
    progress.report({ kind: "step-done", step: { ...step, elapsedMs: 3200 } });
    assert.deepEqual(lines, ["INFO  Running upgrade a1 -> a2, slow\n", "INFO  Done in 3.20 s\n"]);
  } finally {
    if (saved !== undefined) process.env.CI = saved;
  }
});
