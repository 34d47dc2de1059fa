// The JSON depth scan runs before JSON.parse on every body: it must count nesting as the
// parser would, ignoring brackets inside strings and escaped quotes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jsonDepth, MAX_JSON_DEPTH } from "../app/input-guards.js";

test("depth counts nested arrays and objects, not brackets inside strings", () => {
  const cases: [string, number][] = [
    ["1", 0],
    ['"[[[["', 0],
    ["{}", 1],
    ['{"a": [1, {"b": []}]}', 4],
    ['{"a": "]]]]", "b": [[]]}', 3],
    ['{"a": "\\"[[[", "b": 1}', 1],
    ['["\\\\", [[]]]', 3],
    [`${"[".repeat(40_000)}${"]".repeat(40_000)}`, 40_000],
  ];
  for (const [text, depth] of cases) assert.equal(jsonDepth(text), depth, text.slice(0, 40));
  assert.equal(MAX_JSON_DEPTH, 32);
});
