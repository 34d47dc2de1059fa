// graphLines: colour on a terminal only; plain text is exactly graphText's.
import assert from "node:assert/strict";
import { test } from "node:test";
import { graphLines } from "../../src/cli/format.js";
import { createStyle } from "../../src/cli/style.js";
import { drawGraph, graphText, revisionId } from "../../src/graph/index.js";
import { rev } from "../graph/scenarios.js";

const rows = drawGraph([rev("cc", "bb", { dependsOn: ["aa"] }), rev("dd", "aa"), rev("bb", "aa"), rev("aa", null)], { current: [revisionId("bb")] });

test("without a terminal (or with NO_COLOR) the lines are the plain drawing", () => {
  assert.deepEqual(graphLines(rows, createStyle(false, {})), graphText(rows));
  assert.deepEqual(graphLines(rows, createStyle(true, { NO_COLOR: "" })), graphText(rows));
});

test("on a terminal the current revision is green, heads bold and dotted lanes dim", () => {
  assert.deepEqual(graphLines(rows, createStyle(true, {})), [
    "*   \u001b[1mcc (head, depends on aa)\u001b[22m",
    "|\\",
    "\u001b[32m\u001b[1m@\u001b[22m\u001b[39m \u001b[2m:\u001b[22m \u001b[32mbb (current)\u001b[39m",
    "| \u001b[2m:\u001b[22m * \u001b[1mdd (head)\u001b[22m",
    "|/ /",
    "|/",
    "* aa",
  ]);
});
