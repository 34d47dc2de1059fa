// Graph scenarios as data, read like Alembic's "Working with Branches": each scenario is a
// versions folder (revisions in file-name order), each case a command with the database's
// current heads and what must come out. Steps read "up <rev>: <version-table changes>".
// graph.test.ts runs them all in one loop.
import type { ErrorCode } from "../../src/errors.js";
import { revisionId, type Revision, type VersionChange } from "../../src/graph/index.js";

export const rev = (
  id: string,
  down: string | readonly string[] | null,
  extra: { labels?: readonly string[]; dependsOn?: readonly string[] } = {},
): Revision => ({
  id: revisionId(id),
  downRevisions: (down === null ? [] : typeof down === "string" ? [down] : down).map(revisionId),
  dependsOn: (extra.dependsOn ?? []).map(revisionId),
  branchLabels: extra.labels ?? [],
});

/** The version table after the changes, as a sorted list (rows have no order). */
export const tableAfter = (current: readonly string[], changes: readonly VersionChange[]): string[] => {
  const rows = new Set(current);
  for (const c of changes) {
    if (c.kind === "insert") rows.add(c.id);
    else if (c.kind === "delete") rows.delete(c.id);
    else {
      rows.delete(c.from);
      rows.add(c.to);
    }
  }
  return [...rows].sort();
};

export type Expected =
  | { readonly error: readonly [ErrorCode, string] }
  | { readonly steps: readonly string[]; readonly table: readonly string[]; readonly warnings?: readonly string[] };

export type Case =
  | ({ readonly run: "upgrade" | "downgrade"; readonly current: readonly string[]; readonly target: string } & Expected)
  | ({ readonly run: "stamp"; readonly current: readonly string[]; readonly targets: readonly string[]; readonly purge?: boolean } & (
      | { readonly error: readonly [ErrorCode, string] }
      | { readonly changes: readonly string[]; readonly table: readonly string[] }
    ))
  | ({ readonly run: "resolve"; readonly current: readonly string[]; readonly target: string } & (
      | { readonly error: readonly [ErrorCode, string] }
      | { readonly ids: readonly string[] }
    ))
  | ({ readonly run: "history"; readonly range?: string; readonly current?: readonly string[] } & (
      | { readonly error: readonly [ErrorCode, string] }
      | { readonly ids: readonly string[] }
    ))
  | ({ readonly run: "parents"; readonly head?: string; readonly splice?: boolean; readonly dependsOn?: readonly string[] } & (
      | { readonly error: readonly [ErrorCode, string] }
      | { readonly downRevisions: readonly string[]; readonly dependsOnIds: readonly string[] }
    ));

export interface Scenario {
  readonly name: string;
  readonly revisions: readonly Revision[];
  /** graph.heads(), graph.bases(), graph.branchPoints(), graph.revisions (history order). */
  readonly heads: readonly string[];
  readonly bases: readonly string[];
  readonly branchPoints: readonly string[];
  readonly order: readonly string[];
  /** graph.labelsOf for the revisions listed. */
  readonly labels?: Readonly<Record<string, readonly string[]>>;
  readonly cases: readonly Case[];
}

const MULTIPLE_HEAD = (arg: string, heads: string) =>
  ["MULTIPLE_HEADS", `Multiple head revisions are present for given argument '${arg}': ${heads}`] as const;
const DIDNT_PRODUCE = (rel: string) =>
  ["BAD_RELATIVE_TARGET", `Relative revision ${rel} didn't produce ${rel.slice(1)} migrations`] as const;
const NOT_DOWNGRADE_TARGET = (target: string) =>
  ["NOT_AN_ANCESTOR", `Destination ${target} is not a valid downgrade target from current head(s)`] as const;

export const scenarios: readonly Scenario[] = [
  {
    name: "linear history (the seed's 001_initial, 002_triggers, then two more)",
    revisions: [
      rev("initial", null),
      rev("triggers", "initial"),
      rev("messages", "triggers"),
      rev("trainjobs", "messages"),
    ],
    heads: ["trainjobs"],
    bases: ["initial"],
    branchPoints: [],
    order: ["trainjobs", "messages", "triggers", "initial"],
    cases: [
      {
        run: "upgrade", current: [], target: "head",
        steps: ["up initial: insert initial", "up triggers: update initial -> triggers", "up messages: update triggers -> messages", "up trainjobs: update messages -> trainjobs"],
        table: ["trainjobs"],
      },
      {
        run: "upgrade", current: [], target: "heads",
        steps: ["up initial: insert initial", "up triggers: update initial -> triggers", "up messages: update triggers -> messages", "up trainjobs: update messages -> trainjobs"],
        table: ["trainjobs"],
      },
      { run: "upgrade", current: ["triggers"], target: "head", steps: ["up messages: update triggers -> messages", "up trainjobs: update messages -> trainjobs"], table: ["trainjobs"] },
      { run: "upgrade", current: ["trainjobs"], target: "head", steps: [], table: ["trainjobs"] },
      { run: "upgrade", current: ["trainjobs"], target: "triggers", steps: [], table: ["trainjobs"] },
      { run: "upgrade", current: [], target: "+2", steps: ["up initial: insert initial", "up triggers: update initial -> triggers"], table: ["triggers"] },
      { run: "upgrade", current: ["triggers"], target: "+1", steps: ["up messages: update triggers -> messages"], table: ["messages"] },
      { run: "upgrade", current: ["triggers"], target: "+3", error: DIDNT_PRODUCE("+3") },
      { run: "upgrade", current: ["trainjobs"], target: "+1", error: DIDNT_PRODUCE("+1") },
      { run: "upgrade", current: [], target: "-1", error: DIDNT_PRODUCE("-1") },
      {
        run: "upgrade", current: [], target: "triggers+1",
        steps: ["up initial: insert initial", "up triggers: update initial -> triggers", "up messages: update triggers -> messages"],
        table: ["messages"],
      },
      {
        run: "upgrade", current: [], target: "head-1",
        steps: ["up initial: insert initial", "up triggers: update initial -> triggers", "up messages: update triggers -> messages"],
        table: ["messages"],
      },
      { run: "upgrade", current: [], target: "base+2", steps: ["up initial: insert initial", "up triggers: update initial -> triggers"], table: ["triggers"] },
      { run: "upgrade", current: [], target: "trig", steps: ["up initial: insert initial", "up triggers: update initial -> triggers"], table: ["triggers"] },
      { run: "upgrade", current: ["initial"], target: "base", steps: [], table: ["initial"] },
      {
        run: "upgrade", current: [], target: "tri",
        error: ["UNKNOWN_REVISION", "No such revision or branch 'tri'; please ensure at least four characters are present for partial revision identifier matches"],
      },
      { run: "upgrade", current: [], target: "nosuchrev", error: ["UNKNOWN_REVISION", "No such revision or branch 'nosuchrev'"] },
      { run: "upgrade", current: [], target: "head-1x", error: ["UNKNOWN_REVISION", "No such revision or branch 'head-1x'"] },
      {
        run: "upgrade", current: ["0000dead"], target: "head",
        error: ["UNKNOWN_REVISION", "The version table names revision '0000dead', which is not in the versions folder"],
      },
      {
        run: "upgrade", current: ["initial", "messages"], target: "head",
        error: ["VERSION_TABLE_CONFLICT", "The version table lists both messages and its ancestor initial"],
      },
      { run: "downgrade", current: ["trainjobs"], target: "-1", steps: ["down trainjobs: update trainjobs -> messages"], table: ["messages"] },
      {
        run: "downgrade", current: ["trainjobs"], target: "-2",
        steps: ["down trainjobs: update trainjobs -> messages", "down messages: update messages -> triggers"],
        table: ["triggers"],
      },
      {
        run: "downgrade", current: ["trainjobs"], target: "base",
        steps: ["down trainjobs: update trainjobs -> messages", "down messages: update messages -> triggers", "down triggers: update triggers -> initial", "down initial: delete initial"],
        table: [],
      },
      {
        run: "downgrade", current: ["trainjobs"], target: "triggers",
        steps: ["down trainjobs: update trainjobs -> messages", "down messages: update messages -> triggers"],
        table: ["triggers"],
      },
      {
        run: "downgrade", current: ["trainjobs"], target: "head-2",
        steps: ["down trainjobs: update trainjobs -> messages", "down messages: update messages -> triggers"],
        table: ["triggers"],
      },
      {
        run: "downgrade", current: ["trainjobs"], target: "base+1",
        steps: ["down trainjobs: update trainjobs -> messages", "down messages: update messages -> triggers", "down triggers: update triggers -> initial"],
        table: ["initial"],
      },
      { run: "downgrade", current: ["triggers"], target: "-2", steps: ["down triggers: update triggers -> initial", "down initial: delete initial"], table: [] },
      { run: "downgrade", current: ["triggers"], target: "-3", error: DIDNT_PRODUCE("-3") },
      { run: "downgrade", current: [], target: "-1", error: DIDNT_PRODUCE("-1") },
      { run: "downgrade", current: [], target: "base", steps: [], table: [] },
      { run: "downgrade", current: ["trainjobs"], target: "trainjobs", steps: [], table: ["trainjobs"] },
      { run: "downgrade", current: ["trainjobs"], target: "+1", error: DIDNT_PRODUCE("+1") },
      { run: "downgrade", current: ["triggers"], target: "trainjobs", error: NOT_DOWNGRADE_TARGET("trainjobs") },
      { run: "downgrade", current: ["triggers"], target: "messages", error: NOT_DOWNGRADE_TARGET("messages") },
      { run: "resolve", current: [], target: "head", ids: ["trainjobs"] },
      { run: "resolve", current: [], target: "base", ids: [] },
      { run: "resolve", current: [], target: "mess", ids: ["messages"] },
      { run: "resolve", current: ["triggers"], target: "+1", ids: ["messages"] },
      { run: "resolve", current: ["triggers"], target: "-1", ids: ["initial"] },
      { run: "resolve", current: ["initial"], target: "-1", ids: [] },
      { run: "resolve", current: [], target: "head-3", ids: ["initial"] },
      { run: "resolve", current: [], target: "head-4", ids: [] },
      { run: "resolve", current: [], target: "head-5", error: ["BAD_RELATIVE_TARGET", "Relative target 'head-5' walks past the base"] },
      { run: "resolve", current: ["messages"], target: "-2", ids: ["initial"] },
      { run: "resolve", current: [], target: "-2", error: DIDNT_PRODUCE("-2") },
      { run: "history", ids: ["trainjobs", "messages", "triggers", "initial"] },
      { run: "history", range: "triggers:", ids: ["trainjobs", "messages", "triggers"] },
      { run: "history", range: ":triggers", ids: ["triggers", "initial"] },
      { run: "history", range: "triggers:messages", ids: ["messages", "triggers"] },
      { run: "history", range: "-2:", ids: ["trainjobs", "messages", "triggers"] },
      { run: "history", range: "triggers:+1", ids: ["messages", "triggers"] },
      { run: "history", range: "current:", current: ["messages"], ids: ["trainjobs", "messages"] },
      { run: "history", range: ":current", current: ["messages"], ids: ["messages", "triggers", "initial"] },
      {
        run: "history", range: "messages:triggers",
        error: ["NOT_AN_ANCESTOR", "Requested range messages:triggers does not refer to ancestor/descendant revisions along the same branch"],
      },
      { run: "history", range: "messages", error: ["USAGE", "History range requires [start]:[end], [start]:, or :[end], not 'messages'"] },
      { run: "parents", downRevisions: ["trainjobs"], dependsOnIds: [] },
      { run: "parents", head: "base", downRevisions: [], dependsOnIds: [] },
      { run: "parents", head: "mess", splice: true, downRevisions: ["messages"], dependsOnIds: [] },
      {
        run: "parents", head: "messages",
        error: ["NOT_A_HEAD", "Revision messages is not a head revision; please specify --splice to create a new branch from this revision"],
      },
      { run: "parents", dependsOn: ["trig"], downRevisions: ["trainjobs"], dependsOnIds: ["triggers"] },
      { run: "stamp", current: [], targets: ["head"], changes: ["insert trainjobs"], table: ["trainjobs"] },
      { run: "stamp", current: ["trainjobs"], targets: ["triggers"], changes: ["update trainjobs -> triggers"], table: ["triggers"] },
      { run: "stamp", current: ["triggers"], targets: ["head"], changes: ["update triggers -> trainjobs"], table: ["trainjobs"] },
      { run: "stamp", current: ["triggers"], targets: ["triggers"], changes: [], table: ["triggers"] },
      { run: "stamp", current: ["triggers"], targets: ["base"], changes: ["delete triggers"], table: [] },
      { run: "stamp", current: ["triggers"], targets: [], changes: ["delete triggers"], table: [] },
      { run: "stamp", current: ["0000dead"], targets: ["head"], purge: true, changes: ["insert trainjobs"], table: ["trainjobs"] },
      {
        run: "stamp", current: ["0000dead"], targets: ["head"],
        error: ["UNKNOWN_REVISION", "The version table names revision '0000dead', which is not in the versions folder"],
      },
    ],
  },

  {
    // Alembic's "Working with Explicit Branches": two heads off 1975ea83b712, no merge.
    name: "branched: two heads from one branch point",
    revisions: [
      rev("1975ea83b712", null),
      rev("27c6a30d7c24", "1975ea83b712"),
      rev("ae1027a6acf", "1975ea83b712"),
    ],
    heads: ["27c6a30d7c24", "ae1027a6acf"],
    bases: ["1975ea83b712"],
    branchPoints: ["1975ea83b712"],
    order: ["27c6a30d7c24", "ae1027a6acf", "1975ea83b712"],
    cases: [
      { run: "upgrade", current: [], target: "head", error: MULTIPLE_HEAD("head", "27c6a30d7c24, ae1027a6acf") },
      { run: "upgrade", current: ["ae1027a6acf", "27c6a30d7c24"], target: "head", error: MULTIPLE_HEAD("head", "27c6a30d7c24, ae1027a6acf") },
      {
        run: "upgrade", current: [], target: "heads",
        steps: ["up 1975ea83b712: insert 1975ea83b712", "up ae1027a6acf: update 1975ea83b712 -> ae1027a6acf", "up 27c6a30d7c24: insert 27c6a30d7c24"],
        table: ["ae1027a6acf", "27c6a30d7c24"],
      },
      { run: "upgrade", current: ["ae1027a6acf", "27c6a30d7c24"], target: "heads", steps: [], table: ["ae1027a6acf", "27c6a30d7c24"] },
      {
        run: "upgrade", current: [], target: "27c6a",
        steps: ["up 1975ea83b712: insert 1975ea83b712", "up 27c6a30d7c24: update 1975ea83b712 -> 27c6a30d7c24"],
        table: ["27c6a30d7c24"],
      },
      { run: "upgrade", current: ["27c6a30d7c24"], target: "ae102", steps: ["up ae1027a6acf: insert ae1027a6acf"], table: ["27c6a30d7c24", "ae1027a6acf"] },
      { run: "upgrade", current: ["1975ea83b712"], target: "heads", steps: ["up ae1027a6acf: update 1975ea83b712 -> ae1027a6acf", "up 27c6a30d7c24: insert 27c6a30d7c24"], table: ["27c6a30d7c24", "ae1027a6acf"] },
      {
        run: "upgrade", current: [], target: "ae10@head",
        steps: ["up 1975ea83b712: insert 1975ea83b712", "up ae1027a6acf: update 1975ea83b712 -> ae1027a6acf"],
        table: ["ae1027a6acf"],
      },
      { run: "upgrade", current: ["27c6a30d7c24"], target: "27c6@head", steps: [], table: ["27c6a30d7c24"] },
      {
        run: "upgrade", current: ["1975ea83b712"], target: "+1",
        error: ["BAD_RELATIVE_TARGET", "Relative target '+1' is ambiguous: revision 1975ea83b712 branches into 27c6a30d7c24, ae1027a6acf"],
      },
      {
        run: "upgrade", current: ["ae1027a6acf", "27c6a30d7c24"], target: "+1",
        error: ["BAD_RELATIVE_TARGET", "Ambiguous upgrade from multiple current revisions (ae1027a6acf, 27c6a30d7c24)"],
      },
      // Downgrading one step at a time closes one branch (DELETE) and then walks the other down (UPDATE).
      {
        run: "downgrade", current: ["ae1027a6acf", "27c6a30d7c24"], target: "-1",
        steps: ["down ae1027a6acf: delete ae1027a6acf"],
        table: ["27c6a30d7c24"],
        warnings: ["downgrade -1 from multiple heads is ambiguous; stepping down from the first current head, ae1027a6acf"],
      },
      { run: "downgrade", current: ["27c6a30d7c24"], target: "-1", steps: ["down 27c6a30d7c24: update 27c6a30d7c24 -> 1975ea83b712"], table: ["1975ea83b712"], warnings: [] },
      { run: "downgrade", current: ["1975ea83b712"], target: "-1", steps: ["down 1975ea83b712: delete 1975ea83b712"], table: [] },
      {
        run: "downgrade", current: ["27c6a30d7c24", "ae1027a6acf"], target: "-1",
        steps: ["down 27c6a30d7c24: delete 27c6a30d7c24"],
        table: ["ae1027a6acf"],
        warnings: ["downgrade -1 from multiple heads is ambiguous; stepping down from the first current head, 27c6a30d7c24"],
      },
      { run: "downgrade", current: ["ae1027a6acf", "27c6a30d7c24"], target: "ae10@-1", steps: ["down ae1027a6acf: delete ae1027a6acf"], table: ["27c6a30d7c24"], warnings: [] },
      {
        run: "downgrade", current: ["ae1027a6acf", "27c6a30d7c24"], target: "1975ea83b712",
        steps: ["down 27c6a30d7c24: delete 27c6a30d7c24", "down ae1027a6acf: update ae1027a6acf -> 1975ea83b712"],
        table: ["1975ea83b712"],
      },
      {
        run: "downgrade", current: ["ae1027a6acf", "27c6a30d7c24"], target: "base",
        steps: ["down 27c6a30d7c24: delete 27c6a30d7c24", "down ae1027a6acf: update ae1027a6acf -> 1975ea83b712", "down 1975ea83b712: delete 1975ea83b712"],
        table: [],
      },
      { run: "downgrade", current: ["ae1027a6acf", "27c6a30d7c24"], target: "head", error: MULTIPLE_HEAD("head", "27c6a30d7c24, ae1027a6acf") },
      { run: "downgrade", current: ["27c6a30d7c24"], target: "ae1027a6acf", error: NOT_DOWNGRADE_TARGET("ae1027a6acf") },
      { run: "resolve", current: [], target: "heads", ids: ["27c6a30d7c24", "ae1027a6acf"] },
      { run: "resolve", current: [], target: "ae10@head", ids: ["ae1027a6acf"] },
      { run: "resolve", current: [], target: "head", error: MULTIPLE_HEAD("head", "27c6a30d7c24, ae1027a6acf") },
      { run: "history", ids: ["27c6a30d7c24", "ae1027a6acf", "1975ea83b712"] },
      { run: "history", range: "ae10:", ids: ["ae1027a6acf"] },
      {
        run: "history", range: "ae10:27c6",
        error: ["NOT_AN_ANCESTOR", "Requested range ae10:27c6 does not refer to ancestor/descendant revisions along the same branch"],
      },
      {
        run: "parents",
        error: ["MULTIPLE_HEADS", "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge."],
      },
      { run: "parents", head: "heads", downRevisions: ["27c6a30d7c24", "ae1027a6acf"], dependsOnIds: [] },
      { run: "parents", head: "27c6a30d7c24", downRevisions: ["27c6a30d7c24"], dependsOnIds: [] },
      {
        run: "parents", head: "1975",
        error: ["NOT_A_HEAD", "Revision 1975ea83b712 is not a head revision; please specify --splice to create a new branch from this revision"],
      },
      { run: "parents", head: "1975", splice: true, downRevisions: ["1975ea83b712"], dependsOnIds: [] },
      { run: "stamp", current: [], targets: ["heads"], changes: ["insert 27c6a30d7c24", "insert ae1027a6acf"], table: ["27c6a30d7c24", "ae1027a6acf"] },
      {
        run: "stamp", current: ["ae1027a6acf", "27c6a30d7c24"], targets: ["1975ea83b712"],
        changes: ["delete ae1027a6acf", "update 27c6a30d7c24 -> 1975ea83b712"],
        table: ["1975ea83b712"],
      },
      { run: "stamp", current: ["ae1027a6acf", "27c6a30d7c24"], targets: ["base"], changes: ["delete ae1027a6acf", "delete 27c6a30d7c24"], table: [] },
      { run: "stamp", current: ["27c6a30d7c24"], targets: ["ae1027a6acf"], changes: ["insert ae1027a6acf"], table: ["27c6a30d7c24", "ae1027a6acf"] },
      {
        run: "stamp", current: ["1975ea83b712"], targets: ["ae1027a6acf", "27c6a30d7c24"],
        changes: ["update 1975ea83b712 -> ae1027a6acf", "insert 27c6a30d7c24"],
        table: ["27c6a30d7c24", "ae1027a6acf"],
      },
      { run: "stamp", current: [], targets: ["head"], error: ["MULTIPLE_HEADS", "Multiple heads are present for 'head'; please specify a single target revision"] },
      { run: "stamp", current: ["0000dead"], targets: ["heads"], purge: true, changes: ["insert 27c6a30d7c24", "insert ae1027a6acf"], table: ["27c6a30d7c24", "ae1027a6acf"] },
    ],
  },
  {
    // Alembic's merge example: `alembic merge -m "merge ae1 and 27c" ae1027 27c6a`.
    name: "diamond: a branch point and its merge",
    revisions: [
      rev("1975ea83b712", null),
      rev("27c6a30d7c24", "1975ea83b712"),
      rev("53fffde5ad5", ["ae1027a6acf", "27c6a30d7c24"]),
      rev("ae1027a6acf", "1975ea83b712"),
    ],
    heads: ["53fffde5ad5"],
    bases: ["1975ea83b712"],
    branchPoints: ["1975ea83b712"],
    order: ["53fffde5ad5", "ae1027a6acf", "27c6a30d7c24", "1975ea83b712"],
    cases: [
      {
        run: "upgrade", current: [], target: "head",
        steps: [
          "up 1975ea83b712: insert 1975ea83b712",
          "up 27c6a30d7c24: update 1975ea83b712 -> 27c6a30d7c24",
          "up ae1027a6acf: insert ae1027a6acf",
          "up 53fffde5ad5: delete ae1027a6acf, update 27c6a30d7c24 -> 53fffde5ad5",
        ],
        table: ["53fffde5ad5"],
      },
      {
        run: "upgrade", current: ["ae1027a6acf", "27c6a30d7c24"], target: "head",
        steps: ["up 53fffde5ad5: delete ae1027a6acf, update 27c6a30d7c24 -> 53fffde5ad5"],
        table: ["53fffde5ad5"],
      },
      {
        run: "upgrade", current: ["ae1027a6acf"], target: "head",
        steps: ["up 27c6a30d7c24: insert 27c6a30d7c24", "up 53fffde5ad5: delete ae1027a6acf, update 27c6a30d7c24 -> 53fffde5ad5"],
        table: ["53fffde5ad5"],
      },
      {
        run: "upgrade", current: ["27c6a30d7c24"], target: "head",
        steps: ["up ae1027a6acf: insert ae1027a6acf", "up 53fffde5ad5: delete ae1027a6acf, update 27c6a30d7c24 -> 53fffde5ad5"],
        table: ["53fffde5ad5"],
      },
      {
        run: "upgrade", current: ["ae1027a6acf"], target: "+1",
        steps: ["up 27c6a30d7c24: insert 27c6a30d7c24", "up 53fffde5ad5: delete ae1027a6acf, update 27c6a30d7c24 -> 53fffde5ad5"],
        table: ["53fffde5ad5"],
      },
      { run: "upgrade", current: ["53fffde5ad5"], target: "ae1027a6acf", steps: [], table: ["53fffde5ad5"] },
      // Undoing the merge puts both parents back: INSERT one, UPDATE the merge's row to the other.
      {
        run: "downgrade", current: ["53fffde5ad5"], target: "ae1027a6acf",
        steps: ["down 53fffde5ad5: insert ae1027a6acf, update 53fffde5ad5 -> 27c6a30d7c24"],
        table: ["27c6a30d7c24", "ae1027a6acf"],
      },
      {
        run: "downgrade", current: ["53fffde5ad5"], target: "base",
        steps: [
          "down 53fffde5ad5: insert ae1027a6acf, update 53fffde5ad5 -> 27c6a30d7c24",
          "down ae1027a6acf: delete ae1027a6acf",
          "down 27c6a30d7c24: update 27c6a30d7c24 -> 1975ea83b712",
          "down 1975ea83b712: delete 1975ea83b712",
        ],
        table: [],
      },
      {
        run: "downgrade", current: ["53fffde5ad5"], target: "1975ea83b712",
        steps: [
          "down 53fffde5ad5: insert ae1027a6acf, update 53fffde5ad5 -> 27c6a30d7c24",
          "down ae1027a6acf: delete ae1027a6acf",
          "down 27c6a30d7c24: update 27c6a30d7c24 -> 1975ea83b712",
        ],
        table: ["1975ea83b712"],
      },
      {
        run: "downgrade", current: ["53fffde5ad5"], target: "-1",
        error: ["BAD_RELATIVE_TARGET", "Relative target '-1' is ambiguous: revision 53fffde5ad5 merges ae1027a6acf, 27c6a30d7c24"],
      },
      { run: "downgrade", current: ["ae1027a6acf"], target: "53fffde5ad5", error: NOT_DOWNGRADE_TARGET("53fffde5ad5") },
      { run: "resolve", current: [], target: "head", ids: ["53fffde5ad5"] },
      { run: "resolve", current: [], target: "head-1", error: ["BAD_RELATIVE_TARGET", "Relative target 'head-1' is ambiguous: revision 53fffde5ad5 merges ae1027a6acf, 27c6a30d7c24"] },
      { run: "history", ids: ["53fffde5ad5", "ae1027a6acf", "27c6a30d7c24", "1975ea83b712"] },
      { run: "history", range: "ae10:", ids: ["53fffde5ad5", "ae1027a6acf"] },
      { run: "history", range: ":27c6", ids: ["27c6a30d7c24", "1975ea83b712"] },
      { run: "parents", downRevisions: ["53fffde5ad5"], dependsOnIds: [] },
      {
        run: "stamp", current: ["ae1027a6acf", "27c6a30d7c24"], targets: ["head"],
        changes: ["delete ae1027a6acf", "update 27c6a30d7c24 -> 53fffde5ad5"],
        table: ["53fffde5ad5"],
      },
      { run: "stamp", current: ["53fffde5ad5"], targets: ["ae1027a6acf"], changes: ["update 53fffde5ad5 -> ae1027a6acf"], table: ["ae1027a6acf"] },
    ],
  },
  {
    name: "merge of merges: three branches merged pairwise",
    revisions: [
      rev("a000", null),
      rev("b100", "a000"),
      rev("c100", "a000"),
      rev("e100", "a000"),
      rev("m100", ["b100", "c100"]),
      rev("m200", ["m100", "e100"]),
    ],
    heads: ["m200"],
    bases: ["a000"],
    branchPoints: ["a000"],
    order: ["m200", "m100", "b100", "e100", "c100", "a000"],
    cases: [
      {
        run: "upgrade", current: [], target: "head",
        steps: [
          "up a000: insert a000",
          "up c100: update a000 -> c100",
          "up e100: insert e100",
          "up b100: insert b100",
          "up m100: delete b100, update c100 -> m100",
          "up m200: delete m100, update e100 -> m200",
        ],
        table: ["m200"],
      },
      {
        run: "upgrade", current: ["b100", "e100"], target: "head",
        steps: ["up c100: insert c100", "up m100: delete b100, update c100 -> m100", "up m200: delete m100, update e100 -> m200"],
        table: ["m200"],
      },
      { run: "upgrade", current: ["e100"], target: "m100", steps: ["up c100: insert c100", "up b100: insert b100", "up m100: delete b100, update c100 -> m100"], table: ["e100", "m100"] },
      {
        run: "downgrade", current: ["m200"], target: "base",
        steps: [
          "down m200: insert m100, update m200 -> e100",
          "down m100: insert b100, update m100 -> c100",
          "down b100: delete b100",
          "down e100: delete e100",
          "down c100: update c100 -> a000",
          "down a000: delete a000",
        ],
        table: [],
      },
      { run: "downgrade", current: ["m200"], target: "m100", steps: ["down m200: insert m100, update m200 -> e100"], table: ["e100", "m100"] },
      { run: "downgrade", current: ["m200"], target: "e100", steps: ["down m200: insert m100, update m200 -> e100"], table: ["e100", "m100"] },
      {
        run: "downgrade", current: ["m200"], target: "b100",
        steps: ["down m200: insert m100, update m200 -> e100", "down m100: insert b100, update m100 -> c100"],
        table: ["b100", "c100", "e100"],
      },
      { run: "history", range: "c100:", ids: ["m200", "m100", "c100"] },
      { run: "history", range: "e100:m100", error: ["NOT_AN_ANCESTOR", "Requested range e100:m100 does not refer to ancestor/descendant revisions along the same branch"] },
    ],
  },

  {
    // The tree at the end of Alembic's "Working with Multiple Bases" and "Branch Dependencies":
    // an account line that branches into shoppingcart, and an independent networking base whose
    // 2a95102259be depends on the account line's 55af2cb1c267.
    name: "labels, multiple bases and dependsOn across branches",
    revisions: [
      rev("109ec7d132bf", "3cac04ae8714"),
      rev("1975ea83b712", null),
      rev("27c6a30d7c24", "1975ea83b712", { labels: ["shoppingcart"] }),
      rev("29f859a13ea", "109ec7d132bf"),
      rev("2a95102259be", "29f859a13ea", { dependsOn: ["55af2cb1c267"] }),
      rev("3cac04ae8714", null, { labels: ["networking"] }),
      rev("55af2cb1c267", "ae1027a6acf"),
      rev("ae1027a6acf", "1975ea83b712"),
      rev("d747a8a8879", "27c6a30d7c24"),
    ],
    heads: ["2a95102259be", "55af2cb1c267", "d747a8a8879"],
    bases: ["1975ea83b712", "3cac04ae8714"],
    branchPoints: ["1975ea83b712"],
    order: [
      "2a95102259be", "29f859a13ea", "109ec7d132bf", "3cac04ae8714",
      "d747a8a8879", "27c6a30d7c24", "55af2cb1c267", "ae1027a6acf", "1975ea83b712",
    ],
    labels: {
      "1975ea83b712": [],
      "27c6a30d7c24": ["shoppingcart"],
      "d747a8a8879": ["shoppingcart"],
      "3cac04ae8714": ["networking"],
      "29f859a13ea": ["networking"],
      "2a95102259be": ["networking"],
      "55af2cb1c267": [],
    },
    cases: [
      // The dependency is applied first; its row is then taken over by the dependent revision.
      {
        run: "upgrade", current: [], target: "networking@head",
        steps: [
          "up 1975ea83b712: insert 1975ea83b712",
          "up ae1027a6acf: update 1975ea83b712 -> ae1027a6acf",
          "up 55af2cb1c267: update ae1027a6acf -> 55af2cb1c267",
          "up 3cac04ae8714: insert 3cac04ae8714",
          "up 109ec7d132bf: update 3cac04ae8714 -> 109ec7d132bf",
          "up 29f859a13ea: update 109ec7d132bf -> 29f859a13ea",
          "up 2a95102259be: delete 29f859a13ea, update 55af2cb1c267 -> 2a95102259be",
        ],
        table: ["2a95102259be"],
      },
      {
        run: "upgrade", current: ["d747a8a8879", "55af2cb1c267", "29f859a13ea"], target: "heads",
        steps: ["up 2a95102259be: delete 29f859a13ea, update 55af2cb1c267 -> 2a95102259be"],
        table: ["2a95102259be", "d747a8a8879"],
      },
      {
        run: "upgrade", current: [], target: "heads",
        steps: [
          "up 1975ea83b712: insert 1975ea83b712",
          "up ae1027a6acf: update 1975ea83b712 -> ae1027a6acf",
          "up 55af2cb1c267: update ae1027a6acf -> 55af2cb1c267",
          "up 27c6a30d7c24: insert 27c6a30d7c24",
          "up d747a8a8879: update 27c6a30d7c24 -> d747a8a8879",
          "up 3cac04ae8714: insert 3cac04ae8714",
          "up 109ec7d132bf: update 3cac04ae8714 -> 109ec7d132bf",
          "up 29f859a13ea: update 109ec7d132bf -> 29f859a13ea",
          "up 2a95102259be: delete 29f859a13ea, update 55af2cb1c267 -> 2a95102259be",
        ],
        table: ["2a95102259be", "d747a8a8879"],
      },
      {
        run: "upgrade", current: [], target: "shoppingcart@head",
        steps: ["up 1975ea83b712: insert 1975ea83b712", "up 27c6a30d7c24: update 1975ea83b712 -> 27c6a30d7c24", "up d747a8a8879: update 27c6a30d7c24 -> d747a8a8879"],
        table: ["d747a8a8879"],
      },
      // With the dependency's line already applied, the networking line starts a row of its own.
      {
        run: "upgrade", current: ["d747a8a8879", "55af2cb1c267"], target: "networking@head",
        steps: [
          "up 3cac04ae8714: insert 3cac04ae8714",
          "up 109ec7d132bf: update 3cac04ae8714 -> 109ec7d132bf",
          "up 29f859a13ea: update 109ec7d132bf -> 29f859a13ea",
          "up 2a95102259be: delete 29f859a13ea, update 55af2cb1c267 -> 2a95102259be",
        ],
        table: ["2a95102259be", "d747a8a8879"],
      },
      {
        run: "upgrade", current: [], target: "networking@+2",
        steps: ["up 3cac04ae8714: insert 3cac04ae8714", "up 109ec7d132bf: update 3cac04ae8714 -> 109ec7d132bf"],
        table: ["109ec7d132bf"],
      },
      {
        run: "upgrade", current: ["3cac04ae8714", "d747a8a8879"], target: "networking@+1",
        steps: ["up 109ec7d132bf: update 3cac04ae8714 -> 109ec7d132bf"],
        table: ["109ec7d132bf", "d747a8a8879"],
      },
      {
        run: "upgrade", current: [], target: "networking@head-1",
        steps: ["up 3cac04ae8714: insert 3cac04ae8714", "up 109ec7d132bf: update 3cac04ae8714 -> 109ec7d132bf", "up 29f859a13ea: update 109ec7d132bf -> 29f859a13ea"],
        table: ["29f859a13ea"],
      },
      {
        run: "upgrade", current: [], target: "shoppingcart@27c6a30d7c24",
        steps: ["up 1975ea83b712: insert 1975ea83b712", "up 27c6a30d7c24: update 1975ea83b712 -> 27c6a30d7c24"],
        table: ["27c6a30d7c24"],
      },
      { run: "upgrade", current: [], target: "networking@27c6a30d7c24", error: ["UNKNOWN_REVISION", "Revision 27c6a30d7c24 is not a member of branch 'networking'"] },
      { run: "upgrade", current: [], target: "nosuch@head", error: ["UNKNOWN_BRANCH", "No such branch: 'nosuch'"] },
      {
        run: "upgrade", current: [], target: "ae10@head",
        steps: ["up 1975ea83b712: insert 1975ea83b712", "up ae1027a6acf: update 1975ea83b712 -> ae1027a6acf", "up 55af2cb1c267: update ae1027a6acf -> 55af2cb1c267"],
        table: ["55af2cb1c267"],
      },
      { run: "upgrade", current: [], target: "head", error: MULTIPLE_HEAD("head", "2a95102259be, 55af2cb1c267, d747a8a8879") },
      { run: "upgrade", current: [], target: "+1", error: ["BAD_RELATIVE_TARGET", "Relative target '+1' is ambiguous: base branches into 1975ea83b712, 3cac04ae8714"] },
      // Removing the networking line leaves its dependency in place, now a row of its own.
      {
        run: "downgrade", current: ["2a95102259be", "d747a8a8879"], target: "networking@base",
        steps: [
          "down 2a95102259be: insert 29f859a13ea, update 2a95102259be -> 55af2cb1c267",
          "down 29f859a13ea: update 29f859a13ea -> 109ec7d132bf",
          "down 109ec7d132bf: update 109ec7d132bf -> 3cac04ae8714",
          "down 3cac04ae8714: delete 3cac04ae8714",
        ],
        table: ["55af2cb1c267", "d747a8a8879"],
      },
      // Downgrading below a dependency first downgrades what depends on it.
      {
        run: "downgrade", current: ["2a95102259be", "d747a8a8879"], target: "ae1027a6acf",
        steps: ["down 2a95102259be: insert 29f859a13ea, update 2a95102259be -> 55af2cb1c267", "down 55af2cb1c267: update 55af2cb1c267 -> ae1027a6acf"],
        table: ["29f859a13ea", "ae1027a6acf", "d747a8a8879"],
      },
      { run: "downgrade", current: ["2a95102259be", "d747a8a8879"], target: "55af2cb1c267", error: NOT_DOWNGRADE_TARGET("55af2cb1c267") },
      // Alembic drops the label here and fails on 'head'; retort resolves the branch's own head.
      { run: "downgrade", current: ["2a95102259be", "d747a8a8879"], target: "shoppingcart@head", steps: [], table: ["2a95102259be", "d747a8a8879"] },
      { run: "downgrade", current: ["2a95102259be", "d747a8a8879"], target: "shoppingcart@head-1", steps: ["down d747a8a8879: update d747a8a8879 -> 27c6a30d7c24"], table: ["27c6a30d7c24", "2a95102259be"] },
      {
        run: "downgrade", current: ["2a95102259be", "d747a8a8879"], target: "shoppingcart@-1",
        steps: ["down d747a8a8879: update d747a8a8879 -> 27c6a30d7c24"],
        table: ["27c6a30d7c24", "2a95102259be"],
      },
      {
        run: "downgrade", current: ["2a95102259be", "d747a8a8879"], target: "shoppingcart@base",
        steps: [
          "down 2a95102259be: insert 29f859a13ea, update 2a95102259be -> 55af2cb1c267",
          "down 55af2cb1c267: update 55af2cb1c267 -> ae1027a6acf",
          "down ae1027a6acf: delete ae1027a6acf",
          "down d747a8a8879: update d747a8a8879 -> 27c6a30d7c24",
          "down 27c6a30d7c24: update 27c6a30d7c24 -> 1975ea83b712",
          "down 1975ea83b712: delete 1975ea83b712",
        ],
        table: ["29f859a13ea"],
      },
      {
        run: "downgrade", current: ["2a95102259be", "d747a8a8879"], target: "-1",
        steps: ["down 2a95102259be: insert 29f859a13ea, update 2a95102259be -> 55af2cb1c267"],
        table: ["29f859a13ea", "55af2cb1c267", "d747a8a8879"],
        warnings: ["downgrade -1 from multiple heads is ambiguous; stepping down from the first current head, 2a95102259be"],
      },
      { run: "downgrade", current: ["d747a8a8879"], target: "networking@-1", error: DIDNT_PRODUCE("-1") },
      { run: "resolve", current: [], target: "networking", ids: ["3cac04ae8714"] },
      { run: "resolve", current: [], target: "heads", ids: ["2a95102259be", "d747a8a8879"] },
      { run: "resolve", current: [], target: "networking@heads", ids: ["2a95102259be"] },
      { run: "resolve", current: [], target: "shoppingcart@base", ids: [] },
      { run: "resolve", current: [], target: "networking@base+1", ids: ["3cac04ae8714"] },
      { run: "resolve", current: ["109ec7d132bf", "d747a8a8879"], target: "networking@-1", ids: ["3cac04ae8714"] },
      {
        run: "history", range: ":networking@head",
        ids: ["2a95102259be", "29f859a13ea", "109ec7d132bf", "3cac04ae8714", "55af2cb1c267", "ae1027a6acf", "1975ea83b712"],
      },
      {
        run: "history", range: "networking@base:",
        ids: ["2a95102259be", "29f859a13ea", "109ec7d132bf", "3cac04ae8714", "55af2cb1c267", "ae1027a6acf", "1975ea83b712"],
      },
      { run: "history", range: "shoppingcart:", ids: ["d747a8a8879", "27c6a30d7c24"] },
      { run: "history", range: ":shoppingcart@head", ids: ["d747a8a8879", "27c6a30d7c24", "1975ea83b712"] },
      {
        run: "parents", head: "networking@head", dependsOn: ["55af"],
        downRevisions: ["2a95102259be"], dependsOnIds: ["55af2cb1c267"],
      },
      { run: "parents", head: "networking@head", dependsOn: ["shoppingcart", "d747a"], downRevisions: ["2a95102259be"], dependsOnIds: ["27c6a30d7c24", "d747a8a8879"] },
      { run: "parents", head: "55af2cb@head", downRevisions: ["55af2cb1c267"], dependsOnIds: [] },
      { run: "parents", head: "base", downRevisions: [], dependsOnIds: [] },
      {
        run: "parents", head: "networking",
        error: ["NOT_A_HEAD", "Revision 3cac04ae8714 is not a head revision; please specify --splice to create a new branch from this revision"],
      },
      { run: "parents", head: "networking@head", dependsOn: ["nosuch"], error: ["UNKNOWN_REVISION", "No such revision or branch 'nosuch'"] },
      { run: "stamp", current: [], targets: ["networking@head"], changes: ["insert 2a95102259be"], table: ["2a95102259be"] },
      { run: "stamp", current: ["2a95102259be", "d747a8a8879"], targets: ["networking@base"], changes: ["delete 2a95102259be"], table: ["d747a8a8879"] },
      {
        run: "stamp", current: ["d747a8a8879"], targets: ["heads"],
        changes: ["insert 2a95102259be"],
        table: ["2a95102259be", "d747a8a8879"],
      },
    ],
  },
  {
    name: "forest: three independent bases, one of them branched",
    revisions: [
      rev("x001", null),
      rev("x002", "x001"),
      rev("y001", null, { labels: ["ytree"] }),
      rev("y002", "y001"),
      rev("y03a", "y002"),
      rev("y03b", "y002"),
      rev("z001", null),
    ],
    heads: ["x002", "y03a", "y03b", "z001"],
    bases: ["x001", "y001", "z001"],
    branchPoints: ["y002"],
    order: ["x002", "x001", "y03a", "y03b", "y002", "y001", "z001"],
    cases: [
      {
        run: "upgrade", current: [], target: "heads",
        steps: [
          "up z001: insert z001",
          "up y001: insert y001",
          "up y002: update y001 -> y002",
          "up y03b: update y002 -> y03b",
          "up y03a: insert y03a",
          "up x001: insert x001",
          "up x002: update x001 -> x002",
        ],
        table: ["x002", "y03a", "y03b", "z001"],
      },
      { run: "upgrade", current: [], target: "x002", steps: ["up x001: insert x001", "up x002: update x001 -> x002"], table: ["x002"] },
      { run: "upgrade", current: ["x002"], target: "y03a", steps: ["up y001: insert y001", "up y002: update y001 -> y002", "up y03a: update y002 -> y03a"], table: ["x002", "y03a"] },
      { run: "upgrade", current: [], target: "+1", error: ["BAD_RELATIVE_TARGET", "Relative target '+1' is ambiguous: base branches into x001, y001, z001"] },
      { run: "upgrade", current: [], target: "x002@+1", steps: ["up x001: insert x001"], table: ["x001"] },
      { run: "upgrade", current: ["x001", "z001"], target: "x001@+1", steps: ["up x002: update x001 -> x002"], table: ["x002", "z001"] },
      { run: "upgrade", current: ["x002"], target: "y03b@+2", steps: ["up y001: insert y001", "up y002: update y001 -> y002"], table: ["x002", "y002"] },
      {
        run: "downgrade", current: ["x002", "y03a", "y03b", "z001"], target: "base",
        steps: [
          "down x002: update x002 -> x001",
          "down x001: delete x001",
          "down y03a: delete y03a",
          "down y03b: update y03b -> y002",
          "down y002: update y002 -> y001",
          "down y001: delete y001",
          "down z001: delete z001",
        ],
        table: [],
      },
      {
        run: "downgrade", current: ["x002", "y03a", "y03b", "z001"], target: "y002",
        steps: ["down y03a: delete y03a", "down y03b: update y03b -> y002"],
        table: ["x002", "y002", "z001"],
      },
      {
        run: "downgrade", current: ["x002", "y03a", "y03b", "z001"], target: "x002@base",
        steps: ["down x002: update x002 -> x001", "down x001: delete x001"],
        table: ["y03a", "y03b", "z001"],
      },
      { run: "downgrade", current: ["x002", "z001"], target: "z001@base", steps: ["down z001: delete z001"], table: ["x002"] },
      { run: "downgrade", current: ["y03a", "y03b"], target: "ytree@y002", error: ["NOT_AN_ANCESTOR", "Not a valid downgrade target from current heads: 'ytree@y002'"] },
      { run: "downgrade", current: ["y03a", "y03b"], target: "y03a@y002", steps: ["down y03a: delete y03a"], table: ["y03b"] },
      { run: "downgrade", current: ["y03a", "y03b"], target: "ytree@-1", error: ["MULTIPLE_HEADS", "Multiple current revisions are on branch 'ytree': y03a, y03b"] },
      // As in Alembic, a label declared below the fork does not pick one of the fork's branches.
      { run: "downgrade", current: ["y03a", "x002"], target: "ytree@-1", error: ["NOT_AN_ANCESTOR", "Not a valid downgrade target from current heads: 'ytree@-1'"] },
      { run: "downgrade", current: ["y03a", "x002"], target: "y03a@-1", steps: ["down y03a: update y03a -> y002"], table: ["x002", "y002"] },
      { run: "downgrade", current: ["x002", "z001"], target: "y002", error: NOT_DOWNGRADE_TARGET("y002") },
      {
        run: "downgrade", current: ["y03a", "x002"], target: "-2",
        steps: ["down y03a: update y03a -> y002", "down y002: update y002 -> y001"],
        table: ["x002", "y001"],
        warnings: ["downgrade -2 from multiple heads is ambiguous; stepping down from the first current head, y03a"],
      },
      { run: "history", range: "y002:", ids: ["y03a", "y03b", "y002"] },
      { run: "history", range: "z001:", ids: ["z001"] },
      // One step below z001 is base, which is no revision to start a range from (as Alembic).
      { run: "history", range: "-1:", error: ["NOT_AN_ANCESTOR", "Requested range -1:heads does not refer to ancestor/descendant revisions along the same branch"] },
      { run: "stamp", current: ["x002", "y03a"], targets: ["y002"], changes: ["update y03a -> y002"], table: ["x002", "y002"] },
      { run: "stamp", current: ["x002", "y03a", "y03b"], targets: ["y001"], changes: ["delete y03a", "update y03b -> y001"], table: ["x002", "y001"] },
      { run: "stamp", current: ["x002"], targets: ["x001", "z001"], changes: ["update x002 -> x001", "insert z001"], table: ["x001", "z001"] },
    ],
  },
  {
    name: "dependsOn naming a branch label, across two bases",
    revisions: [
      rev("acct01", null, { labels: ["account"] }),
      rev("acct02", "acct01"),
      rev("net001", null, { labels: ["network"], dependsOn: ["account"] }),
      rev("net002", "net001"),
    ],
    heads: ["acct02", "net002"],
    bases: ["acct01", "net001"],
    branchPoints: [],
    order: ["acct02", "net002", "net001", "acct01"],
    labels: { acct01: ["account"], acct02: ["account"], net001: ["network"], net002: ["network"] },
    cases: [
      {
        run: "upgrade", current: [], target: "network@head",
        steps: ["up acct01: insert acct01", "up net001: update acct01 -> net001", "up net002: update net001 -> net002"],
        table: ["net002"],
      },
      // The account line gets a row of its own again once it moves past what network depends on.
      {
        run: "upgrade", current: [], target: "heads",
        steps: ["up acct01: insert acct01", "up net001: update acct01 -> net001", "up net002: update net001 -> net002", "up acct02: insert acct02"],
        table: ["acct02", "net002"],
      },
      { run: "upgrade", current: ["acct02"], target: "heads", steps: ["up net001: insert net001", "up net002: update net001 -> net002"], table: ["acct02", "net002"] },
      { run: "upgrade", current: ["net002"], target: "account@head", steps: ["up acct02: insert acct02"], table: ["acct02", "net002"] },
      {
        run: "downgrade", current: ["acct02", "net002"], target: "account@base",
        steps: ["down acct02: delete acct02", "down net002: update net002 -> net001", "down net001: update net001 -> acct01", "down acct01: delete acct01"],
        table: [],
      },
      {
        run: "downgrade", current: ["acct02", "net002"], target: "network@base",
        steps: ["down net002: update net002 -> net001", "down net001: delete net001"],
        table: ["acct02"],
      },
      { run: "downgrade", current: ["net002"], target: "network@base", steps: ["down net002: update net002 -> net001", "down net001: update net001 -> acct01"], table: ["acct01"] },
      { run: "history", range: "network@base:", ids: ["net002", "net001", "acct01"] },
      { run: "stamp", current: ["acct01"], targets: ["network@head"], changes: ["update acct01 -> net002"], table: ["net002"] },
    ],
  },
  {
    name: "partial revision ids",
    revisions: [rev("abcd0001", null), rev("abcd0002", "abcd0001"), rev("ef012345", "abcd0002")],
    heads: ["ef012345"],
    bases: ["abcd0001"],
    branchPoints: [],
    order: ["ef012345", "abcd0002", "abcd0001"],
    cases: [
      { run: "resolve", current: [], target: "ef01", ids: ["ef012345"] },
      { run: "resolve", current: [], target: "abcd0002", ids: ["abcd0002"] },
      { run: "resolve", current: [], target: "abcd00", error: ["AMBIGUOUS_REVISION", "Multiple revisions start with 'abcd00': 'abcd0001', 'abcd0002'"] },
      { run: "resolve", current: [], target: "ef0", error: ["UNKNOWN_REVISION", "No such revision or branch 'ef0'; please ensure at least four characters are present for partial revision identifier matches"] },
      { run: "resolve", current: [], target: "ef01@head", ids: ["ef012345"] },
      { run: "resolve", current: [], target: "abcd@head", error: ["AMBIGUOUS_REVISION", "Multiple revisions start with 'abcd': 'abcd0001', 'abcd0002'"] },
      { run: "upgrade", current: [], target: "abcd", error: ["AMBIGUOUS_REVISION", "Multiple revisions start with 'abcd': 'abcd0001', 'abcd0002'"] },
      { run: "downgrade", current: ["ef012345"], target: "abcd0001", steps: ["down ef012345: update ef012345 -> abcd0002", "down abcd0002: update abcd0002 -> abcd0001"], table: ["abcd0001"] },
      { run: "downgrade", current: ["ef012345"], target: "abcd", error: ["AMBIGUOUS_REVISION", "Multiple revisions start with 'abcd': 'abcd0001', 'abcd0002'"] },
      { run: "stamp", current: [], targets: ["ef01"], changes: ["insert ef012345"], table: ["ef012345"] },
      { run: "stamp", current: [], targets: ["abcd"], error: ["AMBIGUOUS_REVISION", "Multiple revisions start with 'abcd': 'abcd0001', 'abcd0002'"] },
      { run: "history", range: "abcd0002:", ids: ["ef012345", "abcd0002"] },
    ],
  },

  {
    // A label covers its revision and every descendant, and, when the line above it does not
    // fork, the ancestors below it down to the nearest branch point or merge.
    name: "how branch labels spread",
    revisions: [
      rev("k001", null),
      rev("k002", "k001"),
      rev("k003", "k002", { labels: ["tip"] }),
      rev("p001", null),
      rev("p002", "p001", { labels: ["fork"] }),
      rev("p03a", "p002"),
      rev("p03b", "p002"),
      rev("q001", null),
      rev("q02a", "q001"),
      rev("q02b", "q001"),
      rev("q03a", "q02a", { labels: ["side"] }),
      rev("q004", ["q03a", "q02b"], { labels: ["joined"] }),
    ],
    heads: ["k003", "p03a", "p03b", "q004"],
    bases: ["k001", "p001", "q001"],
    branchPoints: ["p002", "q001"],
    order: ["k003", "k002", "k001", "p03a", "p03b", "p002", "p001", "q004", "q03a", "q02a", "q02b", "q001"],
    labels: {
      k001: ["tip"], k002: ["tip"], k003: ["tip"],
      p001: [], p002: ["fork"], p03a: ["fork"], p03b: ["fork"],
      q001: [], q02a: [], q02b: [], q03a: ["side"], q004: ["joined", "side"],
    },
    cases: [
      { run: "resolve", current: [], target: "tip@base+1", ids: ["k001"] },
      { run: "resolve", current: [], target: "fork@heads", ids: ["p03a", "p03b"] },
      { run: "resolve", current: [], target: "fork@head", error: MULTIPLE_HEAD("fork@head", "p03a, p03b") },
      { run: "resolve", current: [], target: "side@head", ids: ["q004"] },
      { run: "history", range: "tip@base:", ids: ["k003", "k002", "k001"] },
      { run: "history", range: "fork@base:", ids: ["p03a", "p03b", "p002", "p001"] },
      { run: "history", range: "p002:", ids: ["p03a", "p03b", "p002"] },
      { run: "history", range: "q03a:", ids: ["q004", "q03a"] },
      { run: "upgrade", current: [], target: "joined", steps: [
        "up q001: insert q001", "up q02b: update q001 -> q02b", "up q02a: insert q02a", "up q03a: update q02a -> q03a", "up q004: delete q03a, update q02b -> q004",
      ], table: ["q004"] },
      { run: "upgrade", current: ["k001"], target: "tip@+1", steps: ["up k002: update k001 -> k002"], table: ["k002"] },
      { run: "downgrade", current: ["k003", "p03a"], target: "tip@base", steps: ["down k003: update k003 -> k002", "down k002: update k002 -> k001", "down k001: delete k001"], table: ["p03a"] },
    ],
  },
];
