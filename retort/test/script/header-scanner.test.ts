// The plain-header reading (one regular expression per line) is a shortcut for the headers
// retort writes; the tokeniser is the definition. For every source here, the shortcut either
// declines (null) or reads exactly what the tokeniser reads, and it must not decline the
// headers retort itself writes.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { scanHeader, scanPlainHeader, scanTokens } from "../../src/script/header-scanner.js";
import { DEFAULT_TEMPLATE, renderRevision } from "../../src/script/template.js";
import { migrationSource as benchMigration } from "../../bench/fixtures.js";
import { migrationSource as cliMigration } from "../cli/harness.js";

const BODY = "\nexport async function upgrade(op: Operations): Promise<void> {}\n";

const written = [
  renderRevision(DEFAULT_TEMPLATE, { revision: "ae1027a6acf4", downRevision: null, message: "create account", createDate: "2026-01-01 00:00:00" }),
  renderRevision(DEFAULT_TEMPLATE, { revision: "b2", downRevision: ["a1", "a2"], branchLabels: ["shop"], dependsOn: ["c3"], message: "merge", createDate: "2026-01-01" }),
  benchMigration(0),
  benchMigration(7),
  cliMigration({ revision: "c001", downRevision: null, message: "log table", transactional: false, lockTimeout: "2s" }),
  cliMigration({ revision: "c002", downRevision: ["a", "b"], branchLabels: ["x"], dependsOn: ["d"] }),
];

const edges = [
  'export const revision = "a" as const;\nexport const downRevision = null' + BODY,
  "export const revision = 'a';\r\nexport const downRevision: string | null = null;\r\n" + BODY,
  'export const revision = "a";\nexport const branchLabels = ["x", "y",];\nexport const downRevision = [];' + BODY,
  'export const revision = "a";\nexport const revision = "b";\nexport const downRevision = null;' + BODY,
  'export const revision = "a";\nexport const function$x = "f";\nfunction$x();\nexport const downRevision = null;' + BODY,
  'export const revision = "a";\nexport\u00a0const downRevision = null;' + BODY,
  'export const revision = "a\\"b";\nexport const downRevision = null;' + BODY,
  'export const revision = "a"\n  + "b";\nexport const downRevision = null;' + BODY,
  'export const revision = "a";\nexport const downRevision = 5;' + BODY,
  'export const revision = "a"; // why\nexport const downRevision = null;' + BODY,
  '/* one */ export const revision = "a";\nexport const downRevision = null;' + BODY,
  '/*\n * doc\n */\n\n// note\nexport const revision = "a";\nexport const downRevision = null;' + BODY,
  '/*/ still a comment */\nexport const revision = "a";\nexport const downRevision = null;' + BODY,
  '\uFEFFexport const revision = "a";\nexport const downRevision = null;' + BODY,
  '#!/usr/bin/env node\nexport const revision = "a";\nexport const downRevision = null;' + BODY,
  'import { table, text } from "retort-migrate";\nimport * as r from "retort-migrate";\nexport const revision = "a";\nexport const downRevision = null;\nexport const upgrade = async (op) => {};',
  'export const revision = `a`;\nexport const downRevision = null;' + BODY,
  'export const revision = "a";\nclass X {}\nexport const downRevision = null;',
  'export const revision = "a";\nexport default {};\nexport const downRevision = null;',
  'export const revision = "a";\nasync function go() {}\nexport const downRevision = null;',
  'export const revision = "a";\nexport let downRevision = null;' + BODY,
  'export const revision = "a";\nexport const transactional = false;\nexport const message = "x";',
];

describe("the plain-header reading", () => {
  for (const [index, source] of [...written, ...edges].entries()) {
    test(`agrees with the tokeniser (source ${index + 1})`, () => {
      const plain = scanPlainHeader(source);
      if (plain !== null) assert.deepEqual(plain, scanTokens(source));
      assert.deepEqual(scanHeader(source), scanTokens(source));
    });
  }

  test("reads every header retort writes without the tokeniser", () => {
    for (const source of written) assert.notEqual(scanPlainHeader(source), null, source);
  });

  test("declines what it cannot read beyond doubt", () => {
    for (const index of [5, 6, 7, 8, 9, 10, 13, 14, 16, 20]) assert.equal(scanPlainHeader(edges[index] as string), null, edges[index]);
  });
});
