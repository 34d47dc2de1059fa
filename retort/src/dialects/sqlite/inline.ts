// Offline scripts print statements with their parameters written in as literals. A $n is
// replaced only where it is a placeholder: never inside a string, a quoted identifier or
// a comment.
import { RetortError } from "../../errors.js";
import type { Statement } from "../../ops/types.js";
import { literalOf, type BoundValue } from "./literal.js";

export const inlineStatement = (statement: Statement): string => {
  const { sql, params } = statement;
  if (params.length === 0) return sql;
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const rest = sql.slice(i);
    let skip = 0;
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== "]" && sql[j + 1] === close) j += 2;
          else break;
        } else j++;
      }
      skip = j + 1 - i;
    } else if (rest.startsWith("--")) {
      const end = sql.indexOf("\n", i);
      skip = (end === -1 ? sql.length : end) - i;
    } else if (rest.startsWith("/*")) {
      const end = sql.indexOf("*/", i + 2);
      skip = (end === -1 ? sql.length : end + 2) - i;
    } else {
      const placeholder = /^\$(\d+)/.exec(rest);
      if (placeholder?.[1] !== undefined && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? "")) {
        const n = Number(placeholder[1]);
        if (n < 1 || n > params.length)
          throw new RetortError("INVALID_OPERATION", `the statement uses $${n} but has ${params.length} parameter(s)`, {
            hint: "Pass one parameter per placeholder.",
            details: { statement: sql },
          });
        out += literalOf(params[n - 1] as BoundValue);
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
