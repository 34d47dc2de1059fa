import assert from "node:assert/strict";
import { test } from "node:test";
import { createStyle } from "../../src/cli/style.js";

test("colours only on a terminal, and never with NO_COLOR (even empty)", () => {
  assert.equal(createStyle(true, {}).red("error:"), "\u001b[31merror:\u001b[39m");
  assert.equal(createStyle(true, { NO_COLOR: "" }).red("error:"), "error:");
  assert.equal(createStyle(true, { NO_COLOR: "1" }).yellow("WARN"), "WARN");
  assert.equal(createStyle(false, {}).dim("hint:"), "hint:");
});
