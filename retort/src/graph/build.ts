// buildGraph: revisions as read from file headers -> a checked, navigable graph. Checks and
// their order follow Alembic's revision map: identifiers, duplicates, branch labels,
// dependencies, missing parents, cycles; then labels are spread along their branches.
import { RetortError } from "../errors.js";
import type { GraphData, Node } from "./internal.js";
import { isMergePoint, isRealBranchPoint, register } from "./internal.js";
import { ancestors, descendants, related, topologicalOrder } from "./traverse.js";
import type { Revision, RevisionId } from "./types.js";

export interface RevisionGraph {
  /** Every revision in Alembic's history order: heads first, walking down. */
  readonly revisions: readonly Revision[];
  /** Throws UNKNOWN_REVISION. Takes a full id only; use resolveTarget for anything else. */
  get(id: RevisionId): Revision;
  has(id: string): boolean;
  /** Revisions no other revision names as downRevision, in file order. */
  heads(): RevisionId[];
  /** Revisions with no downRevision, in file order. */
  bases(): RevisionId[];
  /** Revisions two or more revisions name as downRevision, in file order. */
  branchPoints(): RevisionId[];
  /** Revisions naming `id` as downRevision, in file order. */
  children(id: RevisionId): RevisionId[];
  /** Labels declared on `id` or spread to it along its branch, sorted. */
  labelsOf(id: RevisionId): string[];
}

// One test per id: building the message character by character for each of 1,000 ids was a
// visible part of a graph command.
const ILLEGAL_ID = /[@+:\s-]/u;

/**
 * The characters of `id` that Alembic refuses in a revision id (they are target syntax),
 * plus whitespace, described for a message ("-, @, whitespace"); empty when there are none.
 */
export const illegalIdCharacters = (id: string): string => {
  if (!ILLEGAL_ID.test(id)) return "";
  const found = [...new Set([...id].filter((c) => "@-+:".includes(c)))].sort();
  if (/\s/u.test(id)) found.push("whitespace");
  return found.join(", ");
};

const checkId = (revision: Revision): void => {
  const id = revision.id;
  if (id.length === 0) {
    throw new RetortError("INVALID_REVISION_ID", "A revision has an empty revision identifier", {
      hint: "Give every migration file a non-empty `revision` constant.",
    });
  }
  const illegal = illegalIdCharacters(id);
  if (illegal.length > 0) {
    throw new RetortError("INVALID_REVISION_ID", `Character(s) '${illegal}' not allowed in revision identifier '${id}'`, {
      hint: "Revision ids may not contain @ - + : or whitespace; rename the revision.",
      details: { revision: id },
    });
  }
};

const fail = (code: "CYCLE" | "DEPENDENCY_CYCLE", kind: string, ids: readonly string[]): never => {
  throw new RetortError(code, `${kind} is detected in revisions (${ids.join(", ")})`, {
    hint:
      code === "CYCLE"
        ? "Fix the downRevision of one of these files so that the history has no loop."
        : "Fix the dependsOn of one of these files so that no revision depends on itself through others.",
    details: { revisions: ids },
  });
};

/** The ids once each, in order (a copy); a Set only when there are two or more. */
const unique = <T extends string>(ids: readonly T[]): T[] => (ids.length < 2 ? [...ids] : [...new Set(ids)]);

export function buildGraph(revisions: readonly Revision[]): RevisionGraph {
  const nodes = new Map<string, Node>();
  revisions.forEach((revision, index) => {
    if (revision.downRevisions.includes(revision.id)) fail("CYCLE", "Self-loop", [revision.id]);
    if (revision.dependsOn.includes(revision.id)) fail("DEPENDENCY_CYCLE", "Dependency self-loop", [revision.id]);
    checkId(revision);
    if (nodes.has(revision.id)) {
      throw new RetortError("DUPLICATE_REVISION", `Revision ${revision.id} is present more than once`, {
        hint: "Two migration files declare the same `revision`; give one of them a new id.",
        details: { revision: revision.id },
      });
    }
    const down = unique(revision.downRevisions);
    nodes.set(revision.id, {
      id: revision.id,
      revision,
      index,
      down,
      deps: [],
      normalizedDeps: [],
      normalizedDown: down,
      allDown: down,
      next: [],
      allNext: [],
      normalizedNext: [],
      labels: new Set(revision.branchLabels),
    });
  });

  // A label shares the namespace of revision ids, as in Alembic's map.
  const labels = new Map<string, Node>();
  for (const node of nodes.values()) {
    for (const label of node.revision.branchLabels) {
      const taken = labels.get(label) ?? nodes.get(label);
      if (taken !== undefined) {
        throw new RetortError(
          "DUPLICATE_BRANCH_LABEL",
          `Branch name '${label}' in revision ${node.id} already used by revision ${taken.id}`,
          { hint: "Branch labels must be unique and differ from revision ids; rename one of them.", details: { label } },
        );
      }
      labels.set(label, node);
    }
  }

  for (const node of nodes.values()) {
    if (node.revision.dependsOn.length === 0) continue; // deps [] and allDown = down, as made
    node.deps = unique(
      node.revision.dependsOn.map((dep) => {
        const target = nodes.get(dep) ?? labels.get(dep);
        if (target === undefined) {
          throw new RetortError(
            "MISSING_DOWN_REVISION",
            `Revision ${dep} referenced from ${node.id} (dependsOn) is not present`,
            {
              hint: `Fix the dependsOn of revision ${node.id}, or restore the migration file of revision ${dep}.`,
              details: { revision: node.id, missing: dep },
            },
          );
        }
        return target.id;
      }),
    );
    node.allDown = unique([...node.down, ...node.deps]);
  }

  for (const node of nodes.values()) {
    for (const id of node.allDown) {
      const parent = nodes.get(id);
      if (parent === undefined) {
        throw new RetortError("MISSING_DOWN_REVISION", `Revision ${id} referenced from ${node.id} is not present`, {
          hint: `Fix the downRevision of revision ${node.id}, or restore the migration file of revision ${id}.`,
          details: { revision: node.id, missing: id },
        });
      }
      parent.allNext.push(node.id);
      if (node.down.includes(id)) parent.next.push(node.id);
    }
  }

  const all = [...nodes.values()];
  const data: GraphData = {
    nodes,
    labels,
    heads: all.filter((n) => n.next.length === 0),
    realHeads: all.filter((n) => n.allNext.length === 0),
    bases: all.filter((n) => n.down.length === 0),
  };

  // A dependency an ancestor already has adds no ordering of its own.
  for (const node of all) {
    if (node.deps.length === 0) continue;
    const inherited = new Set<string>();
    for (const anc of ancestors(data, [node], false)) {
      if (anc !== node) for (const dep of anc.deps) inherited.add(dep);
    }
    node.normalizedDeps = node.deps.filter((d) => !inherited.has(d));
    node.normalizedDown = [...new Set([...node.down, ...node.normalizedDeps])];
  }

  for (const node of all) for (const id of node.normalizedDown) nodes.get(id)!.normalizedNext.push(node.id);

  detectCycles(data, all);
  spreadLabels(data, all);

  const order = topologicalOrder(data, new Set(all), data.realHeads).map((n) => n.revision);
  const must = (id: string): Node => {
    const node = nodes.get(id);
    if (node === undefined) {
      throw new RetortError("UNKNOWN_REVISION", `No such revision '${id}'`, {
        hint: "Run `retort history` to list the revision ids.",
        details: { revision: id },
      });
    }
    return node;
  };
  const graph: RevisionGraph = {
    revisions: order,
    get: (id) => must(id).revision,
    has: (id) => nodes.has(id),
    heads: () => data.heads.map((n) => n.id),
    bases: () => data.bases.map((n) => n.id),
    branchPoints: () => all.filter((n) => n.next.length > 1).map((n) => n.id),
    children: (id) => [...must(id).next],
    labelsOf: (id) => [...must(id).labels].sort(),
  };
  register(graph, data);
  return graph;
}

// A revision is in no cycle when it lies both below some head and above some base.
const detectCycles = (data: GraphData, all: readonly Node[]): void => {
  if (all.length === 0) return;
  const check = (
    code: "CYCLE" | "DEPENDENCY_CYCLE",
    kind: string,
    tops: readonly Node[],
    bottoms: readonly Node[],
    up: (n: Node) => readonly string[],
    down: (n: Node) => readonly string[],
  ): void => {
    if (tops.length === 0 || bottoms.length === 0) fail(code, kind, all.map((n) => n.id));
    const below = related(data, tops, down);
    const above = related(data, bottoms, up);
    const stuck = all.filter((n) => !below.has(n) || !above.has(n)).map((n) => n.id);
    if (stuck.length > 0) fail(code, kind, stuck.sort());
  };
  check("CYCLE", "Cycle", data.heads, data.bases, (n) => n.next, (n) => n.down);
  // Without dependsOn the second check walks the same edges from the same ends: it cannot
  // find what the first did not.
  if (all.every((n) => n.deps.length === 0)) return;
  check(
    "DEPENDENCY_CYCLE",
    "Dependency cycle",
    data.realHeads,
    all.filter((n) => n.down.length === 0 && n.revision.dependsOn.length === 0),
    (n) => n.allNext,
    (n) => n.allDown,
  );
};

/**
 * Alembic's label spreading: a label goes to the revision declaring it and every descendant;
 * and when those descendants form one unbroken line (no branch point, no merge), it also
 * goes down to the declaring revision's ancestors until a branch point or a merge.
 */
const spreadLabels = (data: GraphData, all: readonly Node[]): void => {
  for (const owner of all) {
    const own = owner.revision.branchLabels;
    if (own.length === 0) continue;
    for (const node of descendants(data, [owner], false)) for (const l of own) node.labels.add(l);
    // Alembic walks down from the tip of the descendants; the walk only gets past the
    // declaring revision when the line above it is unbroken.
    let tip = owner;
    while (tip.next.length === 1) tip = data.nodes.get(tip.next[0]!)!;
    if (tip.next.length > 1) continue;
    let walk: Node | undefined = tip;
    while (walk !== undefined && !isRealBranchPoint(walk) && !isMergePoint(walk)) {
      for (const l of own) walk.labels.add(l);
      walk = walk.down.length === 1 ? data.nodes.get(walk.down[0]!) : undefined;
    }
  }
};
