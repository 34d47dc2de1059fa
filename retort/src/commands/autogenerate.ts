// `retort revision --autogenerate -m msg`: compares the models named in the config with the
// live database (which must be at head) and writes a revision whose upgrade holds the
// operations and whose downgrade holds their exact inverses. Shared with `check`: the
// comparison itself (compareLive).
import { pathToFileURL } from "node:url";
import { compareWithDatabase } from "../autogen/normalise.js";
import type { Comparison } from "../autogen/compare.js";
import { downgradeOf } from "../autogen/downgrade.js";
import { formatSource } from "../autogen/format.js";
import { lintOps, type LintFinding } from "../autogen/lint.js";
import { describeOp, renderMigration } from "../autogen/render.js";
import type { RenameAmbiguity } from "../autogen/renames.js";
import type { ResolvedConfig } from "../config/index.js";
import { introspect } from "../dialects/postgres/introspect.js";
import { excludePredicate } from "../dialects/postgres/introspect-exclude.js";
import { normaliseWithServer } from "../dialects/postgres/introspect-normalise.js";
import { normaliseObjectsWithServer } from "../dialects/postgres/normalise-objects.js";
import { RetortError } from "../errors.js";
import { compileModule, readSource } from "../loader/compile-cache.js";
import { evaluateBody, loadLibrary } from "../loader/evaluate.js";
import { newRevisionParents } from "../graph/index.js";
import { openSession, readHeads, type Session } from "../runtime/index.js";
import { buildSchema, type NamingConvention } from "../schema/index.js";
import type { QualifiedName, Schema } from "../schema/types.js";
import type { Op } from "../ops/types.js";
import { report, type CommandContext } from "./context.js";
import { writeNewRevision, type NewRevisionResult } from "./new-revision-file.js";
import { databaseTarget, loadProject, versionTableOf, type Project } from "./project.js";

/** Decides one possible rename on a terminal: true for a rename, false for drop + add. */
export type RenameDecider = (ambiguity: RenameAmbiguity) => Promise<boolean>;

export interface LiveCompareOptions {
  /** "old:new" pairs to treat as renames (--rename). */
  readonly rename?: readonly string[];
  /** "old:new" pairs that are a drop and an add (--no-rename). */
  readonly noRename?: readonly string[];
  /** Asks about each rename nobody decided; without it an undecided rename is an error. */
  readonly decide?: RenameDecider;
}

export interface LiveComparison extends Comparison {
  readonly database: string;
}

/** The config's `exclude` as one predicate over tables. */
const excludedBy = (config: ResolvedConfig): ((table: QualifiedName) => boolean) => {
  const { tables, schemas } = config.config.exclude;
  const patterns = excludePredicate(tables.filter((t): t is string => typeof t === "string"), "public");
  const expressions = tables.filter((t): t is RegExp => t instanceof RegExp);
  return (table) => {
    const qualified = table.schema === undefined ? table.name : `${table.schema}.${table.name}`;
    return (
      (table.schema !== undefined && schemas.includes(table.schema)) ||
      patterns(table) ||
      expressions.some((re) => re.test(table.name) || re.test(qualified))
    );
  };
};

const keyToName = (key: string): QualifiedName => {
  const dot = key.indexOf(".");
  return dot < 0 ? { name: key } : { schema: key.slice(0, dot), name: key.slice(dot + 1) };
};

/** Loads the models module(s) and builds their Schema under the config's naming convention. */
export const loadModels = async (config: ResolvedConfig): Promise<Schema> => {
  const files = config.config.models;
  if (files.length === 0) {
    throw new RetortError("CONFIG_INVALID", `${config.file ?? "the configuration"} names no models module`, {
      hint: 'add `models: "./app/models/index.ts"` (or a list) to retort.config.ts; `retort pull` writes one from an existing database',
    });
  }
  const values: unknown[] = [];
  const needModules: string[] = [];
  for (const file of files) {
    const exported = await evaluateModels(file);
    if (exported === null) needModules.push(file);
    else values.push(...Object.values(exported));
  }
  if (needModules.length > 0) {
    // tsx's loader is registered without a namespace, for this import only: the models'
    // `import ... from "retort-migrate"` then resolves to the modules this process has
    // already loaded instead of a second copy of the whole library (twice the start-up work
    // on a large schema, and builders that fail `instanceof` checks). The query string
    // makes a second load in the same process read the file again.
    const { register } = await import("tsx/esm/api");
    const unregister = register();
    try {
      for (const file of needModules) values.push(...Object.values(await importModels(file)));
    } finally {
      await unregister();
    }
  }
  return buildSchema(values, { namingConvention: config.config.namingConvention as NamingConvention });
};

let loads = 0;

/**
 * A self-contained models module (one that imports only retort-migrate, as `retort pull`
 * writes it) runs from the compile cache as a function body, with no module loader at all;
 * null when the module needs real module semantics (it imports other files).
 */
const evaluateModels = async (file: string): Promise<Record<string, unknown> | null> => {
  try {
    const compiled = await compileModule(file, readSource(file));
    if (compiled.code === null) return null;
    return await evaluateBody(file, compiled.code, loadLibrary);
  } catch (error) {
    throw modelsFailed(file, error);
  }
};

const modelsFailed = (file: string, error: unknown): RetortError => {
  const first = (error instanceof Error ? error.message : String(error)).split("\n").find((line) => line.trim() !== "") ?? "unknown error";
  return new RetortError("MODELS_LOAD_FAILED", `the models module ${file} failed to load: ${first.trim()}`, {
    hint: "fix the error in the models module (run with --verbose for the stack trace)",
    cause: error,
    details: { file },
  });
};

const importModels = async (file: string): Promise<Record<string, unknown>> => {
  try {
    return (await import(`${pathToFileURL(file).href}?retort-load=${++loads}`)) as Record<string, unknown>;
  } catch (error) {
    throw modelsFailed(file, error);
  }
};

/** Fails unless the database is at every head of the versions folder, as Alembic requires. */
export const requireUpToDate = async (project: Project, session: Session): Promise<void> => {
  const current = await readHeads(session);
  const heads = project.graph.heads();
  const sameSet = current.length === heads.length && heads.every((h) => current.includes(h));
  if (!sameSet) {
    throw new RetortError("NOT_UP_TO_DATE", "Target database is not up to date.", {
      hint: "run `retort upgrade head` first, so that the comparison starts from the latest revision",
      details: { current, heads },
    });
  }
};

/** Introspects the database, loads the models and compares them, resolving renames. */
export const compareLive = async (project: Project, session: Session, options: LiveCompareOptions, context: CommandContext): Promise<Comparison> => {
  const config = project.config;
  const excluded = excludedBy(config);
  const schemas = config.config.schemas ?? undefined;
  const location = versionTableOf(config);
  // The catalog queries mostly wait on the server while loading the models is local
  // work: running them side by side saves the shorter of the two.
  const [database, models] = await Promise.all([
    introspect(session.connection, {
      ...(schemas === undefined ? {} : { schemas }),
      exclude: excluded,
      versionTable: { name: location.table, ...(location.schema === undefined ? {} : { schema: location.schema }) },
    }),
    loadModels(config),
  ]);
  const connection = session.connection;
  const normaliser = {
    normalise: (m: Schema, keys: readonly string[]) => normaliseWithServer(connection, m, keys, connection.kind),
    normaliseObjects: (m: Schema, db: Schema) => normaliseObjectsWithServer(connection, m, db, connection.kind),
  };
  const rename = [...(options.rename ?? [])];
  const noRename = [...(options.noRename ?? [])];
  const ignore = (key: string): boolean => excluded(keyToName(key));
  for (;;) {
    const comparison = await compareWithDatabase(database, models, normaliser, { renames: { rename, noRename }, ignore });
    const open = comparison.ambiguities;
    if (open.length === 0 || options.decide === undefined) return comparison;
    // One question at a time: a decision can settle other pairs (an item renames once).
    const first = open[0] as RenameAmbiguity;
    (await options.decide(first)) ? rename.push(first.flag) : noRename.push(first.flag);
    report(context, { kind: "info", message: `${first.flag}: ${rename.includes(first.flag) ? "rename" : "drop and add"}` });
  }
};

export const ambiguityError = (ambiguities: readonly RenameAmbiguity[]): RetortError => {
  const first = ambiguities[0] as RenameAmbiguity;
  const what = (a: RenameAmbiguity) => (a.kind === "table" ? `table ${a.from} -> ${a.to}` : `column ${a.table}.${a.from} -> ${a.to}`);
  return new RetortError(
    "AMBIGUOUS_RENAME",
    `${ambiguities.length === 1 ? "a possible rename needs" : `${ambiguities.length} possible renames need`} a decision: ${ambiguities.map(what).join(", ")}`,
    {
      hint: `pass --rename ${first.flag} to rename (keeps the data) or --no-rename ${first.flag} to drop and add, once per pair (or run on a terminal to be asked)`,
      details: { ambiguities },
    },
  );
};

export interface AutogenerateOptions extends LiveCompareOptions {
  readonly message?: string;
  readonly revId?: string;
  readonly head?: string;
  readonly splice?: boolean;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly versionPath?: string;
  /** Write a revision even when nothing changed. */
  readonly allowEmpty?: boolean;
}

export interface AutogenerateResult {
  /** The new file, or null when nothing changed and --allow-empty was not given. */
  readonly revision: NewRevisionResult | null;
  /** The upgrade's operations, one readable line each. */
  readonly operations: string[];
  readonly lint: LintFinding[];
  readonly warnings: string[];
  readonly formatter: "prettier" | "none";
}

const indent = (text: string): string =>
  text
    .split("\n")
    .map((line) => (line === "" ? line : `  ${line}`))
    .join("\n");

/** A function body formatted by the project's Prettier, or indented by hand without one. */
const formatBody = async (body: string, file: string, projectDir: string): Promise<{ text: string; formatter: "prettier" | "none" }> => {
  const wrapped = `async function body(op: any) {\n${body}\n}\n`;
  const result = await formatSource(wrapped, file, projectDir);
  if (result.formatter === "none") return { text: indent(body), formatter: "none" };
  const lines = result.text.trimEnd().split("\n");
  return { text: lines.slice(1, -1).join("\n"), formatter: "prettier" };
};

export const autogenerate = async (options: AutogenerateOptions, context: CommandContext): Promise<AutogenerateResult> => {
  const project = await loadProject(context);
  const parents = newRevisionParents(project.graph, {
    ...(options.head === undefined ? {} : { head: options.head }),
    ...(options.splice === undefined ? {} : { splice: options.splice }),
    ...(options.dependsOn === undefined ? {} : { dependsOn: options.dependsOn }),
  });
  const { target } = databaseTarget(context, project.config);
  const session = await openSession({ target, versionTable: versionTableOf(project.config), lock: false });
  let comparison: Comparison;
  try {
    await requireUpToDate(project, session);
    comparison = await compareLive(project, session, options, context);
  } finally {
    await session.close();
  }
  if (comparison.ambiguities.length > 0) throw ambiguityError(comparison.ambiguities);
  for (const warning of comparison.warnings) report(context, { kind: "warning", message: warning });
  const ops: readonly Op[] = comparison.ops;
  const lint = lintOps(ops);
  if (ops.length === 0 && options.allowEmpty !== true) {
    return { revision: null, operations: [], lint, warnings: [...comparison.warnings], formatter: "none" };
  }
  const rendered = renderMigration(ops, downgradeOf(ops));
  const root = project.config.root;
  const file = `${root}/migration.ts`;
  const upgrade = await formatBody(rendered.upgrade, file, root);
  const downgrade = await formatBody(rendered.downgrade, file, root);
  const revision = await writeNewRevision(project, context, {
    downRevisions: parents.downRevisions,
    dependsOn: parents.dependsOn,
    ...(options.message === undefined ? {} : { message: options.message }),
    ...(options.revId === undefined ? {} : { revId: options.revId }),
    ...(options.branchLabels === undefined ? {} : { branchLabels: options.branchLabels }),
    ...(options.versionPath === undefined ? {} : { versionPath: options.versionPath }),
    imports: rendered.imports.length === 0 ? "" : `import { ${rendered.imports.join(", ")} } from "retort-migrate";`,
    upgrade: upgrade.text,
    downgrade: downgrade.text,
  });
  return { revision, operations: ops.map(describeOp), lint, warnings: [...comparison.warnings], formatter: upgrade.formatter };
};
