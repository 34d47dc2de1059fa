// `retort lint [range] [--all] [--format text|json|github]`: the rules of lint/ over the
// upgrades of a range of migrations, without applying anything. The default range is what
// the database has not applied yet (up to every head); `from:to` names one without a
// database; --all lints every migration, each on its own. With --url the database's row
// estimates let size-dependent rules pass on small tables.
import { relative } from "node:path";
import { createDialect } from "../dialects/index.js";
import { RetortError } from "../errors.js";
import type { Execute } from "../ops/types.js";
import { planUpgrade, resolveTarget, type MigrationStep, type RevisionId } from "../graph/index.js";
import {
  SUPPRESSION_MARKER,
  lintMigrations,
  sourceFacts,
  totalsOf,
  type LintFormat,
  type LintTotals,
  type MigrationReport,
  type MigrationToLint,
} from "../lint/index.js";
import { collectUpgrade, sourceLines, type CollectedUpgrade } from "../runtime/collect-upgrade.js";
import { openSession, readHeads } from "../runtime/index.js";
import { prepareMigrations } from "../script/index.js";
import type { CommandContext } from "./context.js";
import { configuredLockTimeout, lintSettings } from "./lint-settings.js";
import { databaseTarget, loadProject, operationsOptionsOf, versionTableOf, type Project } from "./project.js";

export interface LintCommandOptions {
  /** A target (from the database's heads) or `from:to`; default every head. */
  readonly range?: string;
  readonly all?: boolean;
  readonly format?: string;
}

export interface LintResult {
  readonly format: LintFormat;
  /** The database read for applied revisions and row counts; null when none was read. */
  readonly database: string | null;
  /** Whether row counts were used (--url). */
  readonly rowCounts: boolean;
  readonly totals: LintTotals;
  /** Migrations in the order linted; paths relative to the working directory. */
  readonly migrations: MigrationReport[];
}

const FORMATS: readonly LintFormat[] = ["text", "json", "github"];

const formatOf = (given: string | undefined): LintFormat => {
  if (given === undefined) return "text";
  if ((FORMATS as readonly string[]).includes(given)) return given as LintFormat;
  throw new RetortError("USAGE", `unknown lint format '${given}'`, { hint: `use --format ${FORMATS.join(", --format ")}` });
};

const splitRange = (range: string): { from: string; to: string } | undefined => {
  const colon = range.indexOf(":");
  return colon < 0 ? undefined : { from: range.slice(0, colon), to: range.slice(colon + 1) };
};

interface Selection {
  readonly steps: readonly MigrationStep[];
  readonly pending: boolean;
  readonly database: string | null;
  readonly rowCounts?: ReadonlyMap<string, number>;
}

const select = async (project: Project, options: LintCommandOptions, context: CommandContext): Promise<Selection> => {
  const withCounts = context.url !== undefined;
  if (options.all === true && options.range !== undefined) {
    throw new RetortError("USAGE", "give either a range or --all, not both", { hint: "`retort lint --all` lints every migration" });
  }
  const range = options.range === undefined ? undefined : splitRange(options.range);
  if (range !== undefined && (range.from === "" || range.to === "")) {
    throw new RetortError("USAGE", `the range '${options.range}' needs a revision on both sides of ':'`, { hint: "write it as from:to, e.g. `ae10:head`" });
  }
  let current: RevisionId[] = [];
  let database: string | null = null;
  let rowCounts: Map<string, number> | undefined;
  // Without a database the whole history (or the given range) is linted from the graph alone.
  if ((options.all !== true && range === undefined) || withCounts) {
    const { target } = databaseTarget(context, project.config);
    const session = await openSession({ target, versionTable: versionTableOf(project.config), lock: false });
    try {
      database = target.display;
      if (options.all !== true && range === undefined) current = await readHeads(session);
      if (withCounts) rowCounts = await session.dialect.introspector.tableRows(session.connection);
    } finally {
      await session.close();
    }
  }
  const start = range === undefined ? current : resolveTarget(project.graph, range.from, []);
  const steps = planUpgrade(project.graph, options.all === true ? [] : start, range?.to ?? options.range ?? "heads").steps;
  return { steps, pending: options.all !== true, database, ...(rowCounts === undefined ? {} : { rowCounts }) };
};

export const lint = async (options: LintCommandOptions, context: CommandContext): Promise<LintResult> => {
  const format = formatOf(options.format);
  const project = await loadProject(context);
  const settings = lintSettings(project);
  const selection = await select(project, options, context);
  const revisions = selection.steps.map((step) => {
    const revision = project.revisions.get(step.revision);
    if (revision === undefined) throw new Error(`internal error: no script for revision ${step.revision}`);
    return revision;
  });
  // Compiles every file in parallel first, as a run does; collecting then only evaluates.
  await prepareMigrations(revisions);
  const operations = operationsOptionsOf(project.config);
  const collected: CollectedUpgrade[] = [];
  for (const revision of revisions) collected.push(await collectUpgrade(revision, operations));
  const facts = collected.map((c) => sourceFacts(c.source));
  const lineCache = new Map<number, (number | undefined)[]>();
  // Mapping frames to lines parses each file's source map, so only files that need them
  // pay: those with suppression comments (before linting) and those with findings (after).
  const placeLines = async (indexes: readonly number[]): Promise<void> => {
    const missing = indexes.filter((i) => !lineCache.has(i));
    const found = await Promise.all(missing.map((i) => sourceLines(revisions[i]!, collected[i]!.sites)));
    missing.forEach((i, k) => lineCache.set(i, found[k]!));
  };
  const migrations = (): MigrationToLint[] =>
    revisions.map((revision, i) => {
      const c = collected[i]!;
      const lines = lineCache.get(i);
      return {
        revision: revision.id,
        path: relative(context.cwd, revision.path),
        transactional: revision.transactional,
        lockTimeout: facts[i]!.lockTimeout || configuredLockTimeout(project),
        ops: c.ops,
        ...(lines === undefined ? {} : { lines }),
        suppressions: facts[i]!.suppressions,
        ...(c.failure === undefined ? {} : { failure: c.failure }),
      };
    });
  const largeTableRows = project.config.config.lint.largeTableRows;
  // Compiled as for an offline script: the text of an op.execute is the same for a server
  // and PGlite, and nothing connects.
  const { compiler, name: dialect } = createDialect(databaseTarget(context, project.config).target, { offline: true });
  const lintOptions = {
    dialect,
    sqlText: (op: Execute) => compiler.compile(op).map((statement) => statement.sql).join(";\n"),
    expressionText: compiler.expression,
    settings,
    pending: selection.pending,
    ...(selection.rowCounts === undefined ? {} : { rowCounts: selection.rowCounts }),
    ...(largeTableRows === null ? {} : { largeTableRows }),
  };
  await placeLines(facts.flatMap((f, i) => (f.suppressions.length > 0 ? [i] : [])));
  const linted = await lintMigrations(migrations(), lintOptions);
  // A file without suppression comments gets its lines after linting: nothing in it
  // depends on them, so each finding takes the line of its op.
  const unplaced = linted.flatMap((report, i) => (!lineCache.has(i) && report.findings.some((f) => f.op >= 0) ? [i] : []));
  await placeLines(unplaced);
  const reports = linted.map((report, i) => {
    const lines = unplaced.includes(i) ? lineCache.get(i) : undefined;
    if (lines === undefined) return report;
    const findings = report.findings.map((f) => {
      const line = f.op >= 0 ? lines[f.op] : undefined;
      return line === undefined || f.line !== undefined ? f : { ...f, line };
    });
    return { ...report, findings };
  });
  return { format, database: selection.database, rowCounts: selection.rowCounts !== undefined, totals: totalsOf(reports), migrations: reports };
};
