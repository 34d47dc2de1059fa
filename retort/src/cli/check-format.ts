// The text `retort check` prints. Its own module so that the command table can hold it
// without loading the database layers at start-up.
import type { CheckResult } from "../commands/check.js";

/** The lines `retort check` prints. */
export const checkText = (result: CheckResult): string[] => {
  if (!result.differs) return ["No differences: the database matches the models."];
  const lines = [`${result.operations.length + result.ambiguities.length} pending change(s) between the models and ${result.database}:`];
  result.operations.forEach((operation, i) => {
    lines.push(`  ${operation}`);
    for (const finding of result.lint?.filter((f) => f.operation === i) ?? []) lines.push(`    lint: ${finding.message}`);
  });
  for (const a of result.ambiguities) lines.push(`  possible rename (decide with --rename/--no-rename ${a.flag})`);
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);
  return lines;
};
