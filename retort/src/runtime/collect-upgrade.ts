// A migration's upgrade() run against an `op` that only records what it is asked to do:
// no database, no SQL (what `retort lint` reads). Each call gets a facade of its own, so
// that every operation is tied to the call that built it and to where it was called, which
// sourceLines turns into a line of the source through the module's source map.
import { SourceMap } from "node:module";
import { basename, dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { createOperations, type Operations, type OperationsOptions } from "../ops/index.js";
import type { Op } from "../ops/types.js";
import { readFileSync } from "node:fs";
import { loadMigration, migrationSourceMap, type MigrationModule, type ScriptRevision } from "../script/index.js";

export interface CollectedUpgrade {
  readonly ops: Op[];
  /** Per op, where in the evaluated module its call was (see sourceLines). */
  readonly sites: (CallSite | undefined)[];
  /** Why loading or running upgrade() failed; ops are those built before that. */
  readonly failure?: string;
  readonly source: string;
}

const METHODS = Object.keys(createOperations(async () => {}).op) as (keyof Operations)[];

export interface CallSite {
  /** The name the frame carries: the migration's path, or the module tsx imported for it. */
  readonly file: string;
  /** 1-based, in the code as evaluated. */
  readonly line: number;
  readonly column: number;
}

/** The first stack frame in the migration's own file. */
const callerIn = (file: (name: string) => boolean): CallSite | undefined => {
  const previous = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    // The migration's frame is the recording op's caller, or a few helpers further up.
    Error.stackTraceLimit = 6;
    Error.captureStackTrace(holder, callerIn);
    for (const frame of holder.stack ?? []) {
      const name = frame.getFileName();
      const line = frame.getLineNumber();
      if (name !== undefined && name !== null && line !== null && file(name)) return { file: name, line, column: frame.getColumnNumber() ?? 1 };
    }
    return undefined;
  } finally {
    Error.prepareStackTrace = previous;
    Error.stackTraceLimit = limit;
  }
};

/** A recording `op`: each call's operations, in call order, and where it was called. */
const recordingOp = (options: OperationsOptions, site: () => CallSite | undefined) => {
  const calls: { ops: Op[]; site: CallSite | undefined }[] = [];
  const pending: Promise<void>[] = [];
  const methods = new Set<string>(METHODS);
  const op = new Proxy({} as Operations, {
    get: (_target, key) => {
      if (typeof key !== "string" || !methods.has(key)) return undefined;
      return (...args: unknown[]) => {
        const call = { ops: [] as Op[], site: site() };
        calls.push(call);
        const single = createOperations(async (built) => void call.ops.push(built), options);
        const method = single.op[key as keyof Operations] as (...a: unknown[]) => Promise<void>;
        const done = method(...args).then(() => single.drain());
        done.catch(() => {});
        pending.push(done);
        return done;
      };
    },
  });
  return {
    op,
    settle: () => Promise.all(pending),
    result: () => ({ ops: calls.flatMap((c) => c.ops), sites: calls.flatMap((c) => c.ops.map(() => c.site)) }),
  };
};

const messageOf = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? "unknown error";
};

/**
 * The source lines of the recorded call sites, through the source map of the migration as
 * the loader compiled it (read only for the files whose findings need a line).
 */
export const sourceLines = async (revision: ScriptRevision, sites: readonly (CallSite | undefined)[]): Promise<(number | undefined)[]> => {
  if (sites.every((site) => site === undefined)) return sites.map(() => undefined);
  const payload = await migrationSourceMap(revision);
  if (payload === undefined) return sites.map(() => undefined);
  const map = new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]);
  return sites.map((site) => {
    if (site === undefined) return undefined;
    const entry = map.findEntry(site.line - 1, site.column - 1) as { originalLine?: number };
    return entry.originalLine === undefined ? undefined : entry.originalLine + 1;
  });
};

export const collectUpgrade = async (revision: ScriptRevision, options: OperationsOptions): Promise<CollectedUpgrade> => {
  let source: string;
  try {
    source = readFileSync(revision.path, "utf8");
  } catch (error) {
    return { ops: [], sites: [], failure: messageOf(error), source: "" };
  }
  let module: MigrationModule;
  try {
    module = await loadMigration(revision);
  } catch (error) {
    return { ops: [], sites: [], failure: messageOf(error), source };
  }
  // Evaluated as a function body (the usual case) the code runs under the file's own path;
  // imported through tsx (a migration with imports of its own), from the hidden module
  // beside it.
  const shadow = `${pathToFileURL(dirname(revision.path)).href}/.${basename(revision.path)}.`;
  const recorder = recordingOp(options, () => callerIn((name) => name === revision.path || (name.startsWith(shadow) && name.includes(".retort.mjs"))));
  let failure: string | undefined;
  try {
    await module.upgrade(recorder.op);
    await recorder.settle();
  } catch (error) {
    await recorder.settle().catch(() => {});
    failure = `upgrade() failed: ${messageOf(error)}`;
  }
  const { ops, sites } = recorder.result();
  return { ops, sites, source, ...(failure === undefined ? {} : { failure }) };
};
