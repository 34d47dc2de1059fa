// Offline scripts print statements with their parameters written in as literals. Each
// $n placeholder is replaced only where the SQL text has it as a placeholder: never
// inside a string constant, a quoted identifier, a dollar-quoted body or a comment.
import { RetortError } from "../../errors.js";
import type { Statement } from "../../ops/types.js";
import { bindValue, literalOf } from "./literal.js";

/** The statement with its parameters rendered as safe literals, for `--sql` output. */
export const inlineStatement = (statement: Statement): string => {
  const { sql, params } = statement;
  if (params.length === 0) return sql;
  let out = "";
  let i = 0;
  const used = new Set<number>();
  while (i < sql.length) {
    const c = sql[i];
    const rest = sql.slice(i);
    let skip = 0;
    if (c === "'" || c === '"') {
      // A quoted run ends at the first lone quote; a doubled quote is part of the text.
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else if (c === "'" && sql[j] === "\\" && isEscapeString(sql, i)) j += 2;
        else j++;
      }
      skip = j + 1 - i;
    } else if (rest.startsWith("--")) {
      const end = sql.indexOf("\n", i);
      skip = (end === -1 ? sql.length : end) - i;
    } else if (rest.startsWith("/*")) {
      const end = sql.indexOf("*/", i + 2);
      skip = (end === -1 ? sql.length : end + 2) - i;
    } else if (c === "$") {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
      const placeholder = /^\$(\d+)/.exec(rest);
      if (tag !== null && !isIdentifierChar(sql[i - 1])) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        skip = (end === -1 ? sql.length : end + tag[0].length) - i;
      } else if (placeholder?.[1] !== undefined && !isIdentifierChar(sql[i - 1])) {
        const n = Number(placeholder[1]);
        if (n < 1 || n > params.length) {
          throw new RetortError("INVALID_OPERATION", `the statement uses $${n} but has ${params.length} parameter(s)`, {
            hint: "Pass one parameter per placeholder.",
            details: { statement: sql },
          });
        }
        used.add(n);
        out += literalOf(bindValue(params[n - 1]));
        i += placeholder[0].length;
        continue;
      }
    }
    if (skip > 0) {
      out += sql.slice(i, i + skip);
      i += skip;
    } else {
      out += c;
      i++;
    }
  }
  return out;
};

const isIdentifierChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$]/.test(c);

// E'...' strings treat backslash as an escape; standard strings do not.
const isEscapeString = (sql: string, quoteAt: number): boolean => {
  const prefix = sql[quoteAt - 1];
  return (prefix === "E" || prefix === "e") && !isIdentifierChar(sql[quoteAt - 2]);
};
