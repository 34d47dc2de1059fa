// Reading back what SQLite's pragmas do not say: constraint names, check expressions,
// generated-column expressions and index elements live only in the CREATE text that
// sqlite_schema keeps. A small scanner splits that text at top-level commas (outside
// quotes, brackets and parentheses); it reads the shapes SQLite accepts for them.

/** Splits at top-level `separator`s, keeping quoted runs and parenthesised groups whole. */
export const splitTopLevel = (text: string, separator = ","): string[] => {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      while (j < text.length && !(text[j] === close && text[j + 1] !== close)) j += text[j] === close ? 2 : 1;
      i = j;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p.length > 0);
};

/** The text between the first "(" at or after `from` and its matching ")". */
export const parenthesised = (text: string, from = 0): { inner: string; end: number } | undefined => {
  const open = text.indexOf("(", from);
  if (open < 0) return undefined;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < text.length && !(text[j] === c && text[j + 1] !== c)) j += text[j] === c ? 2 : 1;
      i = j;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return { inner: text.slice(open + 1, i), end: i + 1 };
  }
  return undefined;
};

/** A leading identifier (quoted in any of SQLite's ways, or bare) and the text after it. */
export const leadingName = (text: string): { name: string; rest: string } | undefined => {
  const t = text.trimStart();
  const quoted = /^"((?:[^"]|"")*)"|^`((?:[^`]|``)*)`|^\[([^\]]*)\]/.exec(t);
  if (quoted !== null) {
    const name = quoted[1]?.replaceAll('""', '"') ?? quoted[2]?.replaceAll("``", "`") ?? quoted[3] ?? "";
    return { name, rest: t.slice(quoted[0].length) };
  }
  const bare = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(t);
  return bare === null ? undefined : { name: bare[0], rest: t.slice(bare[0].length) };
};

export interface ParsedTable {
  /** Column definitions' text by column name. */
  readonly columns: ReadonlyMap<string, string>;
  readonly constraints: readonly ParsedConstraint[];
}

export interface ParsedConstraint {
  readonly name?: string;
  readonly kind: "primaryKey" | "unique" | "check" | "foreignKey";
  /** Columns (primary key, unique, foreign key) or the check expression. */
  readonly columns: readonly string[];
  readonly expression?: string;
  /** The table a foreign key references. */
  readonly references?: string;
}

const columnNames = (list: string): string[] => splitTopLevel(list).map((part) => leadingName(part)?.name ?? part);

export const parseCreateTable = (sql: string): ParsedTable => {
  const body = parenthesised(sql)?.inner ?? "";
  const columns = new Map<string, string>();
  const constraints: ParsedConstraint[] = [];
  for (const element of splitTopLevel(body)) {
    let rest = element;
    let name: string | undefined;
    const constraintWord = /^CONSTRAINT\s+/i.exec(rest);
    if (constraintWord !== null) {
      const parsed = leadingName(rest.slice(constraintWord[0].length));
      name = parsed?.name;
      rest = parsed?.rest.trimStart() ?? "";
    }
    const kind = /^(PRIMARY\s+KEY|UNIQUE|CHECK|FOREIGN\s+KEY)\b/i.exec(rest)?.[1]?.toUpperCase().replace(/\s+/g, " ");
    if (kind === undefined) {
      const column = leadingName(element);
      if (column !== undefined) {
        columns.set(column.name, column.rest.trim());
        // A CHECK written on the column itself is a constraint of the table all the same.
        const inline = /(?:\bCONSTRAINT\s+("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*)\s+)?\bCHECK\s*\(/i.exec(column.rest);
        if (inline !== null) {
          const expression = parenthesised(column.rest, inline.index + inline[0].length - 1)?.inner.trim() ?? "";
          const inlineName = inline[1] === undefined ? undefined : leadingName(inline[1])?.name;
          constraints.push({ ...(inlineName === undefined ? {} : { name: inlineName }), kind: "check", columns: [], expression });
        }
      }
      continue;
    }
    const group = parenthesised(rest) ?? { inner: "", end: rest.length };
    const named = name === undefined ? {} : { name };
    if (kind === "CHECK") constraints.push({ ...named, kind: "check", columns: [], expression: group.inner.trim() });
    else if (kind === "UNIQUE") constraints.push({ ...named, kind: "unique", columns: columnNames(group.inner) });
    else if (kind === "PRIMARY KEY") constraints.push({ ...named, kind: "primaryKey", columns: columnNames(group.inner) });
    else {
      const after = /^\s*REFERENCES\s+/i.exec(rest.slice(group.end));
      const target = after === null ? undefined : leadingName(rest.slice(group.end + after[0].length))?.name;
      constraints.push({ ...named, kind: "foreignKey", columns: columnNames(group.inner), ...(target === undefined ? {} : { references: target }) });
    }
  }
  return { columns, constraints };
};

/** GENERATED ALWAYS AS (expr) / AS (expr) in a column definition. */
export const generatedExpression = (definition: string): string | undefined => {
  const at = /\b(?:GENERATED\s+ALWAYS\s+)?AS\s*\(/i.exec(definition);
  return at === null ? undefined : parenthesised(definition, at.index)?.inner.trim();
};

export interface ParsedIndex {
  readonly elements: readonly ({ kind: "column"; name: string; order?: "asc" | "desc" } | { kind: "expression"; sql: string })[];
  readonly where?: string;
}

export const parseCreateIndex = (sql: string): ParsedIndex => {
  const on = /\bON\s+/i.exec(sql);
  const group = parenthesised(sql, on?.index ?? 0);
  if (group === undefined) return { elements: [] };
  const elements = splitTopLevel(group.inner).map((part) => {
    const column = leadingName(part);
    const rest = column?.rest.trim() ?? "";
    if (column !== undefined && /^(ASC|DESC)?$/i.test(rest) && !part.trimStart().startsWith("(")) {
      return rest === "" ? { kind: "column" as const, name: column.name } : { kind: "column" as const, name: column.name, order: rest.toLowerCase() as "asc" | "desc" };
    }
    const text = part.trim();
    const inner = text.startsWith("(") ? parenthesised(text) : undefined;
    return { kind: "expression" as const, sql: inner !== undefined && inner.end === text.length ? inner.inner.trim() : text };
  });
  const where = /^\s*WHERE\s+([\s\S]*)$/i.exec(sql.slice(group.end))?.[1]?.trim();
  return where === undefined ? { elements } : { elements, where };
};
