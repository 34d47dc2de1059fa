// sql`` fragments kept as data, joined into PostgreSQL text by the dialect.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fragmentSql } from "../../../src/dialects/postgres/fragment.js";

test("text as written, identifiers as the server's quote_ident prints them, parameters as $n after their index", () => {
  assert.equal(
    fragmentSql({
      parts: [
        { kind: "text", text: "update " },
        { kind: "identifier", parts: ["app", "Users"] },
        { kind: "text", text: " set " },
        { kind: "identifier", parts: ["select"] },
        { kind: "text", text: " = " },
        { kind: "parameter", index: 1 },
        { kind: "text", text: ' where "x" = $1 and name = ' },
        { kind: "identifier", parts: ['we"ird'] },
      ],
    }),
    'update app."Users" set "select" = $2 where "x" = $1 and name = "we""ird"',
  );
});
