// "Did you mean": the closest known name by edit distance, and the graph's unknown-target
// errors carrying it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RetortError } from "../../src/errors.js";
import { buildGraph, resolveTarget } from "../../src/graph/index.js";
import { closest, editDistance } from "../../src/graph/suggest.js";
import { rev } from "./scenarios.js";

describe("editDistance", () => {
  const cases: [string, string, number][] = [
    ["head", "head", 0],
    ["haed", "head", 1], // a swap of neighbours is one edit
    ["hed", "head", 1],
    ["heads", "head", 1],
    ["HEAD", "head", 0],
    ["base", "head", 4],
    ["", "abc", 3],
  ];
  for (const [a, b, d] of cases) test(`${a || "''"} -> ${b}: ${d}`, () => assert.equal(editDistance(a, b), d));
});

describe("closest", () => {
  test("picks the nearest candidate within a third of the typed length", () => {
    assert.equal(closest("haed", ["head", "heads", "base"]), "head");
    assert.equal(closest("shpo", ["shop", "billing"]), "shop");
    assert.equal(closest("bilingg", ["shop", "billing"]), "billing");
  });
  test("compares a mistyped partial id with the same length of each full id", () => {
    assert.equal(closest("ae1072", ["ae1027a6acf4", "27c6a30d7c24"]), "ae1027a6acf4");
  });
  test("returns null when nothing is close enough to be a typo", () => {
    assert.equal(closest("zzzz", ["head", "heads", "base"]), null);
    assert.equal(closest("", ["head"]), null);
    assert.equal(closest("x", ["head"]), null);
  });
});

describe("unknown targets suggest the closest name", () => {
  const graph = buildGraph([rev("ae1027a6acf4", null, { labels: ["shop"] }), rev("27c6a30d7c24", "ae1027a6acf4")]);
  const failure = (target: string): RetortError => {
    try {
      resolveTarget(graph, target, []);
    } catch (error) {
      if (error instanceof RetortError) return error;
      throw error;
    }
    throw new Error(`${target} resolved`);
  };

  test("a keyword", () => {
    const error = failure("haed");
    assert.equal(error.code, "UNKNOWN_REVISION");
    assert.equal(error.message, "No such revision or branch 'haed'; did you mean 'head'?");
    assert.equal(error.details?.suggestion, "head");
  });
  test("a branch label, and a branch before '@'", () => {
    assert.equal(failure("shpo").message, "No such revision or branch 'shpo'; did you mean 'shop'?");
    assert.equal(failure("shpo@head").message, "No such branch: 'shpo'; did you mean 'shop'?");
  });
  test("a revision id", () => {
    assert.equal(failure("27c6a30d7c42").message, "No such revision or branch '27c6a30d7c42'; did you mean '27c6a30d7c24'?");
  });
  test("nothing close: the message says only what is wrong", () => {
    assert.equal(failure("ffffffff").message, "No such revision or branch 'ffffffff'");
    assert.equal(
      failure("zz").message,
      "No such revision or branch 'zz'; please ensure at least four characters are present for partial revision identifier matches",
    );
  });
});
