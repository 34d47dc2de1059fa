// `retort pull --baseline`: adopting a database that has tables but no retort history.
// Beside the models, one revision whose upgrade creates exactly the database's schema,
// and the database stamped at it. A database Alembic manages keeps its revision id: the
// baseline takes the id its `alembic_version` names, so `current`, `upgrade` and later
// revisions continue from it without `stamp --purge`.
import { RetortError } from "../errors.js";
import { revisionId, type RevisionId } from "../graph/index.js";
import { ensureVersionTable, openSession, stampVersionTable, type Session } from "../runtime/index.js";
import type { Schema } from "../schema/types.js";
import type { CommandContext } from "./context.js";
import { writeNewRevision } from "./new-revision-file.js";
import { databaseTarget, type Project, versionTableOf } from "./project.js";
import { schemaRevisionSource, type SchemaRevisionSource } from "./schema-revision.js";

export interface BaselineOptions {
  readonly message?: string;
  readonly revId?: string;
  readonly shadowUrl?: string;
}

export interface BaselineResult {
  readonly revision: string;
  /** The new file, relative to the working directory. */
  readonly file: string;
  readonly operations: number;
  /** "kept": the version table already named this id (Alembic's); "stamped": retort wrote it. */
  readonly stamp: "kept" | "stamped";
}

export interface BaselinePlan {
  readonly id: RevisionId | undefined;
  readonly kept: boolean;
  readonly source: SchemaRevisionSource;
}

/**
 * Decides the baseline's id from the database's version rows and renders its source,
 * before any file is written, so a refusal leaves nothing behind.
 */
export const planBaseline = async (
  project: Project,
  context: CommandContext,
  heads: readonly RevisionId[],
  schema: Schema,
  options: BaselineOptions,
): Promise<BaselinePlan> => {
  if (project.graph.revisions.length > 0) {
    throw new RetortError("USAGE", `the versions folder already holds ${project.graph.revisions.length} revision(s); a baseline must be the first`, {
      hint: "run `retort pull --baseline` in a project with an empty versions folder (for a database retort already manages, use `retort revision --autogenerate`)",
    });
  }
  if (heads.length > 1) {
    throw new RetortError("USAGE", `the version table names ${heads.length} revisions (${heads.join(", ")}); a baseline adopts one`, {
      hint: "stamp the database at one revision first (`retort stamp --purge <rev>`), or empty its version table",
    });
  }
  const named = heads[0];
  if (named !== undefined && options.revId !== undefined && options.revId !== named) {
    throw new RetortError("USAGE", `--rev-id ${options.revId} differs from '${named}', which the database's version table names`, {
      hint: "leave out --rev-id: the baseline takes the id the database is at, so Alembic's history continues from it",
    });
  }
  const source = await schemaRevisionSource(project, context, schema, options.shadowUrl);
  const id = named ?? (options.revId === undefined ? undefined : revisionId(options.revId));
  return { id, kept: named !== undefined, source };
};

export const writeBaseline = async (project: Project, context: CommandContext, plan: BaselinePlan, options: BaselineOptions): Promise<BaselineResult> => {
  const written = await writeNewRevision(project, context, {
    downRevisions: [],
    dependsOn: [],
    message: options.message ?? "baseline",
    ...(plan.id === undefined ? {} : { revId: plan.id }),
    imports: plan.source.imports,
    upgrade: plan.source.upgrade,
    downgrade: plan.source.downgrade,
  });
  if (!plan.kept) {
    const session: Session = await openSession({ target: databaseTarget(context, project.config).target, versionTable: versionTableOf(project.config), lock: true });
    try {
      await ensureVersionTable(session);
      await stampVersionTable(session, [{ kind: "insert", id: revisionId(written.revision) }], { purge: false });
    } finally {
      await session.close();
    }
  }
  return { revision: written.revision, file: written.path, operations: plan.source.operations, stamp: plan.kept ? "kept" : "stamped" };
};
