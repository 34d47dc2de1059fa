// What `revision` / `merge` need from the graph: the new file's parents and dependencies,
// and checks on the id and labels it will declare.
import { RetortError } from "../errors.js";
import type { RevisionGraph } from "./build.js";
import { illegalIdCharacters } from "./build.js";
import type { Node } from "./internal.js";
import { dataOf, isHead } from "./internal.js";
import { getRevision, getRevisions } from "./resolve.js";
import type { RevisionId } from "./types.js";

/** Targets that a revision id would shadow. */
const RESERVED = new Set(["head", "heads", "base", "current"]);

/** The version table's column is varchar(32), as Alembic's. */
export const MAX_REVISION_ID_LENGTH = 32;

/**
 * The parents of a new revision. `head` (default "head") names them: "base" starts a new
 * base, "label@head" a branch's head, "heads" every head (a merge), an id a given revision,
 * which must be a head unless `splice`. `dependsOn` entries (ids, partial ids or labels)
 * come back as full revision ids.
 */
export function newRevisionParents(
  graph: RevisionGraph,
  options: { head?: string; splice?: boolean; dependsOn?: readonly string[] },
): { downRevisions: RevisionId[]; dependsOn: RevisionId[] } {
  const data = dataOf(graph);
  let heads: (Node | null)[];
  try {
    heads = getRevisions(data, options.head ?? "head");
  } catch (error) {
    if (error instanceof RetortError && error.code === "MULTIPLE_HEADS") {
      throw new RetortError(
        "MULTIPLE_HEADS",
        "Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.",
        { hint: "Pass --head <revision> or --head <label>@head, or run `retort merge heads` first.", details: error.details },
      );
    }
    throw error;
  }
  const parents = heads.filter((n): n is Node => n !== null);
  if (!options.splice) {
    const inner = parents.find((n) => !isHead(n));
    if (inner !== undefined) {
      throw new RetortError(
        "NOT_A_HEAD",
        `Revision ${inner.id} is not a head revision; please specify --splice to create a new branch from this revision`,
        { hint: "Add --splice to branch from it, or pick a head with `retort heads`.", details: { revision: inner.id } },
      );
    }
  }
  const dependsOn: RevisionId[] = [];
  for (const dep of options.dependsOn ?? []) {
    const node = getRevision(data, dep);
    if (node === null) {
      throw new RetortError("UNKNOWN_REVISION", `A revision cannot depend on '${dep}'`, {
        hint: "Name a revision id or a branch label after --depends-on.",
        details: { revision: dep },
      });
    }
    if (!dependsOn.includes(node.id)) dependsOn.push(node.id);
  }
  return { downRevisions: [...new Set(parents.map((n) => n.id))], dependsOn };
}

/** A new revision id: non-empty, none of @ - + : or whitespace, not a keyword, fits the version table, unused. */
export function checkNewRevisionId(id: string, graph: RevisionGraph): void {
  const invalid = (message: string, hint: string) =>
    new RetortError("INVALID_REVISION_ID", message, { hint, details: { revision: id } });
  if (id.length === 0) throw invalid("A revision identifier cannot be empty", "Pass a non-empty --rev-id, or leave it out to get a generated one.");
  const illegal = illegalIdCharacters(id);
  if (illegal.length > 0) {
    throw invalid(
      `Character(s) '${illegal}' not allowed in revision identifier '${id}'`,
      "Use letters, digits and underscores in revision ids.",
    );
  }
  if (RESERVED.has(id)) throw invalid(`'${id}' is a reserved word and cannot be a revision identifier`, "Pick another revision id.");
  if (id.length > MAX_REVISION_ID_LENGTH) {
    throw invalid(
      `Revision identifier '${id}' is ${id.length} characters long; the version table holds at most ${MAX_REVISION_ID_LENGTH}`,
      "Pick a shorter revision id.",
    );
  }
  const data = dataOf(graph);
  if (data.nodes.has(id)) {
    throw new RetortError("REVISION_EXISTS", `Revision ${id} already exists`, {
      hint: "Pick another revision id, or leave --rev-id out to get a generated one.",
      details: { revision: id },
    });
  }
  const label = data.labels.get(id);
  if (label !== undefined) {
    throw new RetortError("REVISION_EXISTS", `Revision id '${id}' is already used as a branch label by revision ${label.id}`, {
      hint: "Pick a revision id that is not a branch label.",
      details: { revision: id },
    });
  }
}

/** Labels for a new revision: each unused as a label or revision id, and no repeats. */
export function checkNewBranchLabels(labels: readonly string[], graph: RevisionGraph): void {
  const data = dataOf(graph);
  labels.forEach((label, i) => {
    const taken = data.labels.get(label) ?? data.nodes.get(label);
    const repeated = labels.indexOf(label) !== i;
    if (taken !== undefined || repeated) {
      throw new RetortError(
        "DUPLICATE_BRANCH_LABEL",
        taken !== undefined
          ? `Branch name '${label}' already used by revision ${taken.id}`
          : `Branch name '${label}' is given twice`,
        { hint: "Pick a branch label no other revision uses.", details: { label } },
      );
    }
  });
}
