// A routine body's comparison key. PostgreSQL keeps a function's source exactly as
// written (prosrc), so the server has no normal form for it to offer: two bodies are the
// same when their tokens are, under PostgreSQL's lexical rules: whitespace and comments
// (--, nested /* */) do not count, and key words and unquoted names are case-insensitive,
// while string literals, quoted names and dollar-quoted text are kept exactly.

const OPERATOR = /[+\-*/<>=~!@#%^&|`?]/;
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;

export const bodyTokens = (text: string): string[] => {
  const tokens: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "-" && text[i + 1] === "-") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    if (ch === "/" && text[i + 1] === "*") {
      let depth = 0;
      while (i < n) {
        if (text[i] === "/" && text[i + 1] === "*") (depth++, (i += 2));
        else if (text[i] === "*" && text[i + 1] === "/") {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      continue;
    }
    if (ch === "'" || ((ch === "E" || ch === "e") && text[i + 1] === "'")) {
      const escapes = ch !== "'";
      const start = i;
      i += escapes ? 2 : 1;
      while (i < n) {
        if (escapes && text[i] === "\\") i += 2;
        else if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") {
          i++;
          break;
        } else i++;
      }
      tokens.push(text.slice(start, i));
      continue;
    }
    if (ch === '"') {
      const start = i++;
      while (i < n) {
        if (text[i] === '"' && text[i + 1] === '"') i += 2;
        else if (text[i] === '"') {
          i++;
          break;
        } else i++;
      }
      tokens.push(text.slice(start, i));
      continue;
    }
    if (ch === "$") {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag !== null) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        const stop = end < 0 ? n : end + tag[0].length;
        tokens.push(text.slice(i, stop));
        i = stop;
        continue;
      }
    }
    if (WORD_START.test(ch)) {
      const start = i;
      while (i < n && WORD.test(text[i] as string)) i++;
      tokens.push(text.slice(start, i).toLowerCase());
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const start = i;
      while (i < n && /[0-9.eE_]/.test(text[i] as string)) i++;
      tokens.push(text.slice(start, i).toLowerCase());
      continue;
    }
    if (OPERATOR.test(ch)) {
      const start = i;
      while (i < n && OPERATOR.test(text[i] as string) && !(text[i] === "-" && text[i + 1] === "-") && !(text[i] === "/" && text[i + 1] === "*")) i++;
      tokens.push(text.slice(start, i));
      continue;
    }
    tokens.push(ch);
    i++;
  }
  return tokens;
};

/** Whether two bodies read the same to PostgreSQL (see the file comment). */
export const sameBody = (a: string, b: string): boolean => {
  if (a === b) return true;
  const x = bodyTokens(a);
  const y = bodyTokens(b);
  return x.length === y.length && x.every((t, i) => t === y[i]);
};
