// New revision files are rendered from a template (migrations/script.ts.tmpl, else the
// built-in one below). Placeholder syntax, kept deliberately small:
//
//   ${name}        the field as a TypeScript literal: "text" (quotes escaped), null, or
//                  ["a", "b"]; ready to stand after `=`.
//   ${name:text}   the field as plain text for comments: ids joined by ", ", "<base>" for
//                  no down revision, "*/" defused, line breaks turned into spaces.
//   ${imports}, ${upgrades}, ${downgrades}   raw code, inserted as given.
//
// Fields: revision, downRevision, branchLabels, dependsOn, message, createDate. A
// placeholder alone on its line that renders empty removes the line. Any other `${...}`
// (a template literal in the template's own code) is left untouched.

export interface RevisionFields {
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly message?: string;
  readonly createDate: string;
  /** Extra import lines. */
  readonly imports?: string;
  /** Body of upgrade(), indented as it should appear. */
  readonly upgrade?: string;
  readonly downgrade?: string;
}

export const DEFAULT_TEMPLATE = `/**
 * \${message:text}
 *
 * Revision ID: \${revision:text}
 * Revises: \${downRevision:text}
 * Create Date: \${createDate:text}
 */
import type { Operations } from "retort-migrate";
\${imports}

export const revision = \${revision};
export const downRevision: string | string[] | null = \${downRevision};
export const branchLabels: string | string[] | null = \${branchLabels};
export const dependsOn: string | string[] | null = \${dependsOn};
export const message = \${message};
export const createDate = \${createDate};

export async function upgrade(op: Operations): Promise<void> {
\${upgrades}
}

export async function downgrade(op: Operations): Promise<void> {
\${downgrades}
}
`;

type Literal = string | readonly string[] | null;

const literal = (value: Literal): string =>
  value === null
    ? "null"
    : typeof value === "string"
      ? JSON.stringify(value)
      : value.length === 1
        ? JSON.stringify(value[0])
        : `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;

const text = (value: Literal, empty: string): string => {
  const joined = value === null ? empty : typeof value === "string" ? value : value.length === 0 ? empty : value.join(", ");
  return joined.replace(/\*\//g, "* /").replace(/\s*[\r\n\u2028\u2029]+\s*/g, " ");
};

export const renderRevision = (template: string, fields: RevisionFields): string => {
  const emptyToNull = (list: readonly string[] | undefined): Literal => (list === undefined || list.length === 0 ? null : list);
  const down: Literal = typeof fields.downRevision === "string" ? fields.downRevision : emptyToNull(fields.downRevision ?? undefined);
  const values: Record<string, Literal> = {
    revision: fields.revision,
    downRevision: down,
    branchLabels: emptyToNull(fields.branchLabels),
    dependsOn: emptyToNull(fields.dependsOn),
    message: fields.message ?? null,
    createDate: fields.createDate,
  };
  const raw: Record<string, string> = {
    imports: fields.imports ?? "",
    upgrades: fields.upgrade ?? "",
    downgrades: fields.downgrade ?? "",
  };
  const render = (name: string, form: string | undefined): string | undefined => {
    if (form === undefined && name in raw) return raw[name];
    if (!(name in values)) return undefined;
    const value = values[name]!;
    if (form === undefined) return literal(value);
    if (form === "text") return text(value, name === "downRevision" ? "<base>" : "");
    return undefined;
  };
  const placeholder = /\$\{(\w+)(?::(\w+))?\}/g;
  const lines = template.split("\n").flatMap((line) => {
    const alone = /^\s*\$\{(\w+)(?::(\w+))?\}\s*$/.exec(line);
    if (alone !== null && render(alone[1]!, alone[2]) === "") return [];
    return [line.replace(placeholder, (whole, name: string, form: string | undefined) => render(name, form) ?? whole)];
  });
  return lines.join("\n");
};
