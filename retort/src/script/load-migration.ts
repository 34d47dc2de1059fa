// Loads a migration module only when it is about to run, through the one loader, and
// checks that it is the migration its header announced.
import { isRetortError, RetortError } from "../errors.js";
import { loadModule, prepareModules } from "../loader/index.js";
import type { ScriptRevision } from "./script-revision.js";

export interface MigrationModule {
  upgrade(op: unknown): Promise<void> | void;
  downgrade(op: unknown): Promise<void> | void;
}

/**
 * Compiles the given revisions' files in parallel ahead of running them (optional: a run
 * that calls it first saves the per-file compile latency). Errors surface from loadMigration.
 */
export const prepareMigrations = (revisions: readonly ScriptRevision[]): Promise<void> =>
  prepareModules(revisions.map((revision) => revision.path));

export const loadMigration = async (revision: ScriptRevision): Promise<MigrationModule> => {
  let exported: Record<string, unknown>;
  try {
    exported = await loadModule(revision.path);
  } catch (error) {
    // A compile error already names file:line:column; an unreadable file says so.
    if (isRetortError(error) && (error.code === "MIGRATION_LOAD_FAILED" || error.code === "IO_FAILED")) throw error;
    throw loadFailed(revision.path, error);
  }
  if (exported.revision !== revision.id) {
    throw new RetortError(
      "MALFORMED_REVISION_FILE",
      `${revision.path}: the module exports revision ${JSON.stringify(exported.revision)} but its header reads "${revision.id}"`,
      { hint: "declare `export const revision` once, as a string literal", details: { file: revision.path } },
    );
  }
  for (const name of ["upgrade", "downgrade"] as const) {
    if (typeof exported[name] !== "function") {
      throw new RetortError("MALFORMED_REVISION_FILE", `${revision.path}: no exported function ${name}(op)`, {
        hint: `add \`export async function ${name}(op: Operations): Promise<void> { ... }\``,
        details: { file: revision.path },
      });
    }
  }
  return {
    upgrade: exported.upgrade as MigrationModule["upgrade"],
    downgrade: exported.downgrade as MigrationModule["downgrade"],
  };
};

const loadFailed = (path: string, error: unknown): RetortError => {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split("\n").find((line) => line.trim() !== "") ?? "unknown error";
  return new RetortError("MIGRATION_LOAD_FAILED", `${path} failed to load: ${first.trim()}`, {
    hint: "fix the error raised while importing the migration (run with --verbose for the stack trace)",
    cause: error,
    details: { file: path },
  });
};
