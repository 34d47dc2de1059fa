// The revision DAG as Mermaid (GitHub renders it in Markdown) or Graphviz DOT source, for
// documentation and pull requests. Arrows point from a revision to the one it revises,
// as in the drawing; dependsOn edges are dotted. Pure: revisions in, source text out.
import type { Revision, RevisionId } from "./types.js";

export type GraphFormat = "mermaid" | "dot";

export const GRAPH_FORMATS: readonly GraphFormat[] = ["mermaid", "dot"];

export interface ExportOptions {
  readonly heads?: readonly RevisionId[];
  readonly current?: readonly RevisionId[];
}

interface Prepared {
  readonly revisions: readonly Revision[];
  readonly heads: ReadonlySet<RevisionId>;
  readonly current: ReadonlySet<RevisionId>;
  readonly present: ReadonlySet<RevisionId>;
}

const prepare = (revisions: readonly Revision[], options: ExportOptions): Prepared => {
  const present = new Set(revisions.map((r) => r.id));
  const revised = new Set(revisions.flatMap((r) => r.downRevisions));
  return {
    revisions,
    present,
    heads: new Set(options.heads ?? revisions.filter((r) => !revised.has(r.id)).map((r) => r.id)),
    current: new Set(options.current ?? []),
  };
};

const marks = (revision: Revision, p: Prepared): string[] => [
  ...revision.branchLabels,
  ...(p.heads.has(revision.id) ? ["head"] : []),
  ...(p.current.has(revision.id) ? ["current"] : []),
];

// Mermaid node ids must be plain words; a revision id may hold anything a file allowed.
const mermaidText = (text: string): string => text.replace(/[#"<>]/g, (c) => `#${c.charCodeAt(0)};`);

export const toMermaid = (revisions: readonly Revision[], options: ExportOptions = {}): string => {
  const p = prepare(revisions, options);
  const node = new Map(revisions.map((r, i) => [r.id, `r${i}`]));
  const lines = ["flowchart TD"];
  for (const r of revisions) {
    const m = marks(r, p);
    const caption = [`${r.id}${m.length === 0 ? "" : ` (${m.join(", ")})`}`, ...(r.message === undefined || r.message === "" ? [] : [r.message])];
    lines.push(`  ${node.get(r.id)}["${caption.map(mermaidText).join("<br/>")}"]`);
  }
  for (const r of revisions) {
    for (const down of r.downRevisions) if (p.present.has(down)) lines.push(`  ${node.get(r.id)} --> ${node.get(down)}`);
    for (const dep of r.dependsOn) if (p.present.has(dep)) lines.push(`  ${node.get(r.id)} -.->|depends on| ${node.get(dep)}`);
  }
  const classed = (set: ReadonlySet<RevisionId>) => revisions.filter((r) => set.has(r.id)).map((r) => node.get(r.id));
  const heads = classed(p.heads);
  const current = classed(p.current);
  if (heads.length > 0) lines.push("  classDef head stroke-width:3px", `  class ${heads.join(",")} head`);
  if (current.length > 0) lines.push("  classDef current fill:#d4f7d4,stroke:#2a7a2a", `  class ${current.join(",")} current`);
  return `${lines.join("\n")}\n`;
};

const dotString = (text: string): string => `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, "\\n")}"`;

export const toDot = (revisions: readonly Revision[], options: ExportOptions = {}): string => {
  const p = prepare(revisions, options);
  const lines = ["digraph revisions {", "  node [shape=box];"];
  for (const r of revisions) {
    const m = marks(r, p);
    const caption = `${r.id}${m.length === 0 ? "" : ` (${m.join(", ")})`}${r.message === undefined || r.message === "" ? "" : `\n${r.message}`}`;
    const style = [
      ...(p.heads.has(r.id) ? ["penwidth=2"] : []),
      ...(p.current.has(r.id) ? ["style=filled", 'fillcolor="#d4f7d4"'] : []),
    ];
    lines.push(`  ${dotString(r.id)} [label=${dotString(caption)}${style.map((s) => `, ${s}`).join("")}];`);
  }
  for (const r of revisions) {
    for (const down of r.downRevisions) if (p.present.has(down)) lines.push(`  ${dotString(r.id)} -> ${dotString(down)};`);
    for (const dep of r.dependsOn) if (p.present.has(dep)) lines.push(`  ${dotString(r.id)} -> ${dotString(dep)} [style=dashed, label="depends on"];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
};
