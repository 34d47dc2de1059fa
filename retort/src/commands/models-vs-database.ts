// What `check` and `revision --autogenerate` share: open the project's database, insist it
// is at head (as Alembic does), and compare it with the models through its dialect.
import type { DialectName } from "../dialects/index.js";
import { compareLive, type RenameOptions } from "../autogen/compare-live.js";
import type { Comparison } from "../autogen/compare.js";
import { RetortError } from "../errors.js";
import { openSession, readHeads, type Session } from "../runtime/index.js";
import { report, type CommandContext } from "./context.js";
import { loadModels } from "./load-models.js";
import { databaseTarget, graphFor, versionTableOf, type Project } from "./project.js";

export interface ModelsVsDatabase {
  /** The dialect compared against (which lint rules apply). */
  readonly dialect: DialectName;
  /** The database as shown to people (password masked). */
  readonly database: string;
  readonly comparison: Comparison;
}

/** Fails unless the database is at every head of the versions folder, as Alembic requires. */
export const requireUpToDate = async (project: Project, session: Session): Promise<void> => {
  const current = await readHeads(session);
  const heads = graphFor(project, current).heads();
  const sameSet = current.length === heads.length && heads.every((h) => current.includes(h));
  if (!sameSet) {
    throw new RetortError("NOT_UP_TO_DATE", "Target database is not up to date.", {
      hint: "run `retort upgrade head` first, so that the comparison starts from the latest revision",
      details: { current, heads },
    });
  }
};

export const compareModelsWithDatabase = async (project: Project, options: RenameOptions, context: CommandContext): Promise<ModelsVsDatabase> => {
  const config = project.config;
  const { target } = databaseTarget(context, config);
  const versionTable = versionTableOf(config);
  const session = await openSession({ target, versionTable, lock: false });
  try {
    await requireUpToDate(project, session);
    const comparison = await compareLive({
      ...options,
      dialect: session.dialect,
      connection: session.connection,
      loadModels: () => loadModels(config),
      exclude: config.config.exclude,
      schemas: config.config.schemas,
      versionTable,
      ...(config.config.logTable === null ? {} : { logTable: config.config.logTable }),
      onDecision: (flag, rename) => report(context, { kind: "info", message: `${flag}: ${rename ? "rename" : "drop and add"}` }),
    });
    return { database: target.display, dialect: session.dialect.name, comparison };
  } finally {
    await session.close();
  }
};
