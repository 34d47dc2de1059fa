import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { generateRevisionId, renderFileName, slugify } from "../../src/script/naming.js";

describe("generateRevisionId", () => {
  test("12 lowercase hex characters by default, another length on request", () => {
    assert.match(generateRevisionId(), /^[0-9a-f]{12}$/);
    assert.match(generateRevisionId(7), /^[0-9a-f]{7}$/);
    assert.match(generateRevisionId(32), /^[0-9a-f]{32}$/);
  });

  test("ids do not repeat", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => generateRevisionId()));
    assert.equal(ids.size, 1000);
  });

  test("a length that is not a positive integer is refused", () => {
    assert.throws(() => generateRevisionId(0), { name: "RangeError", message: "revision id length must be a positive integer, got 0" });
  });
});

describe("slugify", () => {
  const cases: [string, string][] = [
    ["add user avatar field", "add_user_avatar_field"],
    ["Add User-Avatar field!", "add_user_avatar_field"],
    ["  rename   bots.owner_id -> user_id ", "rename_bots_owner_id_user_id"],
    ["thêm trường avatar cho người dùng", "them_truong_avatar_cho_nguoi_dung"],
    ["đổi tên bảng", "doi_ten_bang"],
    ["", ""],
    ["!!!", ""],
    // 40 characters at most, cut at a word boundary
    ["add conversation messages and training jobs tables", "add_conversation_messages_and_training"],
    ["a".repeat(50), "a".repeat(40)],
  ];
  for (const [message, slug] of cases) {
    test(`${JSON.stringify(message)} -> ${JSON.stringify(slug)}`, () => assert.equal(slugify(message), slug));
  }
});

describe("renderFileName", () => {
  const date = new Date("2026-03-04T05:06:07Z");
  test("the default template is the revision and the slug", () => {
    assert.equal(renderFileName("%(rev)s_%(slug)s", { rev: "ae1027a6acf4", slug: "add_avatar", date }), "ae1027a6acf4_add_avatar");
  });
  test("date tokens are UTC and zero-padded as in Alembic's file_template", () => {
    assert.equal(
      renderFileName("%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d%(second).2d-%(rev)s_%(slug)s", { rev: "ab", slug: "x", date }),
      "2026_03_04_050607-ab_x",
    );
    assert.equal(renderFileName("%(epoch)s_%(rev)s", { rev: "ab", slug: "", date }), "1772600767_ab");
  });
  test("an empty slug leaves no dangling separator; unknown tokens stay", () => {
    assert.equal(renderFileName("%(rev)s_%(slug)s", { rev: "ab", slug: "", date }), "ab");
    assert.equal(renderFileName("%(rev)s_%(nope)s", { rev: "ab", slug: "", date }), "ab_%(nope)s");
  });
});
