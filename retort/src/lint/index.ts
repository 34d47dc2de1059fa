// The linter's public surface: rules over operations and over the raw SQL in op.execute.
export { lintMigrations, lintOps, relKey, DEFAULT_LARGE_TABLE_ROWS, type LintOptions, type MigrationReport, type MigrationToLint, type Suppression } from "./engine.js";
export { RULES, RULE_IDS, INVALID_SUPPRESSION } from "./rules/index.js";
export { sourceFacts, SUPPRESSION_MARKER, type SourceFacts } from "./source-comments.js";
export { githubLines, summaryLine, textLines, totalsOf, type LintFormat, type LintTotals } from "./report.js";
export type { Finding, Level, Rule, Setting, SuppressedFinding } from "./types.js";
