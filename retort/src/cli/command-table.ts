// Every CLI command: its flags (for util.parseArgs), its positionals, the command it calls
// (imported only when that command runs, so `retort heads` loads no driver and no
// transpiler), and how its result reads as text. --json prints the result itself. The text
// of the commands that talk to a database (tenants, lint, check, verify, log) is imported
// with the command too: every module the table imports is paid for by `retort heads`.
import type { ParseArgsConfig } from "node:util";
import { RetortError } from "../errors.js";
import type { CommandContext } from "../commands/context.js";
import type { MigrateResult } from "../commands/migrate.js";
import type { TenantsMigrateResult } from "../commands/upgrade-tenants.js";
import type { CurrentTenantsResult } from "../commands/current-tenants.js";
import type { CurrentResult } from "../commands/current.js";
import type { RevisionInfo } from "../commands/revision-info.js";
import type { RevisionResult } from "../commands/revision.js";
import type { AutogenerateResult } from "../commands/autogenerate.js";
import type { LintResult } from "../commands/lint.js";
import type { CheckResult, HistoryCheckResult } from "../commands/check.js";
import type { DriftResult } from "../commands/drift.js";
import type { LogResult } from "../commands/log.js";
import type { SquashResult } from "../commands/squash.js";
import type { GraphResult } from "../commands/graph.js";
import type { HistoryResult } from "../commands/history.js";
import { branchLines, graphLines, headLine, historyLine, verboseEntry } from "./format.js";
import type { Style } from "./style.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export interface CommandInput {
  readonly values: Values;
  readonly positionals: readonly string[];
}

export interface TextFlags {
  readonly verbose: boolean;
  /** Colours for stdout (plain unless it is a terminal without NO_COLOR). */
  readonly style: Style;
}

export interface CommandSpec<R = unknown> {
  readonly name: string;
  readonly summary: string;
  /** After "retort <name> ", e.g. "[target] [--sql]". */
  readonly usage: string;
  readonly options: Options;
  readonly positionals: { readonly min: number; readonly max: number; readonly names: string };
  run(input: CommandInput, context: CommandContext): Promise<R>;
  /** Lines for stdout (a promise where the formatter is imported with the command). */
  text(result: R, flags: TextFlags): string[] | Promise<string[]>;
  /** Exit status for a result that is not an error (default 0); `check` exits 1 on differences. */
  exitCode?(result: R): number;
}

const define = <R>(spec: CommandSpec<R>): CommandSpec => spec as unknown as CommandSpec;

const str = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
};
const flag = (values: Values, name: string): boolean => values[name] === true;
const list = (values: Values, name: string): string[] | undefined => {
  const value = values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;
};
/** Spreads a key only when it has a value (exactOptionalPropertyTypes-friendly). */
const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

const listing = (infos: readonly RevisionInfo[], verbose: boolean, line: (info: RevisionInfo) => string): string[] =>
  verbose ? infos.flatMap((info) => verboseEntry(info, true)) : infos.map(line);

const migrateText = (result: MigrateResult): string[] => (result.sql === undefined ? [] : [result.sql.trimEnd()]);

const migrateOptions: Options = { sql: { type: "boolean" }, "lock-wait": { type: "string" }, strict: { type: "boolean" } };

const tenantOptions: Options = { tenants: { type: "boolean" }, concurrency: { type: "string" }, only: { type: "string" } };

const tenantValues = (values: Values): { concurrency?: string; only?: string } => ({
  ...opt("concurrency", str(values, "concurrency")),
  ...opt("only", str(values, "only")),
});

const usageError = (message: string, hint: string): RetortError => new RetortError("USAGE", message, { hint });

/** --concurrency and --only mean something only beside --tenants. */
const requireTenantsFor = (values: Values): void => {
  for (const name of ["concurrency", "only"]) {
    if (values[name] !== undefined) throw usageError(`--${name} needs --tenants`, `add --tenants to run over the config's tenants, or leave out --${name}`);
  }
};

export const COMMANDS: readonly CommandSpec[] = [
  define({
    name: "init",
    summary: "create retort.config.ts, the versions folder and the revision template",
    usage: "[folder]",
    options: {},
    positionals: { min: 0, max: 1, names: "[folder]" },
    run: async ({ positionals }, context) => {
      const { init } = await import("../commands/init.js");
      return init({ ...opt("directory", positionals[0]) }, context);
    },
    text: (result) => result.created.map((path) => `Created ${path}`),
  }),
  define({
    name: "revision",
    summary: "create a new, empty migration file",
    usage: "-m <message> [--autogenerate [--safe] [--rename old:new]... [--no-rename old:new]... [--allow-empty]] [--rev-id id] [--head rev] [--splice] [--branch-label l] [--depends-on rev]... [--version-path dir]",
    options: {
      message: { type: "string", short: "m" },
      autogenerate: { type: "boolean" },
      safe: { type: "boolean" },
      rename: { type: "string", multiple: true },
      "no-rename": { type: "string", multiple: true },
      "allow-empty": { type: "boolean" },
      "rev-id": { type: "string" },
      head: { type: "string" },
      splice: { type: "boolean" },
      "branch-label": { type: "string", multiple: true },
      "depends-on": { type: "string", multiple: true },
      "version-path": { type: "string" },
    },
    positionals: { min: 0, max: 0, names: "" },
    run: async ({ values }, context): Promise<RevisionResult | AutogenerateResult> => {
      if (flag(values, "autogenerate")) {
        const { autogenerate } = await import("../commands/autogenerate.js");
        const { renameDecider } = await import("./ask-rename.js");
        const decide = renameDecider();
        return autogenerate(
          {
            ...opt("message", str(values, "message")),
            ...opt("revId", str(values, "rev-id")),
            ...opt("head", str(values, "head")),
            splice: flag(values, "splice"),
            ...opt("branchLabels", list(values, "branch-label")),
            ...opt("dependsOn", list(values, "depends-on")),
            ...opt("versionPath", str(values, "version-path")),
            ...opt("rename", list(values, "rename")),
            ...opt("noRename", list(values, "no-rename")),
            allowEmpty: flag(values, "allow-empty"),
            ...(flag(values, "safe") ? { safe: true } : {}),
            ...opt("decide", decide),
          },
          context,
        );
      }
      const { revision } = await import("../commands/revision.js");
      return revision(
        {
          ...opt("message", str(values, "message")),
          ...opt("revId", str(values, "rev-id")),
          ...opt("head", str(values, "head")),
          splice: flag(values, "splice"),
          ...opt("branchLabels", list(values, "branch-label")),
          ...opt("dependsOn", list(values, "depends-on")),
          ...opt("versionPath", str(values, "version-path")),
        },
        context,
      );
    },
    text: (result) =>
      "operations" in result
        ? result.revision === null
          ? ["No changes in schema detected."]
          : [`Generated ${result.revision.path}`, ...result.operations.map((line) => `  ${line}`)]
        : [`Generated ${result.path}`],
  }),
  define({
    name: "upgrade",
    summary: "apply migrations up to a target (default: head)",
    usage: "[target] [--sql] [--lock-wait 60s] [--strict] [--tenants [--concurrency N] [--only a,b]]",
    options: { ...migrateOptions, ...tenantOptions },
    positionals: { min: 0, max: 1, names: "[target]" },
    run: async ({ values, positionals }, context): Promise<MigrateResult | TenantsMigrateResult> => {
      const target = positionals[0] ?? "head";
      if (flag(values, "tenants")) {
        if (flag(values, "sql")) throw usageError("--tenants migrates live databases and cannot be combined with --sql", "leave out --sql, or run --sql without --tenants for one script");
        const { migrateTenants } = await import("../commands/upgrade-tenants.js");
        return migrateTenants("up", { target, ...tenantValues(values), ...opt("lockWait", str(values, "lock-wait")) }, context);
      }
      requireTenantsFor(values);
      const { upgrade } = await import("../commands/migrate.js");
      return upgrade({ target, sql: flag(values, "sql"), strict: flag(values, "strict"), ...opt("lockWait", str(values, "lock-wait")) }, context);
    },
    text: async (result) => ("kind" in result ? (await import("./tenants-format.js")).tenantsMigrateText(result) : migrateText(result)),
    exitCode: (result) => ("kind" in result && result.failed > 0 ? 1 : 0),
  }),
  define({
    name: "downgrade",
    summary: "revert migrations down to a target (default: -1)",
    usage: "[target] [--sql] [--lock-wait 60s] [--strict]",
    options: migrateOptions,
    positionals: { min: 0, max: 1, names: "[target]" },
    run: async ({ values, positionals }, context) => {
      const { downgrade } = await import("../commands/migrate.js");
      return downgrade(
        { target: positionals[0] ?? "-1", sql: flag(values, "sql"), strict: flag(values, "strict"), ...opt("lockWait", str(values, "lock-wait")) },
        context,
      );
    },
    text: migrateText,
  }),
  define({
    name: "current",
    summary: "show the revisions the database is at",
    usage: "[-v] [--check-heads] [--strict] [--tenants [--concurrency N] [--only a,b]]",
    options: { "check-heads": { type: "boolean" }, strict: { type: "boolean" }, ...tenantOptions },
    positionals: { min: 0, max: 0, names: "" },
    run: async ({ values }, context): Promise<CurrentResult | CurrentTenantsResult> => {
      if (flag(values, "tenants")) {
        const { currentTenants } = await import("../commands/current-tenants.js");
        return currentTenants({ checkHeads: flag(values, "check-heads"), ...tenantValues(values) }, context);
      }
      requireTenantsFor(values);
      const { current } = await import("../commands/current.js");
      return current({ checkHeads: flag(values, "check-heads"), strict: flag(values, "strict") }, context);
    },
    text: async (result, { verbose }) =>
      "kind" in result
        ? (await import("./tenants-format.js")).currentTenantsText(result)
        : [
            ...(verbose && !result.noDatabase ? [`Current revision(s) for ${result.database}:`] : []),
            ...listing(result.current, verbose, headLine),
            ...result.unknown.map((id) => `${id} (unknown revision)`),
          ],
    exitCode: (result) => ("kind" in result && result.checkHeads && result.behind > 0 ? 1 : 0),
  }),
  define({
    name: "log",
    summary: "show the applied-migration log, newest first (when, who, what, how long)",
    usage: "[-n N] [-r start:end] [--accept rev]",
    options: { limit: { type: "string", short: "n" }, "rev-range": { type: "string", short: "r" }, accept: { type: "string" } },
    positionals: { min: 0, max: 0, names: "" },
    run: async ({ values }, context): Promise<LogResult> => {
      const { log } = await import("../commands/log.js");
      return log({ ...opt("limit", str(values, "limit")), ...opt("range", str(values, "rev-range")), ...opt("accept", str(values, "accept")) }, context);
    },
    text: async (result: LogResult) => (await import("./log-format.js")).logText(result),
  }),
  define({
    name: "history",
    summary: "list revisions, newest first",
    usage: "[-r start:end] [-v] [-i] [--graph]",
    options: {
      "rev-range": { type: "string", short: "r" },
      "indicate-current": { type: "boolean", short: "i" },
      graph: { type: "boolean" },
    },
    positionals: { min: 0, max: 0, names: "" },
    run: async ({ values }, context): Promise<HistoryResult> => {
      const { history } = await import("../commands/history.js");
      return history(
        { ...opt("range", str(values, "rev-range")), indicateCurrent: flag(values, "indicate-current"), graph: flag(values, "graph") },
        context,
      );
    },
    text: (result: HistoryResult, { verbose, style }) =>
      result.graph !== undefined ? graphLines(result.graph, style) : listing(result.revisions, verbose, (info) => historyLine(info, true)),
  }),
  define({
    name: "graph",
    summary: "write the revision graph as Mermaid or Graphviz DOT source",
    usage: "[--format mermaid|dot]",
    options: { format: { type: "string" } },
    positionals: { min: 0, max: 0, names: "" },
    run: async ({ values }, context): Promise<GraphResult> => {
      const { graph } = await import("../commands/graph.js");
      return graph({ ...opt("format", str(values, "format")) }, context);
    },
    text: (result: GraphResult) => [result.source.trimEnd()],
  }),
  define({
    name: "heads",
    summary: "show the current heads of the versions folder",
    usage: "[-v]",
    options: {},
    positionals: { min: 0, max: 0, names: "" },
    run: async (_input, context) => {
      const { heads } = await import("../commands/heads.js");
      return heads({}, context);
    },
    text: (result, { verbose }) => listing(result.heads, verbose, headLine),
  }),
  define({
    name: "branches",
    summary: "show branch points and the branches that start there",
    usage: "[-v]",
    options: {},
    positionals: { min: 0, max: 0, names: "" },
    run: async (_input, context) => {
      const { branches } = await import("../commands/branches.js");
      return branches({}, context);
    },
    text: (result, { verbose }) =>
      result.branchPoints.flatMap((point) => branchLines(point.branchPoint, point.children, verbose)),
  }),
  define({
    name: "show",
    summary: "show one revision (or `current`)",
    usage: "<rev|current>",
    options: {},
    positionals: { min: 1, max: 1, names: "<rev|current>" },
    run: async ({ positionals }, context) => {
      const { show } = await import("../commands/show.js");
      return show({ revision: positionals[0] ?? "" }, context);
    },
    text: (result) => result.revisions.flatMap((info) => verboseEntry(info, false)),
  }),
  define({
    name: "stamp",
    summary: "set the version table to revisions without running migrations",
    usage: "<rev...> [--purge] [--sql]",
    options: { purge: { type: "boolean" }, sql: { type: "boolean" } },
    positionals: { min: 1, max: Number.POSITIVE_INFINITY, names: "<rev...>" },
    run: async ({ values, positionals }, context) => {
      const { stamp } = await import("../commands/stamp.js");
      return stamp({ revisions: positionals, purge: flag(values, "purge"), sql: flag(values, "sql") }, context);
    },
    text: (result) =>
      result.sql !== undefined
        ? [result.sql.trimEnd()]
        : [
            result.to.length === 0 ? `Stamped ${result.database}: the version table is empty (base)` : `Stamped ${result.database}; the version table now holds:`,
            ...result.current.map(headLine),
            ...result.unknown.map((id) => `${id} (unknown revision)`),
          ],
  }),
  define({
    name: "merge",
    summary: "create a revision that merges two or more revisions",
    usage: "<revs...> -m <message> [--rev-id id] [--branch-label l]",
    options: {
      message: { type: "string", short: "m" },
      "rev-id": { type: "string" },
      "branch-label": { type: "string", multiple: true },
    },
    positionals: { min: 1, max: Number.POSITIVE_INFINITY, names: "<revs...>" },
    run: async ({ values, positionals }, context) => {
      const { merge } = await import("../commands/merge.js");
      return merge(
        {
          revisions: positionals,
          ...opt("message", str(values, "message")),
          ...opt("revId", str(values, "rev-id")),
          ...opt("branchLabels", list(values, "branch-label")),
        },
        context,
      );
    },
    text: (result) => [`Generated ${result.path}`],
  }),
  define({
    name: "edit",
    summary: "open a revision's file in $VISUAL or $EDITOR",
    usage: "<rev|current>",
    options: {},
    positionals: { min: 1, max: 1, names: "<rev|current>" },
    run: async ({ positionals }, context) => {
      const { edit } = await import("../commands/edit.js");
      return edit({ revision: positionals[0] ?? "" }, context);
    },
    text: () => [],
  }),
  define({
    name: "check",
    summary: "compare the models with the database; exit 1 listing pending operations if they differ",
    usage: "[--lint] [--rename old:new]... [--no-rename old:new]... | --history | --drift [--shadow-url url]",
    options: {
      lint: { type: "boolean" },
      rename: { type: "string", multiple: true },
      "no-rename": { type: "string", multiple: true },
      history: { type: "boolean" },
      drift: { type: "boolean" },
      "shadow-url": { type: "string" },
    },
    positionals: { min: 0, max: 0, names: "" },
    run: async ({ values }, context): Promise<CheckResult | HistoryCheckResult | DriftResult> => {
      if (flag(values, "history")) {
        const { checkHistory } = await import("../commands/check.js");
        return checkHistory(context);
      }
      if (flag(values, "drift")) {
        if (flag(values, "lint") || values.rename !== undefined || values["no-rename"] !== undefined) {
          throw new RetortError("USAGE", "--drift compares the database with its migrations, not with the models: --lint, --rename and --no-rename do not apply", {
            hint: "run `retort check --drift` and `retort check --lint` separately",
          });
        }
        const { drift } = await import("../commands/drift.js");
        return drift({ ...opt("shadowUrl", str(values, "shadow-url")) }, context);
      }
      if (values["shadow-url"] !== undefined) {
        throw new RetortError("USAGE", "--shadow-url goes with --drift", { hint: "`retort check` compares the models with the database itself; add --drift to replay the migrations in a shadow" });
      }
      const { check } = await import("../commands/check.js");
      return check({ lint: flag(values, "lint"), ...opt("rename", list(values, "rename")), ...opt("noRename", list(values, "no-rename")) }, context);
    },
    text: async (result: CheckResult | HistoryCheckResult | DriftResult) => {
      if ("problems" in result) return (await import("./check-format.js")).historyCheckText(result);
      if ("drift" in result) return (await import("./shadow-format.js")).driftText(result);
      return (await import("./check-format.js")).checkText(result);
    },
    exitCode: (result: CheckResult | HistoryCheckResult | DriftResult) => (("problems" in result ? result.problems : "drift" in result ? result.drifted : result.differs) ? 1 : 0),
  }),
  define({
    name: "verify",
    summary: "replay each revision up, down and up in a shadow database; exit 1 on the first that fails",
    usage: "[range] [--shadow-url url] [--allow-multiple-heads]",
    options: { "shadow-url": { type: "string" }, "allow-multiple-heads": { type: "boolean" } },
    positionals: { min: 0, max: 1, names: "[range]" },
    run: async ({ values, positionals }, context) => {
      const { verify } = await import("../commands/verify.js");
      return verify({ ...opt("range", positionals[0]), ...opt("shadowUrl", str(values, "shadow-url")), allowMultipleHeads: flag(values, "allow-multiple-heads") }, context);
    },
    text: async (result) => (await import("./shadow-format.js")).verifyText(result),
    exitCode: (result) => (result.ok ? 0 : 1),
  }),
  define({
    name: "squash",
    summary: "write one revision creating the schema at --to REV, replacing the revisions from base to it",
    usage: "--to <rev> -m <message> [--rev-id id] [--shadow-url url]",
    options: { to: { type: "string" }, message: { type: "string", short: "m" }, "rev-id": { type: "string" }, "shadow-url": { type: "string" } },
    positionals: { min: 0, max: 0, names: "" },
    run: async ({ values }, context) => {
      const to = str(values, "to");
      if (to === undefined) throw new RetortError("USAGE", "`retort squash` needs --to <rev>", { hint: 'name the last revision to squash, e.g. `retort squash --to ae10 -m "squash"`' });
      const { squash } = await import("../commands/squash.js");
      return squash({ to, ...opt("message", str(values, "message")), ...opt("revId", str(values, "rev-id")), ...opt("shadowUrl", str(values, "shadow-url")) }, context);
    },
    text: (result: SquashResult) => [
      `Wrote ${result.revision} (${result.operations} operation(s)), replacing ${result.replaces.length} revision(s) from ${result.replaces[0] ?? "base"} to ${result.replaces.at(-1) ?? "base"}: ${result.file}`,
      "Fresh databases run it; databases at a replaced revision keep the old files until past it. Delete those files once every database is past it.",
    ],
  }),
  define({
    name: "lint",
    summary: "check migrations for statements that block a busy database (default: those not applied yet)",
    usage: "[range] [--all] [--format text|json|github]",
    options: { all: { type: "boolean" }, format: { type: "string" } },
    positionals: { min: 0, max: 1, names: "[range]" },
    run: async ({ values, positionals }, context) => {
      const { lint } = await import("../commands/lint.js");
      return lint({ ...opt("range", positionals[0]), all: flag(values, "all"), ...opt("format", str(values, "format")) }, context);
    },
    text: async (result: LintResult) => (await import("../commands/lint-text.js")).lintText(result),
    exitCode: (result) => (result.totals.errors > 0 ? 1 : 0),
  }),
  define({
    name: "pull",
    summary: "write model files describing the existing database (then `stamp head` to adopt it)",
    usage: "[--output dir] [--per-table] [--force] [--schema name]... [--baseline [-m msg] [--rev-id id] [--shadow-url url]]",
    options: {
      output: { type: "string", short: "o" },
      "per-table": { type: "boolean" },
      force: { type: "boolean" },
      schema: { type: "string", multiple: true },
      baseline: { type: "boolean" },
      message: { type: "string", short: "m" },
      "rev-id": { type: "string" },
      "shadow-url": { type: "string" },
    },
    positionals: { min: 0, max: 0, names: "" },
    run: async ({ values }, context) => {
      const { pull } = await import("../commands/pull.js");
      const baselineOnly = ["message", "rev-id", "shadow-url"].filter((name) => values[name] !== undefined);
      if (!flag(values, "baseline") && baselineOnly.length > 0) {
        throw new RetortError("USAGE", `--${baselineOnly[0]} goes with --baseline`, { hint: "`retort pull --baseline -m baseline` writes the models, a baseline revision, and stamps the database at it" });
      }
      const baseline = flag(values, "baseline")
        ? { ...opt("message", str(values, "message")), ...opt("revId", str(values, "rev-id")), ...opt("shadowUrl", str(values, "shadow-url")) }
        : false;
      return pull(
        { ...opt("output", str(values, "output")), perTable: flag(values, "per-table"), force: flag(values, "force"), ...opt("schemas", list(values, "schema")), baseline },
        context,
      );
    },
    text: (result) => [
      `Wrote ${result.files.length} file(s) for ${result.tables} table(s) and ${result.enums} enum type(s):`,
      ...result.files.map((f) => `  ${f}`),
      ...(result.config.lines.length === 0
        ? []
        : result.config.updated
          ? [`Updated ${result.config.file}:`, ...result.config.lines.map((line) => `  ${line}`)]
          : [`Add to ${result.config.file ?? "retort.config.ts"} so that \`retort check\` finds the models:`, ...result.config.lines.map((line) => `  ${line}`)]),
      ...(result.baseline === undefined
        ? []
        : [
            `Wrote the baseline revision ${result.baseline.revision} (${result.baseline.operations} operation(s)): ${result.baseline.file}`,
            result.baseline.stamp === "kept"
              ? `The database's version table already names ${result.baseline.revision}; it continues from there.`
              : `Stamped the database at ${result.baseline.revision}.`,
          ]),
    ],
  }),
];

export const findCommand = (name: string): CommandSpec | undefined => COMMANDS.find((command) => command.name === name);
