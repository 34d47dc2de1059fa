// sql`` fragments kept as data (op.execute) joined into PostgreSQL text: identifiers in the
// spelling the server's quote_ident prints, each parameter as $n after its index.
import { identifierText } from "../../schema/sql.js";
import type { SqlFragment } from "../../schema/types.js";

export const fragmentSql = (fragment: SqlFragment): string =>
  fragment.parts
    .map((part) =>
      part.kind === "text" ? part.text : part.kind === "identifier" ? part.parts.map(identifierText).join(".") : `$${part.index + 1}`,
    )
    .join("");
