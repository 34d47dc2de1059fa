// Findings as text for people, as GitHub Actions workflow commands (annotations on the
// pull request's files), or left to the CLI's JSON. Pure: returns lines.
import type { MigrationReport } from "./engine.js";
import type { Finding } from "./types.js";

export type LintFormat = "text" | "json" | "github";

export interface LintTotals {
  readonly migrations: number;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

export const totalsOf = (reports: readonly MigrationReport[]): LintTotals => {
  const all = reports.flatMap((r) => r.findings);
  return {
    migrations: reports.length,
    errors: all.filter((f) => f.level === "error").length,
    warnings: all.filter((f) => f.level === "warn").length,
    suppressed: reports.reduce((sum, r) => sum + r.suppressed.length, 0),
  };
};

const where = (report: { readonly path?: string; readonly revision: string }, finding: Finding, displayPath: (path: string) => string): string => {
  const file = report.path === undefined ? report.revision : displayPath(report.path);
  return finding.line === undefined ? file : `${file}:${finding.line}`;
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export const summaryLine = (totals: LintTotals): string => {
  const suppressed = totals.suppressed === 0 ? "" : ` (${totals.suppressed} suppressed)`;
  if (totals.errors + totals.warnings === 0) return `No findings in ${plural(totals.migrations, "migration")}${suppressed}.`;
  return `${plural(totals.errors, "error")}, ${plural(totals.warnings, "warning")} in ${plural(totals.migrations, "migration")}${suppressed}.`;
};

export const textLines = (reports: readonly MigrationReport[], displayPath: (path: string) => string): string[] => {
  const lines: string[] = [];
  for (const report of reports) {
    for (const finding of report.findings) {
      lines.push(`${where(report, finding, displayPath)}: ${finding.level === "error" ? "error" : "warning"} ${finding.rule}: ${finding.message}`);
      if (finding.sql !== undefined) lines.push(`  sql: ${finding.sql.replace(/\s+/g, " ")}`);
      lines.push(`  fix: ${finding.fix}`);
    }
  }
  lines.push(summaryLine(totalsOf(reports)));
  return lines;
};

// Workflow-command values escape %, CR and LF; properties also escape : and ,.
const escapeData = (text: string): string => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

export const githubLines = (reports: readonly MigrationReport[], displayPath: (path: string) => string): string[] => {
  const lines: string[] = [];
  for (const report of reports) {
    for (const finding of report.findings) {
      const properties = [
        `file=${escapeProperty(report.path === undefined ? report.revision : displayPath(report.path))}`,
        ...(finding.line === undefined ? [] : [`line=${finding.line}`]),
        `title=${escapeProperty(`retort lint ${finding.rule}`)}`,
      ];
      lines.push(`::${finding.level === "error" ? "error" : "warning"} ${properties.join(",")}::${escapeData(`${finding.message}. Fix: ${finding.fix}`)}`);
    }
  }
  lines.push(summaryLine(totalsOf(reports)));
  return lines;
};
