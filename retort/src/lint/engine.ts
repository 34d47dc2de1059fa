// Runs the rules over migrations' operations, in order, tracking what the range has done so
// far: tables and indexes it created (nobody uses them yet), NOT NULL checks it validated,
// types it dropped, whether lock_timeout is set. Levels come from the rule unless the
// config overrides them; suppression comments move a finding to `suppressed`.
import type { Execute, Op } from "../ops/types.js";
import { changesOfOp } from "./from-ops.js";
import { spelledText } from "../schema/sql-text.js";
import type { SqlText } from "../schema/types.js";
import { changesOfSql } from "./from-sql.js";
import { loadParser } from "./parser.js";
import { INVALID_SUPPRESSION, RULES } from "./rules/index.js";
import { relName } from "./types.js";
import type { Change, Finding, LocatedChange, Origin, Rel, Rule, RuleContext, Setting, SuppressedFinding } from "./types.js";

/** A `// retort-lint-disable-next-line RULE reason` comment. */
export interface Suppression {
  /** The line of the comment, 1-based. */
  readonly commentLine: number;
  /** The line it applies to: the next line of code. */
  readonly line: number;
  readonly rules: readonly string[];
  readonly reason: string;
}

export interface MigrationToLint {
  readonly revision: string;
  readonly path?: string;
  readonly transactional: boolean;
  /** lock_timeout comes from the config or the migration's `export const lockTimeout`. */
  readonly lockTimeout: boolean;
  readonly ops: readonly Op[];
  /** Per op: the line of its call in the file, when known. */
  readonly lines?: readonly (number | undefined)[];
  /** Why loading or running upgrade() failed; the ops are those built before it. */
  readonly failure?: string;
  readonly suppressions?: readonly Suppression[];
}

export interface LintOptions {
  /** The config's `lint.rules`. */
  readonly settings?: Readonly<Record<string, Setting>>;
  /** Row estimates by `schema.table` (with --url); absent means sizes are unknown. */
  readonly rowCounts?: ReadonlyMap<string, number>;
  /** Tables with fewer rows pass size-dependent rules (default 10,000). */
  readonly largeTableRows?: number;
  /**
   * The migrations are not applied yet, so a table created by an earlier one in the list
   * is as new as one created in the same migration. Otherwise (--all) each migration is
   * judged on its own, as it was when it ran against a database in use.
   */
  readonly pending?: boolean;
  /**
   * The text of an op.execute as the database receives it. An sql`` fragment is joined by
   * the dialect (quoting is its business), so callers that lint such ops pass this.
   */
  readonly sqlText?: (op: Execute) => string;
  /** A model expression (SqlText) as the database reads it: the dialect's speller (DialectCompiler.expression). */
  readonly expressionText?: (text: SqlText) => string;
  /**
   * The dialect the migrations run on (default "postgres"): rules that name other dialects
   * are skipped, and op.execute text is parsed only for PostgreSQL, whose grammar the
   * parser knows.
   */
  readonly dialect?: string;
}

export interface MigrationReport {
  readonly revision: string;
  readonly path?: string;
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
}

export const DEFAULT_LARGE_TABLE_ROWS = 10_000;

export const relKey = (rel: Rel): string => `${rel.schema ?? "public"}.${rel.name}`;

// Translations are kept per op object (ops are frozen) and per SQL text: a command lints a
// range twice when it goes back for source lines, and parsing is the linter's main cost.
const opChanges = new WeakMap<Op, Change[]>();
const sqlChanges = new Map<string, ReturnType<typeof changesOfSql>>();

const changesOf = (op: Op, text: (value: SqlText) => string): Change[] => {
  let changes = opChanges.get(op);
  if (changes === undefined) opChanges.set(op, (changes = changesOfOp(op, text)));
  return changes;
};

const parsedSql = (sql: string): ReturnType<typeof changesOfSql> => {
  let parsed = sqlChanges.get(sql);
  if (parsed === undefined) sqlChanges.set(sql, (parsed = changesOfSql(sql)));
  return parsed;
};

const textOf = (op: Execute): string => {
  if (typeof op.sql === "string") return op.sql;
  throw new Error("internal error: linting an sql`` fragment needs LintOptions.sqlText");
};

const locate = (
  ops: readonly Op[],
  lines: readonly (number | undefined)[] | undefined,
  sqlText: ((op: Execute) => string) | null,
  expressionText: (value: SqlText) => string,
): LocatedChange[] =>
  ops.flatMap((op, index) => {
    const line = lines?.[index];
    const base: Origin = line === undefined ? { op: index } : { op: index, line };
    if (op.kind !== "execute") return changesOf(op, expressionText).map((change) => ({ change, origin: base }));
    if (sqlText === null) return [];
    const text = sqlText(op);
    const parsed = parsedSql(text);
    if ("unparseable" in parsed) return [{ change: { kind: "unparseable", message: parsed.unparseable } as Change, origin: { ...base, sql: text.trim() } }];
    return parsed.flatMap((statement, position) =>
      statement.changes.map((change) => ({
        change,
        origin: { ...base, statement: position, sql: statement.sql, ...(parsed.length > 1 ? { multiStatement: true } : {}) },
      })),
    );
  });

/** What the range has done so far. */
interface RangeState {
  readonly tables: Set<string>;
  readonly indexes: Set<string>;
  /** `table|constraint` -> column, for CHECK (column IS NOT NULL) added NOT VALID. */
  readonly pendingChecks: Map<string, string>;
  /** `table|column` with a validated NOT NULL check. */
  readonly notNull: Set<string>;
  /** `table|trigger` -> the function the trigger calls. */
  readonly triggers: Map<string, { readonly label: string; readonly fn: string }>;
  /** View -> the relations its query reads. */
  readonly views: Map<string, { readonly label: string; readonly reads: readonly string[] }>;
}

const newState = (): RangeState => ({ tables: new Set(), indexes: new Set(), pendingChecks: new Map(), notNull: new Set(), triggers: new Map(), views: new Map() });

const record = (state: RangeState, change: Change): void => {
  switch (change.kind) {
    case "createTable":
      state.tables.add(relKey(change.table));
      break;
    case "renameTable":
      if (state.tables.has(relKey(change.table))) state.tables.add(relKey({ ...change.table, name: change.to }));
      break;
    case "createIndex":
      if (change.name !== undefined) state.indexes.add(change.name);
      break;
    case "addConstraint":
      if (change.notNullColumn === undefined || change.name === undefined) break;
      if (change.notValid) state.pendingChecks.set(`${relKey(change.table)}|${change.name}`, change.notNullColumn);
      else state.notNull.add(`${relKey(change.table)}|${change.notNullColumn}`);
      break;
    case "createTrigger":
      state.triggers.set(`${relKey(change.table)}|${change.name}`, { label: `${relName(change.table)}.${change.name}`, fn: relKey(change.function) });
      break;
    case "dropTrigger":
      state.triggers.delete(`${relKey(change.table)}|${change.name}`);
      break;
    case "createView":
      state.views.set(relKey(change.name), { label: relName(change.name), reads: change.reads.map(relKey) });
      break;
    case "dropView":
      state.views.delete(relKey(change.name));
      break;
    case "validateConstraint": {
      const column = state.pendingChecks.get(`${relKey(change.table)}|${change.name}`);
      if (column !== undefined) state.notNull.add(`${relKey(change.table)}|${column}`);
      break;
    }
    default:
      break;
  }
};

const rulesByKind = (rules: readonly Rule[]): Map<string, Rule[]> => {
  const map = new Map<string, Rule[]>();
  for (const rule of rules) for (const kind of rule.kinds) map.set(kind, [...(map.get(kind) ?? []), rule]);
  return map;
};

const BY_KIND = rulesByKind(RULES);

const suppressionProblems = (migration: MigrationToLint, known: ReadonlySet<string>, level: Setting): Finding[] => {
  if (level === "off") return [];
  return (migration.suppressions ?? []).flatMap((s): Finding[] => {
    const unknown = s.rules.filter((id) => !known.has(id));
    const problem =
      s.rules.length === 0
        ? "names no rule"
        : unknown.length > 0
          ? `names unknown rule${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`
          : s.reason === ""
            ? `gives no reason for disabling ${s.rules.join(", ")}`
            : undefined;
    if (problem === undefined) return [];
    return [{ rule: INVALID_SUPPRESSION.id, level, message: `retort-lint-disable-next-line ${problem}`, fix: INVALID_SUPPRESSION.fix, op: -1, line: s.commentLine }];
  });
};

/** Lints migrations in the order given (oldest first). Loads the SQL parser on first use. */
export const lintMigrations = async (migrations: readonly MigrationToLint[], options: LintOptions = {}): Promise<MigrationReport[]> => {
  const dialect = options.dialect ?? "postgres";
  const parsesSql = dialect === "postgres";
  if (parsesSql) await loadParser();
  const byKind = dialect === "postgres" ? BY_KIND : rulesByKind(RULES.filter((rule) => rule.databases === undefined || rule.databases.includes(dialect)));
  const settings = options.settings ?? {};
  const threshold = options.largeTableRows ?? DEFAULT_LARGE_TABLE_ROWS;
  const known = new Set([...RULES.map((r) => r.id), INVALID_SUPPRESSION.id]);
  let range = newState();
  return migrations.map((migration) => {
    if (options.pending !== true) range = newState();
    const findings: Finding[] = [];
    const suppressed: SuppressedFinding[] = [];
    const reported = new Set<string>();
    const removedTypes = new Set<string>();
    let lockTimeoutSet = migration.lockTimeout;
    const located = locate(migration.ops, migration.lines, parsesSql ? (options.sqlText ?? textOf) : null, options.expressionText ?? spelledText);
    // Policies usually follow ENABLE ROW LEVEL SECURITY, so the whole migration is looked at.
    const policies = new Set(located.flatMap(({ change }) => (change.kind === "createPolicy" ? [relKey(change.table)] : [])));
    if (migration.failure !== undefined) located.push({ change: { kind: "upgradeFailed", message: migration.failure }, origin: { op: migration.ops.length } });
    const context: RuleContext = {
      isNew: (table) => range.tables.has(relKey(table)),
      isNewIndex: (name) => range.indexes.has(name),
      isSmall: (table) => options.rowCounts !== undefined && (options.rowCounts.get(relKey(table)) ?? 0) < threshold,
      hasNotNullCheck: (table, column) => range.notNull.has(`${relKey(table)}|${column}`),
      replacesType: (name) => removedTypes.has(relKey(name)),
      triggersUsing: (fn) => [...range.triggers.values()].filter((t) => t.fn === relKey(fn)).map((t) => t.label),
      viewsReading: (relation) =>
        [...range.views.entries()].filter(([key, view]) => key !== relKey(relation) && view.reads.includes(relKey(relation))).map(([, view]) => view.label),
      hasPolicy: (table) => policies.has(relKey(table)),
      transactional: migration.transactional,
      get lockTimeoutSet() {
        return lockTimeoutSet;
      },
    };
    for (const { change, origin } of located) {
      for (const rule of byKind.get(change.kind) ?? []) {
        const level = settings[rule.id] ?? rule.level;
        if (level === "off" || (rule.once === true && reported.has(rule.id))) continue;
        const hit = rule.check(change, context, origin);
        if (hit === undefined) continue;
        reported.add(rule.id);
        const finding: Finding = {
          rule: rule.id,
          level,
          message: hit.message,
          fix: rule.fix,
          op: origin.op,
          ...(origin.line === undefined ? {} : { line: origin.line }),
          ...(origin.sql === undefined ? {} : { sql: origin.sql }),
        };
        const suppression = origin.line === undefined ? undefined : migration.suppressions?.find((s) => s.line === origin.line && s.rules.includes(rule.id) && s.reason !== "");
        if (suppression === undefined) findings.push(finding);
        else suppressed.push({ ...finding, reason: suppression.reason });
      }
      record(range, change);
      if (change.kind === "dropEnum") removedTypes.add(relKey(change.name));
      if (change.kind === "renameType") removedTypes.add(relKey(change.name));
      if (change.kind === "setTimeout" && change.setting === "lock_timeout") lockTimeoutSet = true;
    }
    findings.push(...suppressionProblems(migration, known, settings[INVALID_SUPPRESSION.id] ?? INVALID_SUPPRESSION.level));
    return {
      revision: migration.revision,
      ...(migration.path === undefined ? {} : { path: migration.path }),
      findings,
      suppressed,
    };
  });
};

/** Lints one list of operations, as autogenerate and `check --lint` produce them. */
export const lintOps = async (ops: readonly Op[], options: LintOptions & { readonly lockTimeout?: boolean } = {}): Promise<Finding[]> => {
  const [report] = await lintMigrations([{ revision: "", transactional: true, lockTimeout: options.lockTimeout ?? false, ops }], options);
  return report?.findings ?? [];
};
