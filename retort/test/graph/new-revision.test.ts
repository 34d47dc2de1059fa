// What `retort revision` asks of the graph before writing a file: a usable id and labels.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ErrorCode } from "../../src/errors.js";
import { buildGraph, checkNewBranchLabels, checkNewRevisionId } from "../../src/graph/index.js";
import { rev } from "./scenarios.js";

const graph = buildGraph([rev("1975ea83b712", null), rev("27c6a30d7c24", "1975ea83b712", { labels: ["shoppingcart"] })]);

const refused: readonly (readonly [string, ErrorCode, string])[] = [
  ["", "INVALID_REVISION_ID", "A revision identifier cannot be empty"],
  ["add-users", "INVALID_REVISION_ID", "Character(s) '-' not allowed in revision identifier 'add-users'"],
  ["a:b+c", "INVALID_REVISION_ID", "Character(s) '+, :' not allowed in revision identifier 'a:b+c'"],
  ["shop@1", "INVALID_REVISION_ID", "Character(s) '@' not allowed in revision identifier 'shop@1'"],
  ["new\trev", "INVALID_REVISION_ID", "Character(s) 'whitespace' not allowed in revision identifier 'new\trev'"],
  ["heads", "INVALID_REVISION_ID", "'heads' is a reserved word and cannot be a revision identifier"],
  ["current", "INVALID_REVISION_ID", "'current' is a reserved word and cannot be a revision identifier"],
  [
    "0123456789abcdef0123456789abcdef0",
    "INVALID_REVISION_ID",
    "Revision identifier '0123456789abcdef0123456789abcdef0' is 33 characters long; the version table holds at most 32",
  ],
  ["27c6a30d7c24", "REVISION_EXISTS", "Revision 27c6a30d7c24 already exists"],
  ["shoppingcart", "REVISION_EXISTS", "Revision id 'shoppingcart' is already used as a branch label by revision 27c6a30d7c24"],
];

for (const [id, code, message] of refused) {
  test(`checkNewRevisionId refuses ${JSON.stringify(id)}`, () => {
    assert.throws(() => checkNewRevisionId(id, graph), { code, message });
  });
}

test("checkNewRevisionId accepts a fresh id of 32 characters or fewer", () => {
  assert.equal(checkNewRevisionId("0123456789abcdef0123456789abcdef", graph), undefined);
  assert.equal(checkNewRevisionId("27c6", graph), undefined);
});

test("checkNewBranchLabels refuses a label in use, a revision id, and a repeat", () => {
  assert.throws(() => checkNewBranchLabels(["networking", "shoppingcart"], graph), {
    code: "DUPLICATE_BRANCH_LABEL",
    message: "Branch name 'shoppingcart' already used by revision 27c6a30d7c24",
  });
  assert.throws(() => checkNewBranchLabels(["1975ea83b712"], graph), {
    code: "DUPLICATE_BRANCH_LABEL",
    message: "Branch name '1975ea83b712' already used by revision 1975ea83b712",
  });
  assert.throws(() => checkNewBranchLabels(["networking", "networking"], graph), {
    code: "DUPLICATE_BRANCH_LABEL",
    message: "Branch name 'networking' is given twice",
  });
  assert.equal(checkNewBranchLabels(["networking"], graph), undefined);
  assert.equal(checkNewBranchLabels([], graph), undefined);
});
