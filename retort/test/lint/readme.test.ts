// The README documents every rule exactly as the linter states it: id, level, reason, fix.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { INVALID_SUPPRESSION, RULES } from "../../src/lint/index.js";

test("the README's rule table has one row per rule, as the rule says it", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const rows = readme.split("\n").filter((line) => /^\| `[a-z-]+` \| (error|warn) \|/.test(line));
  const expected = [...RULES, INVALID_SUPPRESSION].map(
    (r) => `| \`${r.id}\` | ${r.level} | ${r.reason}${"sizeDependent" in r && r.sizeDependent === true ? " (size-dependent)" : ""} | ${r.fix} |`,
  );
  assert.deepEqual(rows, expected);
});
