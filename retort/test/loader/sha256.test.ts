// The JavaScript SHA-256 that keys small files in the compile cache gives node:crypto's
// digest for every input: padding boundaries, multi-block messages, non-ASCII text and lone
// surrogates (both encode them as U+FFFD). Otherwise a config hashed one way would miss the
// entry written the other way, or worse, two texts would share a key.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { CACHE_FORMAT, hashSource } from "../../src/loader/compile-cache.js";
import { sha256Hex } from "../../src/loader/sha256.js";

const native = (text: string): string => createHash("sha256").update(text).digest("hex");

test("the standard's test vectors", () => {
  assert.equal(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(
    sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
});

test("every length around the one- and two-block padding boundaries", () => {
  for (let length = 0; length <= 200; length++) {
    const text = "r".repeat(length);
    assert.equal(sha256Hex(text), native(text), `length ${length}`);
  }
});

test("non-ASCII text, astral characters and lone surrogates hash as their UTF-8 bytes", () => {
  for (const text of ["é", "naïve café ✓", "𝄞 clef", "\ud800", "a\udc00b", "日本語のコメント\n".repeat(40), "\u0000\u007f\u0080\u07ff\u0800\uffff"]) {
    assert.equal(sha256Hex(text), native(text), JSON.stringify(text));
  }
});

test("a config-sized file and one of many blocks", () => {
  const config = 'import { defineConfig } from "retort-migrate";\n\nexport default defineConfig({ migrations: "migrations", url: process.env.DATABASE_URL });\n';
  assert.equal(sha256Hex(config), native(config));
  const large = Array.from({ length: 3000 }, (_, i) => `export const t${i} = "${i.toString(36)}";`).join("\n");
  assert.equal(sha256Hex(large), native(large));
});

test("hashSource keys a text the same before and after it moves to node:crypto", () => {
  const small = "export default { migrations: \"migrations\" };\n";
  const expected = (source: string): string => native(`${CACHE_FORMAT}\0${source}`);
  assert.equal(hashSource(small), expected(small));
  const large = "x".repeat(20_000); // past the JavaScript budget
  assert.equal(hashSource(large), expected(large));
  assert.equal(hashSource(small), expected(small));
});
