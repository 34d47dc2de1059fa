// The layer rule ARCHITECTURE.md states, enforced: which folder of src/ may import which
// (test/architecture-layers.json). A value import that crosses it fails `npm test`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { layerViolations, type LayerRules } from "./support/layers.js";

const rules = JSON.parse(readFileSync(new URL("./architecture-layers.json", import.meta.url), "utf8")) as LayerRules;
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

test("every import in src/ follows the layer rule", async () => {
  assert.deepEqual(await layerViolations(here("../src"), rules), []);
});

test("the check sees each kind of crossing (a tree that breaks every rule once)", async () => {
  assert.deepEqual((await layerViolations(here("./fixtures/layers"), rules)).sort(), [
    "commands/direct.ts: value import of dialects/postgres/compile.ts; other layers reach dialects/ only through dialects/index.ts or dialects/types.ts",
    "drivers/eager.ts: imports pg statically; load it with import() where a URL of its kind is used",
    "graph/reads-files.ts: imports node:fs; graph/ does no I/O and imports no package",
    "graph/uses-runtime.ts: type import of runtime/session.ts; graph/ may type-import only layers below it",
    "graph/uses-runtime.ts: value import of runtime/session.ts; graph/ may value-import only nothing of ours",
  ]);
});
