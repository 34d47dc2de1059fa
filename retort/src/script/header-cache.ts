// A versions folder's headers as last read, kept in the user's cache (beside the compiled
// files, one JSON file per folder), so that a graph command on 1,000 revisions stats each
// file instead of reading and scanning it: the reads and the scan, in code still cold in the
// interpreter, were most of `retort heads` after Node's own start-up.
//
// An entry is trusted while the file's stamp (mtime, ctime, size, inode) is unchanged. Any
// write moves the ctime, which no tool sets back; but timestamps are coarse (a clock tick,
// a second on some file systems), so a file changed again within the tick it was read in
// could keep its stamp. Files changed within RECENT_MS before the read are therefore not
// kept, as git treats index entries as "racily clean": they are read again next time.
import { closeSync, fstatSync, openSync, readFileSync, statSync, type Stats } from "node:fs";
import { join, sep } from "node:path";
import { RetortError } from "../errors.js";
import { ensureCacheDir, writeCacheFile } from "../loader/compile-cache.js";
import { sha256Hex } from "../loader/sha256.js";
import { HEADER_NAMES } from "./header-scanner.js";
import type { ScriptRevision } from "./script-revision.js";

// Bump when ScriptRevision or readRevision's reading changes, so old entries are not reused;
// a header constant added to the scanner's list changes it by itself.
const FORMAT = `1 ${[...HEADER_NAMES].join(",")}`;
const RECENT_MS = 2000;

type Stamp = readonly [mtimeMs: number, ctimeMs: number, size: number, ino: number];

interface Entry {
  readonly stamp: Stamp;
  readonly revision: ScriptRevision;
}

interface FolderFile {
  readonly format: string;
  readonly dir: string;
  readonly files: Record<string, Entry>;
}

const stampOf = (stats: Stats): Stamp => [stats.mtimeMs, stats.ctimeMs, stats.size, stats.ino];

const sameStamp = (a: Stamp, b: Stamp): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

const ioFailed = (path: string, error: unknown): RetortError =>
  new RetortError("IO_FAILED", `could not read ${path}: ${(error as Error).message}`, { cause: error });

/** The file's text and its stamp, from one open file (what readFileSync does, plus the stamp). */
const readStamped = (path: string): { source: string; stamp: Stamp } => {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw ioFailed(path, error);
  }
  try {
    return { stamp: stampOf(fstatSync(fd)), source: readFileSync(fd, "utf8") };
  } catch (error) {
    throw ioFailed(path, error);
  } finally {
    closeSync(fd);
  }
};

const isEntry = (value: unknown, path: string): value is Entry => {
  const entry = value as Partial<Entry> | null;
  return (
    typeof entry === "object" &&
    entry !== null &&
    Array.isArray(entry.stamp) &&
    entry.stamp.length === 4 &&
    entry.stamp.every((n) => typeof n === "number") &&
    typeof entry.revision === "object" &&
    entry.revision !== null &&
    typeof entry.revision.id === "string" &&
    entry.revision.path === path
  );
};

/**
 * A file of the folder by name. `dir` is absolute and normalised (resolve()) and `name` comes
 * from readdir, so this is join()'s result without its normalising pass, which on 1,000
 * names cost a graph command several milliseconds of cold code.
 */
const inFolder = (dir: string, name: string): string => (dir.endsWith(sep) ? dir + name : dir + sep + name);

/** The folder's kept entries; empty when there are none or the file is not ours to trust. */
const readFolderFile = (file: string, dir: string): Record<string, Entry> => {
  let parsed: FolderFile;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as FolderFile;
  } catch {
    return {};
  }
  if (parsed?.format !== FORMAT || parsed.dir !== dir || typeof parsed.files !== "object" || parsed.files === null) return {};
  for (const [name, entry] of Object.entries(parsed.files)) if (!isEntry(entry, inFolder(dir, name))) return {};
  return parsed.files;
};

const writeFolderFile = (file: string, content: FolderFile): void => {
  writeCacheFile(file, JSON.stringify(content));
};

/**
 * Each named file's revision, in order: from the cache where the file is unchanged, else
 * read and handed to `parse` (whose errors propagate, leaving the cache as it was).
 */
export const readHeaders = (
  dir: string,
  names: readonly string[],
  parse: (path: string, source: string) => ScriptRevision,
): ScriptRevision[] => {
  const cacheDir = ensureCacheDir();
  if (cacheDir === null) {
    return names.map((name) => {
      const path = inFolder(dir, name);
      return parse(path, readStamped(path).source);
    });
  }
  const file = join(cacheDir, `headers-${sha256Hex(`${FORMAT}\0${dir}`)}.json`);
  const kept = readFolderFile(file, dir);
  const settled = Date.now() - RECENT_MS;
  const next: Record<string, Entry> = {};
  let added = false;
  const revisions = names.map((name) => {
    const path = inFolder(dir, name);
    const known = kept[name];
    if (known !== undefined) {
      let stats: Stats;
      try {
        stats = statSync(path);
      } catch (error) {
        throw ioFailed(path, error);
      }
      if (sameStamp(stampOf(stats), known.stamp)) {
        next[name] = known;
        return known.revision;
      }
    }
    const { source, stamp } = readStamped(path);
    const revision = parse(path, source);
    if (stamp[1] < settled && stamp[0] < settled) {
      next[name] = { stamp, revision };
      added = true;
    }
    return revision;
  });
  // Unchanged unless an entry was added, or one kept before is gone (its file removed, edited
  // just now, or no longer a revision file).
  if (added || Object.keys(next).length !== Object.keys(kept).length) writeFolderFile(file, { format: FORMAT, dir, files: next });
  return revisions;
};
