// Reads a migration file's header constants without transpiling or running it, so that graph
// commands stay fast on thousands of files. It tokenises just enough TypeScript (comments,
// string and template literals, identifiers, punctuation) to find top-level
// `export const NAME[: type] = <literal>` declarations, and stops at the first function:
// headers come before code.

export type HeaderValue = string | null | boolean | readonly string[];

export interface HeaderConstant {
  readonly value: HeaderValue;
  readonly line: number;
}

/** The literal constants found, by name. A name bound to a non-literal holds `problem`. */
export type ScannedHeader = Map<string, HeaderConstant | { readonly problem: string; readonly line: number }>;

type Token =
  | { readonly kind: "word"; readonly text: string; readonly line: number }
  | { readonly kind: "string"; readonly value: string; readonly line: number }
  | { readonly kind: "template"; readonly value: string | null; readonly line: number }
  | { readonly kind: "punct"; readonly text: string; readonly line: number }
  | { readonly kind: "other"; readonly text: string; readonly line: number };

class ScanError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

// Character classes by code unit: a regular expression per character was most of the cost
// of scanning 1,000 headers.
const isWordStartCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 0x80;
const isWordPartCode = (c: number): boolean => isWordStartCode(c) || (c >= 48 && c <= 57);
const isNumberPartCode = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 46 || c === 95;

/**
 * Lazily produces tokens (undefined at the end); the scanner stops pulling at the first
 * function. A closure rather than a generator: resuming a generator per token cost more
 * than making the token.
 */
const tokens = (source: string): (() => Token | undefined) => {
  let i = 0;
  let line = 1;
  const n = source.length;
  if (source.startsWith("#!")) {
    while (i < n && source[i] !== "\n") i++;
  }
  return (): Token | undefined => {
    while (i < n) {
      const c = source[i]!;
      if (c === "\n") {
        line++;
        i++;
      } else if (c === " " || c === "\t" || c === "\r" || c === "\uFEFF") {
        i++;
      } else if (c === "/" && source[i + 1] === "/") {
        while (i < n && source[i] !== "\n") i++;
      } else if (c === "/" && source[i + 1] === "*") {
        const end = source.indexOf("*/", i + 2);
        const stop = end < 0 ? n : end + 2;
        for (let j = i; j < stop; j++) if (source[j] === "\n") line++;
        i = stop;
      } else if (c === '"' || c === "'") {
        const start = line;
        const [value, next, lines] = readQuoted(source, i, c, line);
        i = next;
        line += lines;
        return { kind: "string", value, line: start };
      } else if (c === "`") {
        const start = line;
        let j = i + 1;
        let interpolated = false;
        while (j < n && source[j] !== "`") {
          if (source[j] === "\\") {
            if (source[j + 1] === "\n") line++;
            j += 2;
            continue;
          }
          if (source[j] === "$" && source[j + 1] === "{") interpolated = true;
          if (source[j] === "\n") line++;
          j++;
        }
        if (j >= n) throw new ScanError("unterminated template literal", start);
        const value = interpolated ? null : decodeEscapes(source.slice(i + 1, j), start);
        i = j + 1;
        return { kind: "template", value, line: start };
      } else if (isWordStartCode(source.charCodeAt(i))) {
        let j = i + 1;
        while (j < n && isWordPartCode(source.charCodeAt(j))) j++;
        const text = source.slice(i, j);
        i = j;
        return { kind: "word", text, line };
      } else if ("=:;,[]{}()<>|&?.".includes(c)) {
        i++;
        return { kind: "punct", text: c, line };
      } else {
        let j = i + 1;
        if (isNumberPartCode(source.charCodeAt(i))) while (j < n && isNumberPartCode(source.charCodeAt(j))) j++;
        const text = source.slice(i, j);
        i = j;
        return { kind: "other", text, line };
      }
    }
    return undefined;
  };
};

// The literal's text is sliced once at its end rather than built character by character.
const readQuoted = (source: string, start: number, quote: string, line: number): [string, number, number] => {
  let j = start + 1;
  let lines = 0;
  while (j < source.length) {
    const c = source[j]!;
    if (c === quote) return [decodeEscapes(source.slice(start + 1, j), line), j + 1, lines];
    if (c === "\n") throw new ScanError("unterminated string literal", line);
    if (c === "\\") {
      if (source[j + 1] === "\n") lines++;
      j += 2;
      continue;
    }
    j++;
  }
  throw new ScanError("unterminated string literal", line);
};

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

const decodeEscapes = (raw: string, line: number): string => {
  if (!raw.includes("\\")) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = raw[++i] ?? "";
    if (e in SIMPLE_ESCAPES && !(e === "0" && /[0-9]/.test(raw[i + 1] ?? ""))) out += SIMPLE_ESCAPES[e];
    else if (e === "\n") continue;
    else if (e === "\r") {
      if (raw[i + 1] === "\n") i++;
    } else if (e === "x" && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === "u" && raw[i + 1] === "{") {
      const close = raw.indexOf("}", i);
      const code = parseInt(raw.slice(i + 2, close), 16);
      if (close < 0 || !Number.isInteger(code) || code > 0x10ffff) throw new ScanError("invalid \\u{...} escape", line);
      out += String.fromCodePoint(code);
      i = close;
    } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (e === "u" || e === "x") throw new ScanError(`invalid \\${e} escape`, line);
    else out += e;
  }
  return out;
};

/** The constants a migration header may declare. */
export const HEADER_NAMES: ReadonlySet<string> = new Set([
  "revision",
  "downRevision",
  "branchLabels",
  "dependsOn",
  "replaces",
  "message",
  "createDate",
  "transactional",
  "lockTimeout",
  "statementTimeout",
]);

const STOP_WORDS = new Set(["function", "async", "class", "default"]);

/**
 * Scans the header. Throws `{ message, line }` (a HeaderSyntaxError) when the file cannot be
 * tokenised as far as its first function.
 */
export const scanHeader = (source: string): ScannedHeader => scanPlainHeader(source) ?? scanTokens(source);

// The header as `retort revision` writes it, one construct per line, read with one regular
// expression per line: on 1,000 files the character-by-character tokeniser, still cold in
// the interpreter when a graph command runs, was the largest cost after Node's own start.
// Only lines whose reading is beyond doubt are accepted (a literal without escapes, an import
// on one line, a comment line); anything else returns null and the tokeniser reads the file,
// so both always agree (test/script/header-scanner.test.ts checks it).
// Whitespace is spelled out, not \s: the tokeniser reads other spaces (U+00A0) as word characters.
const PLAIN_STRING = String.raw`"[^"\\\n]*"|'[^'\\\n]*'`;
const NAME_PATTERN = String.raw`[A-Za-z_$][A-Za-z0-9_$]*`;
const TYPE_PATTERN = String.raw`${NAME_PATTERN}(?:\[\])?(?:[ \t]*\|[ \t]*${NAME_PATTERN}(?:\[\])?)*`;
const ARRAY_PATTERN = String.raw`\[[ \t]*(?:(?:${PLAIN_STRING})[ \t]*(?:,[ \t]*(?:${PLAIN_STRING})[ \t]*)*,?[ \t]*)?\]`;
const PLAIN_CONST = new RegExp(
  String.raw`^export const (${NAME_PATTERN})(?:[ \t]*:[ \t]*${TYPE_PATTERN})?[ \t]*=[ \t]*(${PLAIN_STRING}|null|true|false|${ARRAY_PATTERN})(?:[ \t]+as[ \t]+const)?[ \t]*;?[ \t\r]*$`,
);
const PLAIN_IMPORT = new RegExp(
  String.raw`^import[ \t]+(?:type[ \t]+)?(?:\{[A-Za-z0-9_$, \t]*\}|\*[ \t]+as[ \t]+${NAME_PATTERN}|${NAME_PATTERN})[ \t]+from[ \t]+(?:${PLAIN_STRING})[ \t]*;?[ \t\r]*$`,
);
// A word ends where the tokeniser's word ends: `function$x` is a name, not the keyword.
const HEADER_END = /^(?:export[ \t]+(?:async[ \t]+)?function|export[ \t]+default|export[ \t]+class|(?:async[ \t]+)?function|class)(?![A-Za-z0-9_$\u0080-\uffff])/;
const SKIPPED = /^[ \t\r]*(?:\/\/.*)?$/;
const BLOCK_COMMENT_LINE = /^[ \t]*\/\*/;
const STRING_ITEM = new RegExp(PLAIN_STRING, "g");

const plainValue = (text: string): HeaderValue => {
  if (text === "null") return null;
  if (text === "true" || text === "false") return text === "true";
  if (text.startsWith("[")) return (text.match(STRING_ITEM) ?? []).map((item) => item.slice(1, -1));
  return text.slice(1, -1);
};

/** The plain-header reading alone: null when the file needs the tokeniser (exported for tests). */
export const scanPlainHeader = (source: string): ScannedHeader | null => {
  const found: ScannedHeader = new Map();
  let start = 0;
  for (let line = 1; start < source.length; line++) {
    const end = source.indexOf("\n", start);
    const text = source.slice(start, end < 0 ? source.length : end);
    const opened = BLOCK_COMMENT_LINE.exec(text);
    if (opened !== null) {
      // A block comment (the template's doc comment) from this line to a line it ends alone.
      const close = source.indexOf("*/", start + opened[0].length);
      if (close < 0) return null;
      const after = source.indexOf("\n", close);
      if (!SKIPPED.test(source.slice(close + 2, after < 0 ? source.length : after))) return null;
      for (let i = source.indexOf("\n", start); i >= 0 && i < close; i = source.indexOf("\n", i + 1)) line++;
      start = after < 0 ? source.length : after + 1;
      continue;
    }
    start = end < 0 ? source.length : end + 1;
    if (SKIPPED.test(text) || PLAIN_IMPORT.test(text)) continue;
    if (HEADER_END.test(text)) return found;
    const constant = PLAIN_CONST.exec(text);
    if (constant === null) return null;
    record(found, constant[1] as string, { value: plainValue(constant[2] as string), line });
  }
  return found;
};

/** The tokeniser's reading of any file (exported for tests). */
export const scanTokens = (source: string): ScannedHeader => {
  const found: ScannedHeader = new Map();
  const stream = tokens(source);
  // One token of lookahead; `peeked` says whether `ahead` holds it (it may be undefined: the end).
  let ahead: Token | undefined;
  let peeked = false;
  const next = (): Token | undefined => {
    if (!peeked) return stream();
    peeked = false;
    return ahead;
  };
  const peek = (): Token | undefined => {
    if (!peeked) {
      ahead = stream();
      peeked = true;
    }
    return ahead;
  };
  let depth = 0; // braces/brackets/parens outside any export const, e.g. `import { a } from`
  for (let token = next(); token !== undefined; token = next()) {
    if (token.kind === "punct") {
      if ("{[(".includes(token.text)) depth++;
      else if ("}])".includes(token.text)) depth = Math.max(0, depth - 1);
      continue;
    }
    if (token.kind !== "word" || depth > 0) continue;
    if (token.text === "function" || token.text === "class") return found;
    if (token.text !== "export") continue;
    const keyword = next();
    if (keyword === undefined) return found;
    if (keyword.kind === "word" && STOP_WORDS.has(keyword.text)) return found;
    if (keyword.kind !== "word" || !["const", "let", "var"].includes(keyword.text)) {
      if (keyword.kind === "punct" && "{[(".includes(keyword.text)) depth++;
      continue;
    }
    const name = next();
    if (name?.kind !== "word") continue;
    if (readDeclaration(name.text, name.line, next, peek, found) === "stop") return found;
  }
  return found;
};

const readDeclaration = (
  name: string,
  line: number,
  next: () => Token | undefined,
  peek: () => Token | undefined,
  found: ScannedHeader,
): "stop" | "continue" => {
  // Skip an optional type annotation up to the "=" at nesting depth zero.
  let token = next();
  if (token?.kind === "punct" && token.text === ":") {
    let depth = 0;
    for (token = next(); token !== undefined; token = next()) {
      if (token.kind === "punct") {
        if ("<[({".includes(token.text)) depth++;
        else if (">])}".includes(token.text)) depth--;
        else if (token.text === "=" && depth === 0) break;
      }
    }
  }
  if (token?.kind !== "punct" || token.text !== "=") {
    record(found, name, { problem: "has no value", line });
    return "continue";
  }
  // An arrow function (`export const upgrade = async (op) => ...`) ends the header.
  const start = peek();
  if (
    (start?.kind === "word" && (start.text === "async" || start.text === "function")) ||
    (start?.kind === "punct" && start.text === "(")
  ) {
    if (HEADER_NAMES.has(name)) record(found, name, { problem: "is not a literal", line });
    return "stop";
  }
  const value = readLiteral(next, peek);
  if (value === undefined) {
    record(found, name, { problem: "is not a literal", line });
    // Skip the rest of the expression so its tokens are not read as declarations.
    let depth = 0;
    for (let t = peek(); t !== undefined; t = peek()) {
      if (t.kind === "punct") {
        if ("{[(".includes(t.text)) depth++;
        else if ("}])".includes(t.text)) depth--;
        else if (t.text === ";" && depth <= 0) {
          next();
          return "continue";
        }
      }
      if (depth <= 0 && t.kind === "word" && (t.text === "export" || t.text === "function")) return "continue";
      next();
    }
    return "continue";
  }
  record(found, name, { value, line });
  // `as const` and a terminating semicolon are allowed after the literal.
  let after = peek();
  if (after?.kind === "word" && after.text === "as") {
    next();
    after = peek();
    if (after?.kind === "word" && after.text === "const") {
      next();
      after = peek();
    }
  }
  if (after?.kind === "punct" && after.text === ";") next();
  return "continue";
};

const record = (found: ScannedHeader, name: string, entry: HeaderConstant | { problem: string; line: number }): void => {
  if (found.has(name)) {
    found.set(name, {
      problem: "is declared more than once",
      line: entry.line,
    });
    return;
  }
  found.set(name, entry);
};

const stringValue = (t: Token | undefined): string | undefined =>
  t?.kind === "string" || t?.kind === "template" ? (t.value ?? undefined) : undefined;

/** Whether `t` may follow a complete literal ending on line `lastLine`. */
const endsExpression = (t: Token | undefined, lastLine: number): boolean =>
  t === undefined ||
  (t.kind === "punct" && t.text === ";") ||
  (t.kind === "word" && ["export", "as", "function", "import", "async"].includes(t.text)) ||
  t.line > lastLine;

/** A literal value, or undefined when the expression is anything else. Consumes tokens read. */
const readLiteral = (next: () => Token | undefined, peek: () => Token | undefined): HeaderValue | undefined => {
  const first = peek();
  if (first === undefined) return undefined;
  const text = stringValue(first);
  if (text !== undefined) {
    next();
    // `"a" + b` is an expression, not a literal.
    return endsExpression(peek(), first.line) ? text : undefined;
  }
  if (first.kind === "word" && (first.text === "null" || first.text === "true" || first.text === "false")) {
    next();
    if (!endsExpression(peek(), first.line)) return undefined;
    return first.text === "null" ? null : first.text === "true";
  }
  if (first.kind !== "punct" || first.text !== "[") return undefined;
  next();
  const items: string[] = [];
  for (;;) {
    let t = next();
    if (t?.kind === "punct" && t.text === "]") return endsExpression(peek(), t.line) ? items : undefined;
    const item = stringValue(t);
    if (item === undefined) return undefined;
    items.push(item);
    t = next();
    if (t?.kind === "punct" && t.text === "]") return endsExpression(peek(), t.line) ? items : undefined;
    if (t?.kind !== "punct" || t.text !== ",") return undefined;
  }
};

export { ScanError as HeaderSyntaxError };
