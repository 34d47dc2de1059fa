// What a migration's source says to the linter without running it: suppression comments
// (`// retort-lint-disable-next-line RULE reason`) and whether it exports a lockTimeout.
import type { Suppression } from "./engine.js";

export const SUPPRESSION_MARKER = "retort-lint-disable-next-line";
const SUPPRESSION = new RegExp(`^\\s*//\\s*${SUPPRESSION_MARKER}\\b(.*)$`);

/** Suppression comments, each applying to the next line that is neither blank nor a comment. */
export const suppressionsIn = (source: string): Suppression[] => {
  const lines = source.split("\n");
  const found: Suppression[] = [];
  lines.forEach((text, index) => {
    const match = SUPPRESSION.exec(text);
    if (match === null) return;
    const rest = (match[1] ?? "").trim();
    const space = rest.search(/\s/);
    const ids = space < 0 ? rest : rest.slice(0, space);
    const reason = space < 0 ? "" : rest.slice(space).trim();
    let target = index + 1;
    while (target < lines.length && (/^\s*$/.test(lines[target] ?? "") || /^\s*\/\//.test(lines[target] ?? ""))) target++;
    found.push({
      commentLine: index + 1,
      line: target + 1,
      rules: ids.split(",").map((id) => id.trim()).filter((id) => id !== ""),
      reason,
    });
  });
  return found;
};

const LOCK_TIMEOUT_EXPORT = /^\s*export\s+const\s+lockTimeout\s*[:=]/m;

export interface SourceFacts {
  readonly suppressions: Suppression[];
  readonly lockTimeout: boolean;
}

export const sourceFacts = (source: string): SourceFacts => ({
  suppressions: source.includes(SUPPRESSION_MARKER) ? suppressionsIn(source) : [],
  lockTimeout: LOCK_TIMEOUT_EXPORT.test(source),
});
