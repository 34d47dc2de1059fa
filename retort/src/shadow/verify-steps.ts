// The up/down/up check of each revision, in a shadow session: the upgrade runs; the
// downgrade runs and leaves the schema exactly as it was before the upgrade (compared by
// introspection); the upgrade runs again. Stops at the first revision that fails, since
// every later one would start from a schema nobody wrote.
import { reverseStep, type MigrationStep, type RevisionId } from "../graph/index.js";
import { loadPlan, runPlan, type Revisions, type RunOptions, type Session } from "../runtime/index.js";
import type { Schema } from "../schema/types.js";
import { schemaDifferences } from "./schema-diff.js";

export type VerifyPhase = "upgrade" | "downgrade" | "upgrade again";

export interface RevisionCheck {
  readonly revision: RevisionId;
  /** Absolute path of the migration file. */
  readonly path: string;
  readonly ok: boolean;
  /** What failed: a phase that threw, or the schema the downgrade left. */
  readonly failure?:
    | { readonly kind: "error"; readonly phase: VerifyPhase; readonly message: string }
    | { readonly kind: "schema"; readonly differences: readonly string[] };
  readonly elapsedMs: number;
}

const run = (shadow: Session, step: MigrationStep, revisions: Revisions, options: RunOptions) =>
  runPlan(shadow, { start: [], steps: [step], heads: [] }, revisions, options);

/** Runs `steps` in order (planned upgrades), checking each; the last check is the failure, if any. */
export const verifySteps = async (
  shadow: Session,
  steps: readonly MigrationStep[],
  revisions: Revisions,
  options: RunOptions,
  read: () => Promise<Schema>,
  onCheck?: (check: RevisionCheck) => void,
): Promise<RevisionCheck[]> => {
  const checks: RevisionCheck[] = [];
  // Each file is loaded once, though it runs three times; one that does not load stops the
  // run before anything is replayed, as a real upgrade would.
  const loaded = { ...options, modules: await loadPlan(steps, revisions) };
  let before = await read();
  for (const step of steps) {
    const started = performance.now();
    const path = revisions.get(step.revision)?.path ?? "";
    const done = (failure?: RevisionCheck["failure"]): RevisionCheck => {
      const check: RevisionCheck = { revision: step.revision, path, ok: failure === undefined, ...(failure === undefined ? {} : { failure }), elapsedMs: performance.now() - started };
      checks.push(check);
      onCheck?.(check);
      return check;
    };
    let phase: VerifyPhase = "upgrade";
    try {
      await run(shadow, step, revisions, loaded);
      phase = "downgrade";
      await run(shadow, reverseStep(step), revisions, loaded);
      const differences = schemaDifferences(before, await read());
      if (differences.length > 0) {
        done({ kind: "schema", differences });
        break;
      }
      phase = "upgrade again";
      await run(shadow, step, revisions, loaded);
    } catch (error) {
      done({ kind: "error", phase, message: error instanceof Error ? error.message : String(error) });
      break;
    }
    before = await read();
    done();
  }
  return checks;
};
