// Reads every revision file's header in the version folders without running any of them.
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { DURATION_HINT, parseDuration } from "../duration.js";
import { RetortError } from "../errors.js";
import { revisionId, type RevisionId } from "../graph/types.js";
import { readHeaders } from "./header-cache.js";
import { HeaderSyntaxError, scanHeader, type HeaderValue, type ScannedHeader } from "./header-scanner.js";
import type { ScriptRevision } from "./script-revision.js";

const EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];

/** Whether a file name in a version folder is a revision file. */
export const isRevisionFileName = (name: string): boolean =>
  !name.startsWith("_") &&
  !name.startsWith(".") &&
  !name.endsWith(".d.ts") &&
  !name.endsWith(".d.mts") &&
  EXTENSIONS.some((ext) => name.endsWith(ext));

export const scanVersions = async (dirs: readonly string[]): Promise<ScriptRevision[]> => {
  const folders: { dir: string; names: string[] }[] = [];
  for (const dir of dirs) {
    const absolute = resolve(dir);
    let names: string[];
    try {
      names = readdirSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") {
        throw new RetortError("VERSIONS_NOT_FOUND", `the versions folder ${absolute} does not exist`, {
          hint: "run `retort init` to create the migrations folder, or set migrations / versionLocations in retort.config.ts",
          details: { dir: absolute },
        });
      }
      throw new RetortError("IO_FAILED", `could not read the versions folder ${absolute}: ${(error as Error).message}`, {
        hint: "check the folder's permissions",
        cause: error,
      });
    }
    folders.push({ dir: absolute, names: names.sort().filter(isRevisionFileName) });
  }
  // Synchronous reads: for many small files they are several times faster than parallel
  // promise-based reads, whose cost is the thread-pool round trip, not the disk. Unchanged
  // files come from the header cache without being read.
  const revisions = folders.flatMap(({ dir, names }) => readHeaders(dir, names, readRevision));
  rejectDuplicates(revisions);
  return revisions;
};

const HINT =
  'header constants are read without running the file, so write them as literals, e.g. export const revision = "ae1027a6acf4"; export const downRevision = null;';

const malformed = (path: string, line: number | null, message: string): RetortError =>
  new RetortError("MALFORMED_REVISION_FILE", `${path}${line === null ? "" : `:${line}`}: ${message}`, {
    hint: HINT,
    details: { file: path, ...(line === null ? {} : { line }) },
  });

/** Parses one file's header into a ScriptRevision; exported for tests and single files. */
export const readRevision = (path: string, source: string): ScriptRevision => {
  let header: ScannedHeader;
  try {
    header = scanHeader(source);
  } catch (error) {
    if (error instanceof HeaderSyntaxError) throw malformed(path, error.line, error.message);
    throw error;
  }
  const get = (name: string, required: boolean): { value: HeaderValue; line: number } | undefined => {
    const entry = header.get(name);
    if (entry === undefined) {
      if (required) throw malformed(path, null, `no \`export const ${name} = ...\` before the first function`);
      return undefined;
    }
    if ("problem" in entry) throw malformed(path, entry.line, `\`${name}\` ${entry.problem}`);
    return entry;
  };
  const revisionEntry = get("revision", true)!;
  if (typeof revisionEntry.value !== "string" || revisionEntry.value.trim() === "") {
    throw malformed(path, revisionEntry.line, "`revision` must be a non-empty string literal");
  }
  const ids = (name: string, required: boolean): RevisionId[] => {
    const entry = get(name, required);
    if (entry === undefined || entry.value === null) return [];
    const list = typeof entry.value === "string" ? [entry.value] : Array.isArray(entry.value) ? entry.value : undefined;
    if (list === undefined || list.some((id) => id.trim() === "")) {
      throw malformed(path, entry.line, `\`${name}\` must be null, a revision id string or an array of them`);
    }
    return list.map(revisionId);
  };
  const optionalString = (name: string): string | undefined => {
    const entry = get(name, false);
    if (entry === undefined || entry.value === null) return undefined;
    if (typeof entry.value !== "string") throw malformed(path, entry.line, `\`${name}\` must be a string literal`);
    return entry.value;
  };
  const labelsEntry = get("branchLabels", false);
  let branchLabels: string[] = [];
  if (labelsEntry !== undefined && labelsEntry.value !== null) {
    const value = labelsEntry.value;
    if (typeof value === "string") branchLabels = [value];
    else if (Array.isArray(value)) branchLabels = [...value];
    else throw malformed(path, labelsEntry.line, "`branchLabels` must be null, a string or an array of strings");
  }
  const transactionalEntry = get("transactional", false);
  if (transactionalEntry !== undefined && typeof transactionalEntry.value !== "boolean") {
    throw malformed(path, transactionalEntry.line, "`transactional` must be true or false");
  }
  const message = optionalString("message");
  const createDate = optionalString("createDate");
  const durationOf = (name: string): number | undefined => {
    const text = optionalString(name);
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === null) throw malformed(path, get(name, false)?.line ?? 1, `\`${name}\` must be ${DURATION_HINT}`);
    return ms;
  };
  const lockTimeoutMs = durationOf("lockTimeout");
  const statementTimeoutMs = durationOf("statementTimeout");
  const replaces = ids("replaces", false);
  return {
    id: revisionId(revisionEntry.value),
    downRevisions: ids("downRevision", true),
    dependsOn: ids("dependsOn", false),
    ...(replaces.length === 0 ? {} : { replaces }),
    branchLabels,
    ...(message === undefined ? {} : { message }),
    path,
    transactional: transactionalEntry === undefined ? true : transactionalEntry.value === true,
    ...(createDate === undefined ? {} : { createDate }),
    ...(lockTimeoutMs === undefined ? {} : { lockTimeoutMs }),
    ...(statementTimeoutMs === undefined ? {} : { statementTimeoutMs }),
  };
};

const rejectDuplicates = (revisions: readonly ScriptRevision[]): void => {
  const seen = new Map<string, string>();
  for (const revision of revisions) {
    const other = seen.get(revision.id);
    if (other !== undefined) {
      throw new RetortError("DUPLICATE_REVISION", `revision ${revision.id} is declared by both ${other} and ${revision.path}`, {
        hint: "give one of the files a new revision id (and update the downRevision of any file that points to it)",
        details: { revision: revision.id, files: [other, revision.path] },
      });
    }
    seen.set(revision.id, revision.path);
  }
};
