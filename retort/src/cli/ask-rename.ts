// On a terminal, autogenerate asks about each possible rename instead of refusing: the
// answer decides whether the data is kept (rename) or the old item dropped.
import { createInterface } from "node:readline/promises";
import type { RenameDecider } from "../commands/autogenerate.js";

/** A decider that asks on the terminal, or undefined when stdin or stderr is not a TTY. */
export const renameDecider = (): RenameDecider | undefined => {
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) return undefined;
  return async (ambiguity) => {
    const what = ambiguity.kind === "table" ? `table ${ambiguity.from}` : `column ${ambiguity.table}.${ambiguity.from}`;
    const prompt = `${what} disappears and ${ambiguity.kind} ${ambiguity.to} appears. Rename it (keeps the data)? [y = rename / n = drop and add] `;
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      for (;;) {
        const answer = (await rl.question(prompt)).trim().toLowerCase();
        if (answer === "y" || answer === "yes") return true;
        if (answer === "n" || answer === "no") return false;
      }
    } finally {
      rl.close();
    }
  };
};
