// Changes that break the code already running against the database: during a deploy the
// old version of the application keeps querying the old names for minutes.
import { relName, defineRule } from "../types.js";
import { POSTGRES_ONLY } from "./databases.js";

export const renameTable = defineRule({
  id: "rename-table",
  level: "error",
  reason: "the running application still queries the old table name until every instance is replaced",
  fix: "create the new table (or a view with the new name), move readers and writers over in separate deploys, then drop the old name",
  kinds: ["renameTable"],
  check: (change, context) =>
    context.isNew(change.table) ? undefined : `renames table ${relName(change.table)} to ${change.to}: queries from running code that use the old name fail`,
});

export const renameColumn = defineRule({
  id: "rename-column",
  level: "error",
  reason: "the running application still reads and writes the old column name until every instance is replaced",
  fix: "add the new column, write both, backfill, switch reads, then drop the old column in a later release",
  kinds: ["renameColumn"],
  check: (change, context) =>
    context.isNew(change.table)
      ? undefined
      : `renames column ${relName(change.table)}.${change.column} to ${change.to}: queries from running code that use the old name fail`,
});

export const dropTable = defineRule({
  id: "drop-table",
  level: "warn",
  reason: "dropping a table loses its rows for good, and running code that still queries it fails",
  fix: "stop using the table in a release first; drop it in a later one, after a backup",
  kinds: ["dropTable"],
  check: (change, context) => (context.isNew(change.table) ? undefined : `drops table ${relName(change.table)} and all its rows`),
});

export const dropColumn = defineRule({
  id: "drop-column",
  level: "warn",
  reason: "dropping a column loses its data for good, and running code that still selects it fails",
  fix: "stop reading and writing the column in a release first; drop it in a later one",
  kinds: ["dropColumn"],
  check: (change, context) => (context.isNew(change.table) ? undefined : `drops column ${relName(change.table)}.${change.column} and its data`),
});

export const enumReorder = defineRule({
  id: "enum-reorder",
  databases: POSTGRES_ONLY,
  level: "error",
  reason: "reordering or removing enum values means a new type: every column of the old one is rewritten to convert it, and running code may write values the new type refuses",
  fix: "only add values (ALTER TYPE ... ADD VALUE, which rewrites nothing); if the order matters, sort in queries instead",
  kinds: ["createEnum"],
  check: (change, context) => (context.replacesType(change.name) ? `re-creates enum type ${relName(change.name)}: columns of the old type are rewritten to convert them` : undefined),
});
