// Walking the DAG: ancestor and descendant closures, and Alembic's topological order (heads
// first, walking down one branch as far as it can before switching to another).
import type { GraphData, Node } from "./internal.js";
import { byIndex } from "./internal.js";

/** The start nodes and everything reachable through `step`, each once. */
export const related = (
  data: GraphData,
  start: Iterable<Node>,
  step: (n: Node) => readonly string[],
): Set<Node> => {
  const seen = new Set<Node>();
  const todo: Node[] = [...start];
  while (todo.length > 0) {
    const node = todo.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const id of step(node)) {
      const next = data.nodes.get(id);
      if (next !== undefined && !seen.has(next)) todo.push(next);
    }
  }
  return seen;
};

/** The nodes themselves and all their ancestors; dependencies count unless told otherwise. */
export const ancestors = (data: GraphData, start: Iterable<Node>, includeDeps = true): Set<Node> =>
  related(data, start, includeDeps ? (n) => n.normalizedDown : (n) => n.down);

/** The nodes themselves and all their descendants; dependents count unless told otherwise. */
export const descendants = (data: GraphData, start: Iterable<Node>, includeDeps = true): Set<Node> =>
  related(data, start, includeDeps ? (n) => n.allNext : (n) => n.next);

/**
 * Alembic's topological order of `todo`, newest first: start from `heads` (sorted by file
 * order), emit down one branch until a revision is still needed by another head's branch,
 * then switch to that head. Upgrades run the reverse of this order, downgrades run it as is,
 * and `history` prints it.
 */
export const topologicalOrder = (data: GraphData, todo: ReadonlySet<Node>, heads: Iterable<Node>): Node[] => {
  const remaining = new Set(todo);
  const current: Node[] = [...new Set(heads)].filter((h) => remaining.has(h)).sort(byIndex);
  const ancestry: Set<Node>[] = current.map((h) => ancestors(data, [h]));
  const output: Node[] = [];
  let at = 0;
  while (current.length > 0) {
    const candidate = current[at]!;
    // Loops rather than findIndex/map/filter: this runs once per revision in every graph
    // command, in code still cold, and the closures and arrays were most of its cost.
    let waitingOn = -1;
    for (let i = 0; i < ancestry.length && waitingOn === -1; i++) if (i !== at && ancestry[i]!.has(candidate)) waitingOn = i;
    if (waitingOn !== -1) {
      at = waitingOn;
      continue;
    }
    if (remaining.delete(candidate)) output.push(candidate);
    const toAdd: Node[] = [];
    for (const id of candidate.normalizedDown) {
      const n = data.nodes.get(id)!;
      if (remaining.has(n) && !current.includes(n)) toAdd.push(n);
    }
    if (toAdd.length === 0) {
      current.splice(at, 1);
      ancestry.splice(at, 1);
      at = Math.max(at - 1, 0);
    } else if (candidate.normalizedDeps.length === 0 && candidate.down.length === 1) {
      current[at] = toAdd[0]!;
      ancestry[at]!.delete(candidate);
    } else {
      current[at] = toAdd[0]!;
      ancestry[at] = ancestors(data, [toAdd[0]!]);
      for (const extra of toAdd.slice(1)) {
        current.push(extra);
        ancestry.push(ancestors(data, [extra]));
      }
    }
  }
  if (remaining.size > 0) {
    // Every member of todo lies below one of the heads by construction of the callers.
    throw new Error(`internal: topological order left out ${[...remaining].map((n) => n.id).join(", ")}`);
  }
  return output;
};
