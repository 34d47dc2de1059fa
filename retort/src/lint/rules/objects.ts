// Changes to code and access rules that live in the database: trigger functions, views that
// read other views, row-level security. Each is cheap to run and quietly changes what
// running code sees.
import { defineRule, relName } from "../types.js";
import { POSTGRES_ONLY } from "./databases.js";

export const replaceFunctionUsedByTrigger = defineRule({
  id: "replace-function-used-by-trigger",
  databases: POSTGRES_ONLY,
  level: "warn",
  reason: "a trigger runs the new function body on every write the moment the migration commits, while the old application code is still writing; dropping the function fails, or with CASCADE drops the trigger silently",
  fix: "change a trigger function only in a way the running code is ready for (or create a new function and point the trigger at it in the same migration)",
  kinds: ["replaceFunction"],
  check: (change, context) => {
    const triggers = context.triggersUsing(change.name);
    if (triggers.length === 0) return undefined;
    const used = `used by trigger${triggers.length > 1 ? "s" : ""} ${triggers.join(", ")}`;
    return change.drop
      ? `drops function ${relName(change.name)}, ${used}: the drop fails, or CASCADE drops the trigger with it`
      : `replaces function ${relName(change.name)}, ${used}: every write to the table runs the new body at once`;
  },
});

export const dropViewWithDependents = defineRule({
  id: "drop-view-with-dependents",
  level: "warn",
  reason: "a view that another view reads cannot be dropped: the migration fails, or with CASCADE the dependent views disappear too",
  fix: "drop the dependent views first (and create them again afterwards if they stay), or change the view with CREATE OR REPLACE VIEW",
  kinds: ["dropView"],
  check: (change, context) => {
    const views = context.viewsReading(change.name);
    if (views.length === 0) return undefined;
    return `drops view ${relName(change.name)}, which view${views.length > 1 ? "s" : ""} ${views.join(", ")} read${views.length > 1 ? "" : "s"}: the drop fails, or CASCADE drops ${views.length > 1 ? "them" : "it"} too`;
  },
});

export const rlsWithoutPolicy = defineRule({
  id: "rls-without-policy",
  databases: POSTGRES_ONLY,
  level: "warn",
  reason: "row-level security with no policy hides every row from every role but the table's owner (and superusers): the application's queries return nothing and its writes fail",
  fix: "create the table's policies in the same migration as ENABLE ROW LEVEL SECURITY (op.createPolicy(name, table, { ... }))",
  kinds: ["enableRowLevelSecurity"],
  check: (change, context) =>
    context.hasPolicy(change.table) ? undefined : `enables row-level security on ${relName(change.table)} without creating a policy for it: roles other than the owner see no rows`,
});
