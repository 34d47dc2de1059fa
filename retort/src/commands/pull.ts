// `retort pull`: writes model files describing an existing database, the way to adopt it
// (pull, then `retort stamp head`; or `pull --baseline`, which also writes the first
// revision and stamps the database, see baseline.ts). Existing files are never
// overwritten without --force.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { formatSource } from "../autogen/format.js";
import { checkRenamesWarning, renderModels } from "../autogen/render-models.js";
import { RetortError } from "../errors.js";
import type { RevisionId } from "../graph/index.js";
import { openSession, readHeads } from "../runtime/index.js";
import { planBaseline, writeBaseline, type BaselineOptions, type BaselinePlan, type BaselineResult } from "./baseline.js";
import { report, type CommandContext } from "./context.js";
import { addToInitConfig, entryLine, type ConfigEntry } from "./config-edit.js";
import { runPostWriteHooks } from "./post-write.js";
import { displayPath } from "./revision-info.js";
import { databaseTarget, loadProject, loadProjectConfig, versionTableOf } from "./project.js";

export interface PullOptions {
  /** Folder for the model files; default: the folder of the config's models module, else ./models. */
  readonly output?: string;
  /** One file per table plus index.ts, instead of everything in index.ts. */
  readonly perTable?: boolean;
  /** Overwrite files that already exist. */
  readonly force?: boolean;
  /** Schemas to read instead of the config's `schemas`; written into the config too. */
  readonly schemas?: readonly string[];
  /** Also write a baseline revision creating this schema and stamp the database at it. */
  readonly baseline?: boolean | BaselineOptions;
}

export interface PullConfigChange {
  /** The config file, relative to the working directory; null when there is none. */
  readonly file: string | null;
  /** The lines the config needs (models module, schemas), as TypeScript. */
  readonly lines: string[];
  /** Whether pull added them itself (a config `retort init` wrote); else the user must. */
  readonly updated: boolean;
}

export interface PullResult {
  readonly database: string;
  readonly tables: number;
  readonly enums: number;
  /** Files written, relative to the working directory. */
  readonly files: string[];
  readonly formatter: "prettier" | "none";
  /** What the config gained or should gain so that `check` and `revision --autogenerate` find the models. */
  readonly config: PullConfigChange;
  /** Schemas not read that hold tables, when those read held none. */
  readonly otherSchemas: { schema: string; tables: number }[];
  /** With --baseline: the revision written and how the database came to be at it. */
  readonly baseline?: BaselineResult;
}

/** "./models/index.ts": a path as a config in `root` names it. */
const configRelative = (root: string, path: string): string => {
  const rel = relative(root, path).split(sep).join("/");
  return rel.startsWith("../") ? rel : `./${rel}`;
};

const sameList = (a: readonly string[], b: readonly string[] | null): boolean =>
  b !== null && a.length === b.length && a.every((item, i) => item === b[i]);

export const pull = async (options: PullOptions, context: CommandContext): Promise<PullResult> => {
  const config = await loadProjectConfig(context);
  const firstModels = config.config.models[0];
  const directory =
    options.output !== undefined ? resolve(context.cwd, options.output) : firstModels !== undefined ? dirname(firstModels) : resolve(config.root, "models");
  const { target } = databaseTarget(context, config);
  const location = versionTableOf(config);
  const session = await openSession({ target, versionTable: location, lock: false });
  const schemas = options.schemas !== undefined && options.schemas.length > 0 ? options.schemas : config.config.schemas;
  let schema;
  let otherSchemas: { schema: string; tables: number }[] = [];
  let heads: RevisionId[] = [];
  try {
    if (options.baseline !== undefined && options.baseline !== false) heads = await readHeads(session);
    schema = await session.dialect.introspector.introspect(session.connection, {
      ...(schemas === null ? {} : { schemas }),
      versionTable: { name: location.table, ...(location.schema === undefined ? {} : { schema: location.schema }) },
      ...(config.config.logTable === null ? {} : { logTable: config.config.logTable }),
    });
    if (schema.tables.length === 0) {
      const counts = await session.dialect.introspector.tablesBySchema(session.connection);
      otherSchemas = counts
        .filter((row) => (schemas === null ? !row.isDefault : !schemas.includes(row.schema)))
        .map(({ schema: name, tables }) => ({ schema: name, tables }));
    }
  } finally {
    await session.close();
  }
  const baselineOptions: BaselineOptions | undefined =
    options.baseline === undefined || options.baseline === false ? undefined : options.baseline === true ? {} : options.baseline;
  const project = baselineOptions === undefined ? undefined : await loadProject(context, config);
  // Decided (and its source rendered) before any file is written: a refusal leaves nothing.
  const baselinePlan: BaselinePlan | undefined = project === undefined || baselineOptions === undefined ? undefined : await planBaseline(project, context, heads, schema, baselineOptions);
  const files = renderModels(schema, { layout: options.perTable === true ? "per-table" : "single" });
  const paths = files.map((f) => join(directory, f.path));
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length > 0 && options.force !== true) {
    throw new RetortError("FILE_EXISTS", `${displayPath(context.cwd, existing[0] as string)} already exists${existing.length > 1 ? ` (and ${existing.length - 1} more)` : ""}`, {
      hint: "pass --output to write elsewhere, or --force to overwrite",
      details: { files: existing },
    });
  }
  await mkdir(directory, { recursive: true });
  let formatter: "prettier" | "none" = "none";
  for (const [i, file] of files.entries()) {
    const path = paths[i] as string;
    const formatted = await formatSource(file.text, path, config.root);
    formatter = formatted.formatter;
    try {
      await writeFile(path, formatted.text);
    } catch (error) {
      throw new RetortError("IO_FAILED", `cannot write ${displayPath(context.cwd, path)}: ${(error as Error).message}`, { hint: "check the folder's permissions", cause: error });
    }
  }
  await runPostWriteHooks(config.config.postWrite, paths, config.root, context.env, (p) => displayPath(context.cwd, p));
  const warning = checkRenamesWarning(schema, config.config.namingConvention);
  if (warning !== null) report(context, { kind: "warning", message: warning });
  if (otherSchemas.length > 0) {
    const total = otherSchemas.reduce((n, row) => n + row.tables, 0);
    const names = otherSchemas.map((row) => row.schema);
    report(context, {
      kind: "warning",
      message: `the schema(s) read hold no tables, but ${names.join(", ")} hold ${total} table(s): add schemas: ${JSON.stringify(names)} to retort.config.ts, or run \`retort pull ${names.map((n) => `--schema ${n}`).join(" ")}\` (which also writes them into the config)`,
    });
  }
  const baseline = project === undefined || baselinePlan === undefined || baselineOptions === undefined ? undefined : await writeBaseline(project, context, baselinePlan, baselineOptions);
  const entries: ConfigEntry[] = [];
  const index = paths.find((p) => basename(p) === "index.ts");
  if (config.config.models.length === 0 && index !== undefined) entries.push(["models", JSON.stringify(configRelative(config.root, index))]);
  if (options.schemas !== undefined && options.schemas.length > 0 && !sameList(options.schemas, config.config.schemas)) {
    entries.push(["schemas", JSON.stringify(options.schemas)]);
  }
  const updated = config.file !== null && entries.length > 0 && (await addToInitConfig(config.file, entries));
  const change: PullConfigChange = { file: config.file === null ? null : displayPath(context.cwd, config.file), lines: entries.map(entryLine), updated };
  return {
    database: target.display,
    tables: schema.tables.length,
    enums: schema.enums.length,
    files: paths.map((p) => displayPath(context.cwd, p)),
    formatter,
    config: change,
    otherSchemas,
    ...(baseline === undefined ? {} : { baseline }),
  };
};
