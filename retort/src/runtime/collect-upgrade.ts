// A migration's upgrade() run against an `op` that only records what it is asked to do:
// no database, no SQL (what `retort lint` reads). Each call gets a facade of its own, so
// that every operation is tied to the call that built it, and, when the caller asks for
// lines, to the line of that call in the source, found from the call's stack through
// esbuild's source map.
import { SourceMap } from "node:module";
import { createOperations, type Operations, type OperationsOptions } from "../ops/index.js";
import type { Op } from "../ops/types.js";
import { compileFailed, loaderFor, readSource, toFunctionBody } from "../loader/compile-cache.js";
import { evaluateBody, loadLibrary } from "../loader/evaluate.js";
import { loadMigration, type MigrationModule, type ScriptRevision } from "../script/index.js";

export interface CollectedUpgrade {
  readonly ops: Op[];
  /** Per op, the line of its call in the file (only when lines were asked for). */
  readonly lines: (number | undefined)[];
  /** Why loading or running upgrade() failed; ops are those built before that. */
  readonly failure?: string;
  readonly source: string;
}

const METHODS = Object.keys(createOperations(async () => {}).op) as (keyof Operations)[];

type Site = { line: number; column: number };

/** The first stack frame in the migration's own file. */
const callerIn = (file: (name: string) => boolean): Site | undefined => {
  const previous = Error.prepareStackTrace;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, callerIn);
    const site = holder.stack?.find((frame) => {
      const name = frame.getFileName();
      return name !== undefined && name !== null && file(name);
    });
    const line = site?.getLineNumber();
    const column = site?.getColumnNumber();
    return line === undefined || line === null ? undefined : { line, column: column ?? 1 };
  } finally {
    Error.prepareStackTrace = previous;
  }
};

/** A recording `op`: each call's operations, in call order, and where it was called. */
const recordingOp = (options: OperationsOptions, site: (() => number | undefined) | undefined) => {
  const calls: { ops: Op[]; line: number | undefined }[] = [];
  const pending: Promise<void>[] = [];
  const methods = new Set<string>(METHODS);
  const op = new Proxy({} as Operations, {
    get: (_target, key) => {
      if (typeof key !== "string" || !methods.has(key)) return undefined;
      return (...args: unknown[]) => {
        const call = { ops: [] as Op[], line: site?.() };
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
    result: () => ({ ops: calls.flatMap((c) => c.ops), lines: calls.flatMap((c) => c.ops.map(() => c.line)) }),
  };
};

const messageOf = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? "unknown error";
};

/**
 * The module compiled here with a source map, for files with suppression comments: a
 * finding must name the source line of its op call, and the cached compilation keeps no map.
 */
const loadWithMap = async (revision: ScriptRevision, source: string): Promise<{ module: MigrationModule; toSource: (site: Site) => number | undefined } | undefined> => {
  const { transform } = await import("esbuild");
  let result;
  try {
    result = await transform(source, { loader: loaderFor(revision.path), format: "esm", platform: "node", target: "node20", sourcefile: revision.path, sourcemap: "external", logLevel: "silent" });
  } catch (error) {
    throw compileFailed(revision.path, error);
  }
  const body = toFunctionBody(result.code);
  if (body === null) return undefined;
  const exported = await evaluateBody(revision.path, body, loadLibrary);
  if (typeof exported.upgrade !== "function") return undefined;
  const map = new SourceMap(JSON.parse(result.map));
  return {
    module: { upgrade: exported.upgrade as MigrationModule["upgrade"], downgrade: exported.downgrade as MigrationModule["downgrade"] },
    // evaluateBody puts the body after `(async function (...) {` on line 1, and the body's
    // own first line is "use strict": esbuild's line N is the script's line N + 1.
    toSource: (site) => {
      const entry = map.findEntry(site.line - 2, site.column - 1) as { originalLine?: number };
      return entry.originalLine === undefined ? undefined : entry.originalLine + 1;
    },
  };
};

/** `wantLines` sees the source and says whether the ops' lines are needed (they cost a compile). */
export const collectUpgrade = async (
  revision: ScriptRevision,
  options: OperationsOptions,
  wantLines: (source: string) => boolean = () => false,
): Promise<CollectedUpgrade> => {
  let source: string;
  try {
    source = readSource(revision.path);
  } catch (error) {
    return { ops: [], lines: [], failure: messageOf(error), source: "" };
  }
  let module: MigrationModule;
  let site: (() => number | undefined) | undefined;
  try {
    const mapped = wantLines(source) ? await loadWithMap(revision, source) : undefined;
    if (mapped !== undefined) {
      module = mapped.module;
      site = () => {
        const at = callerIn((name) => name === revision.path);
        return at === undefined ? undefined : mapped.toSource(at);
      };
    } else {
      module = await loadMigration(revision);
    }
  } catch (error) {
    return { ops: [], lines: [], failure: messageOf(error), source };
  }
  const recorder = recordingOp(options, site);
  let failure: string | undefined;
  try {
    await module.upgrade(recorder.op);
    await recorder.settle();
  } catch (error) {
    await recorder.settle().catch(() => {});
    failure = `upgrade() failed: ${messageOf(error)}`;
  }
  const { ops, lines } = recorder.result();
  return { ops, lines, source, ...(failure === undefined ? {} : { failure }) };
};
