import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { chunkText, CHUNK_CHARS } from "../../app/services/chunking.js";

describe("chunkText", () => {
  test("one passage per paragraph, whitespace collapsed", () => {
    assert.deepEqual(chunkText("First paragraph, long enough to stand on its own as a passage of the text.\r\n\r\n  Second   one,\nwrapped, and also long enough to stand alone as its own passage.  "), [
      "First paragraph, long enough to stand on its own as a passage of the text.",
      "Second one, wrapped, and also long enough to stand alone as its own passage.",
    ]);
  });

  test("a heading stays with the paragraph after it", () => {
    assert.deepEqual(chunkText("Spa\n\nOur spa has a sauna, a steam room and an indoor swimming pool open every day of the week."), [
      "Spa Our spa has a sauna, a steam room and an indoor swimming pool open every day of the week.",
    ]);
  });

  test("a long paragraph is cut between sentences, each chunk at most the limit", () => {
    const sentence = (n: number) => `Sentence number ${n} says something about the hotel and its many services.`;
    const text = Array.from({ length: 20 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkText(text, 200);
    assert.ok(chunks.every((c) => c.length <= 200));
    assert.equal(chunks.join(" "), text);
    assert.equal(chunks[0], `${sentence(0)} ${sentence(1)}`);
  });

  test("a sentence longer than the limit is cut between words, a word longer than it where it must", () => {
    assert.deepEqual(chunkText("aaaa bbbb cccc dddd", 9), ["aaaa bbbb", "cccc dddd"]);
    assert.deepEqual(chunkText("x".repeat(25), 10), ["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });

  test("a short closing line joins the paragraph before it", () => {
    assert.deepEqual(chunkText("Towels and bathrobes are handed out at the spa desk.\n\nAsk at reception."), [
      "Towels and bathrobes are handed out at the spa desk. Ask at reception.",
    ]);
  });

  test("blank text has no passages; the default limit is CHUNK_CHARS", () => {
    assert.deepEqual(chunkText(" \n\n \t"), []);
    const long = "word ".repeat(1000).trim();
    assert.ok(chunkText(long).every((c) => c.length <= CHUNK_CHARS));
    assert.equal(chunkText(long).join(" "), long);
  });
});
