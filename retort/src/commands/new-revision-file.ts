// Writing a new revision file from the project's template: shared by `revision` and
// `merge`.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { RetortError } from "../errors.js";
import { checkNewBranchLabels, checkNewRevisionId, type RevisionId } from "../graph/index.js";
import { DEFAULT_TEMPLATE, generateRevisionId, renderFileName, renderRevision, slugify, writeRevisionFile } from "../script/index.js";
import type { CommandContext } from "./context.js";
import type { Project } from "./project.js";
import { displayPath } from "./revision-info.js";
import { runPostWriteHooks } from "./post-write.js";

export interface NewRevision {
  readonly downRevisions: readonly RevisionId[];
  readonly dependsOn: readonly RevisionId[];
  readonly message?: string;
  readonly revId?: string;
  readonly branchLabels?: readonly string[];
  readonly versionPath?: string;
  /** Generated code (autogenerate): extra import lines and the bodies of upgrade/downgrade. */
  readonly imports?: string;
  readonly upgrade?: string;
  readonly downgrade?: string;
  /** A squash's replaced revisions (`retort squash`), written as `export const replaces`. */
  readonly replaces?: readonly RevisionId[];
}

export interface NewRevisionResult {
  readonly revision: string;
  readonly downRevisions: string[];
  readonly dependsOn: string[];
  readonly branchLabels: string[];
  readonly message: string | null;
  readonly path: string;
}

const readTemplate = async (path: string | null): Promise<string> => {
  if (path === null) return DEFAULT_TEMPLATE;
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return DEFAULT_TEMPLATE;
    throw new RetortError("IO_FAILED", `cannot read the revision template ${path}: ${(error as Error).message}`, {
      hint: "check the file's permissions, or remove it to use the built-in template",
      cause: error,
    });
  }
};

const versionDirectory = (project: Project, context: CommandContext, versionPath: string | undefined): string => {
  const locations = project.config.config.versionLocations;
  if (versionPath === undefined) {
    const first = locations[0];
    if (first === undefined) throw new RetortError("CONFIG_INVALID", "the config names no version folder", { hint: "set `versionLocations` or `migrations` in retort.config.ts" });
    return first;
  }
  const wanted = resolve(context.cwd, versionPath);
  if (!locations.includes(wanted)) {
    throw new RetortError("USAGE", `--version-path ${versionPath} is not one of the project's version folders`, {
      hint: `use one of: ${locations.map((dir) => displayPath(context.cwd, dir)).join(", ")} (add a folder to \`versionLocations\` in retort.config.ts first)`,
    });
  }
  return wanted;
};

/** The `replaces` constant, placed after the header's dependsOn (or downRevision) line. */
const addReplaces = (content: string, replaces: readonly RevisionId[], templateName: string): string => {
  const line = `export const replaces: string[] = ${JSON.stringify(replaces)};`;
  for (const anchor of [/^export const dependsOn\b.*$/m, /^export const downRevision\b.*$/m]) {
    const found = anchor.exec(content);
    if (found !== null) return `${content.slice(0, found.index + found[0].length)}\n${line}${content.slice(found.index + found[0].length)}`;
  }
  throw new RetortError("CONFIG_INVALID", `${templateName} has no \`export const downRevision\` line to place \`replaces\` after`, {
    hint: "keep the header constants of the default template (downRevision, dependsOn) in migrations/script.ts.tmpl",
  });
};

export const writeNewRevision = async (
  project: Project,
  context: CommandContext,
  spec: NewRevision,
): Promise<NewRevisionResult> => {
  const config = project.config.config;
  const revision = spec.revId ?? generateRevisionId(config.revisionIdLength);
  checkNewRevisionId(revision, project.graph);
  const branchLabels = [...(spec.branchLabels ?? [])];
  checkNewBranchLabels(branchLabels, project.graph);
  const directory = versionDirectory(project, context, spec.versionPath);
  const template = await readTemplate(config.template);
  const downRevision: string | string[] | null =
    spec.downRevisions.length === 0 ? null : spec.downRevisions.length === 1 ? (spec.downRevisions[0] as string) : [...spec.downRevisions];
  const now = new Date();
  const content = renderRevision(template, {
    revision,
    downRevision,
    branchLabels,
    dependsOn: [...spec.dependsOn],
    ...(spec.message === undefined ? {} : { message: spec.message }),
    createDate: now.toISOString(),
    ...(spec.imports === undefined ? {} : { imports: spec.imports }),
    ...(spec.upgrade === undefined ? {} : { upgrade: spec.upgrade }),
    ...(spec.downgrade === undefined ? {} : { downgrade: spec.downgrade }),
  });
  const withReplaces = spec.replaces === undefined ? content : addReplaces(content, spec.replaces, template === DEFAULT_TEMPLATE ? "the built-in template" : (config.template ?? "the template"));
  const name = renderFileName(config.fileTemplate, { rev: revision, slug: slugify(spec.message ?? ""), date: now });
  const path = await writeRevisionFile(directory, `${name}.ts`, withReplaces);
  await runPostWriteHooks(config.postWrite, [path], project.config.root, context.env, (p) => displayPath(context.cwd, p));
  return {
    revision,
    downRevisions: [...spec.downRevisions],
    dependsOn: [...spec.dependsOn],
    branchLabels,
    message: spec.message ?? null,
    path: displayPath(context.cwd, path),
  };
};

