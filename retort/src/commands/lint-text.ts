// The text `retort lint` prints in each format, apart from the command so that the CLI can
// hold it without loading the linter or the database layers at start-up.
import { githubLines, textLines } from "../lint/report.js";
import type { LintResult } from "./lint.js";

export const lintText = (result: LintResult): string[] => {
  if (result.format === "json") return [JSON.stringify(result, null, 2)];
  const asGiven = (path: string): string => path;
  return result.format === "github" ? githubLines(result.migrations, asGiven) : textLines(result.migrations, asGiven);
};
