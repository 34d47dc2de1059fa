// Where a model's sql`` expression (SqlText) becomes MySQL/MariaDB text: identifiers in
// backticks, the way MariaDB prints them back in checks and generated columns, so a model
// and the catalog agree. op.execute fragments bind their values as `?` (compile.ts), which
// a model expression never holds.
import type { SqlText } from "../../schema/types.js";
import { quoteIdent } from "./quote.js";

/** An expression's MySQL text: a string is already text, a fragment is spelled here. */
export const sqlTextOf = (text: SqlText): string =>
  typeof text === "string"
    ? text
    : text.parts
        .map((part) => {
          if (part.kind === "text") return part.text;
          if (part.kind === "identifier") return part.parts.map(quoteIdent).join(".");
          throw new Error("internal error: a model expression holds a bound value, which only op.execute may");
        })
        .join("");
