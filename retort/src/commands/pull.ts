// `retort pull`: writes model files describing an existing database, the way to adopt it
// (pull, then `retort stamp head`). Existing files are never overwritten without --force.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { formatSource } from "../autogen/format.js";
import { checkRenamesWarning, renderModels } from "../autogen/render-models.js";
import { RetortError } from "../errors.js";
import { openSession } from "../runtime/index.js";
import { report, type CommandContext } from "./context.js";
import { runPostWriteHooks } from "./post-write.js";
import { displayPath } from "./revision-info.js";
import { databaseTarget, loadProjectConfig, versionTableOf } from "./project.js";

export interface PullOptions {
  /** Folder for the model files; default: the folder of the config's models module, else ./models. */
  readonly output?: string;
  /** One file per table plus index.ts, instead of everything in index.ts. */
  readonly perTable?: boolean;
  /** Overwrite files that already exist. */
  readonly force?: boolean;
}

export interface PullResult {
  readonly database: string;
  readonly tables: number;
  readonly enums: number;
  /** Files written, relative to the working directory. */
  readonly files: string[];
  readonly formatter: "prettier" | "none";
}

export const pull = async (options: PullOptions, context: CommandContext): Promise<PullResult> => {
  const config = await loadProjectConfig(context);
  const firstModels = config.config.models[0];
  const directory =
    options.output !== undefined ? resolve(context.cwd, options.output) : firstModels !== undefined ? dirname(firstModels) : resolve(config.root, "models");
  const { target } = databaseTarget(context, config);
  const location = versionTableOf(config);
  const session = await openSession({ target, versionTable: location, lock: false });
  let schema;
  try {
    schema = await session.dialect.introspector.introspect(session.connection, {
      ...(config.config.schemas === null ? {} : { schemas: config.config.schemas }),
      versionTable: { name: location.table, ...(location.schema === undefined ? {} : { schema: location.schema }) },
    });
  } finally {
    await session.close();
  }
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
  return { database: target.display, tables: schema.tables.length, enums: schema.enums.length, files: paths.map((p) => displayPath(context.cwd, p)), formatter };
};
