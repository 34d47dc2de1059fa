// Where sql`` data becomes SQLite text: model expressions (SqlText) and op.execute's
// fragments. SQLite keeps an expression as written in its CREATE text, so the spelling
// chosen here is the one introspection reads back: a plain lower-case name that is not a
// keyword stays bare, every other name is double-quoted. Bound values become $n, which the
// driver binds as SQLite's named parameters.
import type { SqlFragment, SqlText } from "../../schema/types.js";
import { quoteIdent } from "./quote.js";

// SQLite's keywords (sqlite.org/lang_keywords.html): a bare one would parse as the keyword.
const KEYWORDS = new Set(
  (
    "abort action add after all alter always analyze and as asc attach autoincrement before begin between by cascade case cast " +
    "check collate column commit conflict constraint create cross current current_date current_time current_timestamp database " +
    "default deferrable deferred delete desc detach distinct do drop each else end escape except exclude exclusive exists explain " +
    "fail filter first following for foreign from full generated glob group groups having if ignore immediate in index indexed " +
    "initially inner insert instead intersect into is isnull join key last left like limit match materialized natural no not " +
    "nothing notnull null nulls of offset on or order others outer over partition plan pragma preceding primary query raise range " +
    "recursive references regexp reindex release rename replace restrict returning right rollback row rows savepoint select set " +
    "table temp temporary then ties to transaction trigger unbounded union unique update using vacuum values view virtual when " +
    "where window with without"
  ).split(" "),
);

/** A name as it stands inside an SQLite expression. */
export const identifierInExpression = (name: string): string =>
  /^[a-z_][a-z0-9_]*$/.test(name) && !KEYWORDS.has(name) ? name : quoteIdent(name);

export const fragmentSql = (fragment: SqlFragment): string =>
  fragment.parts
    .map((part) =>
      part.kind === "text" ? part.text : part.kind === "identifier" ? part.parts.map(identifierInExpression).join(".") : `$${part.index + 1}`,
    )
    .join("");

/** An expression's SQLite text: a string is already text, a fragment is spelled here. */
export const sqlTextOf = (text: SqlText): string => (typeof text === "string" ? text : fragmentSql(text));
