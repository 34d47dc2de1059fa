// An exclusive lock file inside a PGlite data directory, or beside a SQLite database file.
// PGlite allows one process per directory, and a second process opening it can corrupt it,
// so retort refuses to open a directory whose lock is held by a live process; on SQLite the
// file is the run lock that serialises migrating processes. A lock left by a dead process
// is stale and is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { RetortError } from "../errors.js";

export const LOCK_FILE_NAME = ".retort.lock";

export interface LockFile {
  readonly path: string;
  release(): void;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
}

/** Where a lock file lives and how messages name what it guards (default: a PGlite data directory). */
export interface LockPlace {
  readonly fileName: string;
  /** "the PGlite database at /data", "the SQLite database /app.db". */
  readonly label: string;
  /** Why a second process is refused or made to wait. */
  readonly why: string;
}

const pglitePlace = (dir: string): LockPlace => ({
  fileName: LOCK_FILE_NAME,
  label: `the PGlite database at ${dir}`,
  why: "PGlite allows one process per data directory",
});

export const acquireLockFile = (dir: string, place: LockPlace = pglitePlace(dir)): LockFile => {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new RetortError("IO_FAILED", `could not create the PGlite data directory ${dir}: ${(error as Error).message}`, {
      hint: "check that the path is writable, or choose another with --url pglite://DIR",
      cause: error,
    });
  }
  const path = join(dir, place.fileName);
  const content = `${process.pid}\n${hostname()}\n`;
  // Two rounds: the second follows the take-over of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path, content)) return held(path, content);
    const holder = readHolder(path);
    if (holder === undefined) continue; // removed between our create and read: try again
    if (holder !== null && isAlive(holder)) throw locked(dir, holder, place);
    // Stale (dead pid, or unreadable). Renaming first means that of two processes taking
    // over at once only one removes the stale file; the other sees it gone and races fairly
    // on the exclusive create.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
      unlinkSync(aside);
    } catch {
      // someone else took it over first
    }
  }
  if (tryCreate(path, content)) return held(path, content);
  const holder = readHolder(path);
  throw locked(dir, holder ?? { pid: 0, host: hostname() }, place);
};

export interface LockFileWait {
  /** Give up after this long (LOCK_WAIT_TIMEOUT); null: wait as long as it takes. */
  readonly timeoutMs: number | null;
  /** Called once, when the first attempt finds the lock held by another live process. */
  readonly onWait: (holder: { readonly pid: number; readonly since: Date | null }) => void;
}

const POLL_MS = 100;

const heldSince = (path: string): Date | null => {
  try {
    return statSync(path).mtime;
  } catch {
    return null;
  }
};

/**
 * acquireLockFile, but a lock held by another live process is waited for (polled) rather
 * than refused; the holder is announced once. Our own process holding it still fails at
 * once: waiting for ourselves would never end.
 */
export const waitForLockFile = async (dir: string, wait: LockFileWait, place: LockPlace = pglitePlace(dir)): Promise<LockFile> => {
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      return acquireLockFile(dir, place);
    } catch (error) {
      const pid = (error as RetortError).details?.pid;
      if (!(error instanceof RetortError) || error.code !== "DATABASE_LOCKED" || pid === process.pid) throw error;
      if (!announced) {
        announced = true;
        wait.onWait({ pid: typeof pid === "number" ? pid : 0, since: heldSince(join(dir, place.fileName)) });
      }
      if (wait.timeoutMs !== null && Date.now() - started >= wait.timeoutMs) {
        throw new RetortError(
          "LOCK_WAIT_TIMEOUT",
          `gave up waiting for ${place.label} after ${(wait.timeoutMs / 1000).toFixed(1)} s (open in pid ${String(pid)})`,
          {
            hint: "another process has the database open; let it finish and run the command again, or raise --lock-wait",
            details: { dataDir: dir, pid: pid ?? null, lockWaitMs: wait.timeoutMs },
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
};

const tryCreate = (path: string, content: string): boolean => {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new RetortError("IO_FAILED", `could not create the lock file ${path}: ${(error as Error).message}`, {
      hint: "check that the PGlite data directory is writable",
      cause: error,
    });
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
};

/** The holder, null when the file is unreadable garbage, undefined when it is gone. */
const readHolder = (path: string): Holder | null | undefined => {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const [pidLine, hostLine] = text.split("\n");
  const pid = Number(pidLine);
  // A half-written file (crash between create and write) has no pid: treat it as stale.
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, host: hostLine ?? "" };
};

const isAlive = (holder: Holder): boolean => {
  // A pid from another machine (a shared volume) cannot be checked: assume it is alive.
  if (holder.host !== "" && holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

const locked = (dir: string, holder: Holder, place: LockPlace): RetortError => {
  const who =
    holder.pid === process.pid
      ? "by this process"
      : holder.host !== hostname() && holder.host !== ""
        ? `in another process (pid ${holder.pid} on ${holder.host})`
        : `in another process (pid ${holder.pid})`;
  return new RetortError("DATABASE_LOCKED", `${place.label} is open ${who}`, {
    hint: `${place.why}: stop the other process, or delete ${join(dir, place.fileName)} if you are sure it is gone`,
    details: { dataDir: dir, pid: holder.pid },
  });
};

const held = (path: string, content: string): LockFile => {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener("exit", release);
    try {
      // Only remove the file if it is still ours.
      if (readFileSync(path, "utf8") === content) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.on("exit", release);
  return { path, release };
};
