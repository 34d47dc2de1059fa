// Comparing models with a live database through its dialect: introspect (skipping the
// excluded tables and the version table), have the server spell the models' expressions
// where they differ, compare, and settle possible renames one question at a time.
import type { Dialect, VersionTableLocation } from "../dialects/index.js";
import type { Connection } from "../drivers/types.js";
import { RetortError } from "../errors.js";
import type { Schema } from "../schema/types.js";
import { needsBackfill, type Comparison } from "./compare.js";
import { compareWithDatabase } from "./compare-database.js";
import { exclusionPredicate, keyToName, type ExcludeRules } from "./exclusion.js";
import type { RenameAmbiguity } from "./renames.js";

/** Decides one possible rename: true for a rename, false for drop + add. */
export type RenameDecider = (ambiguity: RenameAmbiguity) => Promise<boolean>;

export interface RenameOptions {
  /** "old:new" pairs to treat as renames (--rename). */
  readonly rename?: readonly string[];
  /** "old:new" pairs that are a drop and an add (--no-rename). */
  readonly noRename?: readonly string[];
  /** Asks about each rename nobody decided; without it an undecided rename stays open. */
  readonly decide?: RenameDecider;
}

export interface LiveCompareInput extends RenameOptions {
  readonly dialect: Dialect;
  readonly connection: Connection;
  /** Loads the models; called as the catalog queries start, since they wait on the server while loading is local work. */
  readonly loadModels: () => Promise<Schema>;
  readonly exclude: ExcludeRules;
  /** Namespaces to read; null: the connection's default schema only. */
  readonly schemas: readonly string[] | null;
  readonly versionTable: VersionTableLocation;
  /** The applied-migration log's table (in the version table's schema), skipped like it. */
  readonly logTable?: string;
  /** Told each decision as it is made ("old:new", and whether it is a rename). */
  readonly onDecision?: (flag: string, rename: boolean) => void;
}

export const compareLive = async (input: LiveCompareInput): Promise<Comparison> => {
  const { dialect, connection } = input;
  const excluded = exclusionPredicate(input.exclude, dialect.introspector);
  const [database, models] = await Promise.all([
    dialect.introspector.introspect(connection, {
      ...(input.schemas === null ? {} : { schemas: input.schemas }),
      exclude: excluded,
      versionTable: { name: input.versionTable.table, ...(input.versionTable.schema === undefined ? {} : { schema: input.versionTable.schema }) },
      ...(input.logTable === undefined ? {} : { logTable: input.logTable }),
    }),
    // The models' expressions spelled by the dialect: from here on they are text like the database's.
    input.loadModels().then((models) => dialect.compiler.schemaText(models)),
  ]);
  const normaliser = {
    normalise: (m: Schema, keys: readonly string[]) => dialect.introspector.normalise(connection, m, keys),
    normaliseObjects: (m: Schema, db: Schema) => dialect.introspector.normaliseObjects(connection, m, db),
  };
  const rename = [...(input.rename ?? [])];
  const noRename = [...(input.noRename ?? [])];
  const ignore = (key: string): boolean => excluded(keyToName(key));
  for (;;) {
    let comparison = await compareWithDatabase(database, models, normaliser, { renames: { rename, noRename }, ignore });
    // Connected, autogenerate can tell which tables have rows for a NOT NULL column to fill.
    const candidates = comparison.ops.flatMap((op) => (op.kind === "addColumn" && needsBackfill(op.column) ? [{ name: op.table, ...(op.schema === undefined ? {} : { schema: op.schema }) }] : []));
    if (candidates.length > 0) {
      const tablesWithRows = await dialect.introspector.tablesWithRows(connection, candidates);
      if (tablesWithRows.size > 0) comparison = await compareWithDatabase(database, models, normaliser, { renames: { rename, noRename }, ignore, tablesWithRows });
    }
    const open = comparison.ambiguities;
    if (open.length === 0 || input.decide === undefined) return comparison;
    // One question at a time: a decision can settle other pairs (an item renames once).
    const first = open[0] as RenameAmbiguity;
    const isRename = await input.decide(first);
    (isRename ? rename : noRename).push(first.flag);
    input.onDecision?.(first.flag, isRename);
  }
};

/** The error for renames left undecided where a revision must be written. */
export const ambiguityError = (ambiguities: readonly RenameAmbiguity[]): RetortError => {
  const first = ambiguities[0] as RenameAmbiguity;
  const what = (a: RenameAmbiguity) => (a.kind === "table" ? `table ${a.from} -> ${a.to}` : `column ${a.table}.${a.from} -> ${a.to}`);
  return new RetortError(
    "AMBIGUOUS_RENAME",
    `${ambiguities.length === 1 ? "a possible rename needs" : `${ambiguities.length} possible renames need`} a decision: ${ambiguities.map(what).join(", ")}`,
    {
      hint: `pass --rename ${first.flag} to rename (keeps the data) or --no-rename ${first.flag} to drop and add, once per pair (or run on a terminal to be asked)`,
      details: { ambiguities },
    },
  );
};
