// The one place where sql`` data becomes PostgreSQL text: SqlText of model and migration
// expressions, and op.execute's SqlFragment. Identifiers take the spelling the server's
// quote_ident prints (keywords.ts), so a model expression reads back as the catalog
// prints it; each bound value becomes $n after its index.
import type { SqlFragment, SqlText } from "../../schema/types.js";
import { identifierAsPrinted } from "./keywords.js";

export const fragmentSql = (fragment: SqlFragment): string =>
  fragment.parts
    .map((part) =>
      part.kind === "text" ? part.text : part.kind === "identifier" ? part.parts.map(identifierAsPrinted).join(".") : `$${part.index + 1}`,
    )
    .join("");

/** An expression's PostgreSQL text: a string is already text, a fragment is spelled here. */
export const sqlTextOf = (text: SqlText): string => (typeof text === "string" ? text : fragmentSql(text));
