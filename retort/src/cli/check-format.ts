// The text `retort check` prints. Its own module so that the command table can hold it
// without loading the database layers at start-up.
import type { CheckResult, HistoryCheckResult } from "../commands/check.js";
import { editedLine, when } from "../commands/log-text.js";

/** The lines `retort check` prints. */
export const checkText = (result: CheckResult): string[] => {
  if (!result.differs) return ["No differences: the database matches the models."];
  const lines = [`${result.operations.length + result.ambiguities.length} pending change(s) between the models and ${result.database}:`];
  result.operations.forEach((operation, i) => {
    lines.push(`  ${operation}`);
    for (const finding of result.lint?.filter((f) => f.operation === i) ?? []) lines.push(`    lint: ${finding.level === "error" ? "error" : "warning"} ${finding.rule}: ${finding.message}`);
  });
  for (const a of result.ambiguities) lines.push(`  possible rename (decide with --rename/--no-rename ${a.flag})`);
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);
  return lines;
};

/** The lines `retort check --history` prints. */
export const historyCheckText = (result: HistoryCheckResult): string[] => {
  if (!result.problems) return [`The applied migrations of ${result.database} are the files in the versions folder.`];
  return [
    `The applied migrations of ${result.database} differ from the versions folder:`,
    ...result.edited.map((edit) => `  edited: ${editedLine(edit)}`),
    ...result.missing.map((gone) => `  missing: ${gone.revision} ran on ${when(gone.ranAt)}, and no file defines it any more`),
    ...result.unknown.map((id) => `  unknown: the database is at ${id}, which no file defines`),
  ];
};
