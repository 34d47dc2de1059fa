// Offline scripts print statements with their `?` parameters written in as literals; a `?`
// inside a string, a quoted identifier or a comment is text and stays.
import { RetortError } from "../../errors.js";
import type { Statement } from "../../ops/types.js";
import { bindValue, literalOf } from "./literal.js";

export const inlineStatement = (statement: Statement): string => {
  const { sql, params } = statement;
  if (params.length === 0) return sql;
  let out = "";
  let next = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const rest = sql.slice(i);
    let skip = 0;
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === "\\" && c !== "`") j += 2;
        else if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      skip = j + 1 - i;
    } else if (rest.startsWith("-- ") || c === "#") {
      const end = sql.indexOf("\n", i);
      skip = (end === -1 ? sql.length : end) - i;
    } else if (rest.startsWith("/*")) {
      const end = sql.indexOf("*/", i + 2);
      skip = (end === -1 ? sql.length : end + 2) - i;
    } else if (c === "?") {
      if (next >= params.length) {
        throw new RetortError("INVALID_OPERATION", `the statement has more ? placeholders than its ${params.length} parameter(s)`, {
          hint: "Pass one parameter per placeholder.",
          details: { statement: sql },
        });
      }
      out += literalOf(bindValue(params[next++]));
      i++;
      continue;
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
