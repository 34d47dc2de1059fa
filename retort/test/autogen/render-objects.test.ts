// Rendering the object operations as migration source: each rendered call, run against
// the op facade, builds the operation it was rendered from (less `previous`, which a
// generated file does not need: its downgrade is rendered too).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { renderMigration } from "../../src/autogen/render.js";
import { downgradeOf } from "../../src/autogen/downgrade.js";
import type { Op } from "../../src/ops/types.js";
import type { Operations } from "../../src/ops/facade.js";
import { collectOps } from "../support/ops-collect.js";
import { DSL_MODULE } from "./support/apply.js";

const fnDef = {
  name: "tag",
  schema: "app",
  args: [{ name: "prefix", type: "text" }, { name: "n", type: "integer", default: "1" }, { type: "integer", mode: "out" as const }],
  returns: "text",
  language: "sql",
  body: "select prefix || '-' || n -- `tick` and ${not a placeholder} \\ kept",
  volatility: "immutable" as const,
  security: "definer" as const,
  strict: true,
  parallel: "safe" as const,
};
const trigger = { name: "trg", schema: "app", table: "t", timing: "before" as const, events: ["insert", "update"] as const, updateOf: ["a"], forEach: "row" as const, when: "new.a > 0", function: { schema: "app", name: "f" }, args: ["x", "y"] };

const OPS: Op[] = [
  { kind: "createFunction", function: fnDef, orReplace: true },
  { kind: "createFunction", function: { name: "p", args: [], returns: "void", language: "plpgsql", body: "BEGIN END;", procedure: true } },
  { kind: "createTrigger", trigger: { ...trigger, events: [...trigger.events] } },
  { kind: "createView", view: { name: "v", schema: "app", query: "select 1 as `x`", checkOption: "cascaded", securityBarrier: true }, orReplace: true },
  { kind: "createView", view: { name: "m", query: "select 1 as x", materialized: true, withData: false }, dropFirst: true },
  { kind: "createExtension", extension: { name: "citext", schema: "ext", version: "1.6" } },
  { kind: "createSequence", sequence: { name: "s", type: "integer", start: 5, increment: 2, min: 1, max: 100, cache: 3, cycle: true, ownedBy: { table: "t", column: "a" } } },
  { kind: "alterSequence", sequence: { name: "s", increment: 4 } },
  { kind: "createPolicy", policy: { name: "p", schema: "app", table: "t", for: "update", to: ["app_user", "public"], using: "a > 0", withCheck: "a < 10", permissive: false } },
  { kind: "setRowLevelSecurity", table: "t", schema: "app", enabled: true, forced: false },
  { kind: "dropPolicy", table: "t", name: "p" },
  { kind: "dropSequence", name: "s", schema: "app" },
  { kind: "dropExtension", name: "citext" },
  { kind: "dropView", name: "m", materialized: true },
  { kind: "dropTrigger", table: "t", name: "trg" },
  { kind: "dropFunction", name: "p", argTypes: [], procedure: true },
];

const runRendered = async (body: string, imports: readonly string[]): Promise<Op[]> => {
  // Under test/.tmp (gitignored), so that nothing is left in the tree if the run dies.
  const tmp = join(DSL_MODULE, "..", "..", "test", ".tmp");
  mkdirSync(tmp, { recursive: true });
  const dir = mkdtempSync(join(tmp, "render-objects-"));
  try {
    const file = join(dir, "migration.mts");
    const head = imports.length === 0 ? "" : `import { ${imports.join(", ")} } from ${JSON.stringify(DSL_MODULE)};\n`;
    writeFileSync(file, `${head}export async function upgrade(op: any): Promise<void> {\n${body}\n}\n`);
    const module = (await import(pathToFileURL(file).href)) as { upgrade: (op: Operations) => Promise<void> };
    return await collectOps((op) => module.upgrade(op));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test("every object operation renders as a call that builds it again", async () => {
  const rendered = renderMigration(OPS, []);
  assert.deepEqual(await runRendered(rendered.upgrade, rendered.imports), OPS);
});

test("a function body and a view query are template literals, escaped where they must be", () => {
  const { upgrade } = renderMigration(OPS.slice(0, 1), []);
  assert.match(upgrade, /body: `select prefix \|\| '-' \|\| n -- \\`tick\\` and \\\$\{not a placeholder\} \\\\ kept`,/);
});

test("the downgrade of replaced objects renders their previous definitions", async () => {
  const previous = { ...fnDef, body: "select prefix" };
  const up: Op[] = [{ kind: "createFunction", function: fnDef, orReplace: true, previous }];
  const rendered = renderMigration(up, downgradeOf(up));
  assert.deepEqual(await runRendered(rendered.downgrade, rendered.imports), [{ kind: "createFunction", function: previous, orReplace: true }]);
});
