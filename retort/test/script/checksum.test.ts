// A migration file's checksum: SHA-256 of its text with line endings normalised, so a CRLF
// checkout of the same file is not an edit, and any other change is.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { isRetortError } from "../../src/errors.js";
import { fileChecksum, sourceChecksum } from "../../src/script/index.js";

const LF = 'export const revision = "ae10";\nexport async function upgrade() {}\n';
const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

describe("migration checksums", () => {
  test("is the SHA-256 of the text with LF line endings", () => {
    assert.equal(sourceChecksum(LF), sha256(LF));
  });

  test("CRLF and lone CR line endings give the same checksum as LF", () => {
    assert.equal(sourceChecksum(LF.replaceAll("\n", "\r\n")), sha256(LF));
    assert.equal(sourceChecksum(LF.replaceAll("\n", "\r")), sha256(LF));
  });

  test("any other change, even whitespace inside a line, is a different checksum", () => {
    assert.notEqual(sourceChecksum(LF.replace("{}", "{ }")), sha256(LF));
  });

  test("fileChecksum reads the file; a missing file is IO_FAILED naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "retort-checksum-"));
    try {
      writeFileSync(join(dir, "ae10.ts"), LF.replaceAll("\n", "\r\n"));
      assert.equal(fileChecksum(join(dir, "ae10.ts")), sha256(LF));
      assert.throws(() => fileChecksum(join(dir, "gone.ts")), (error) => isRetortError(error) && error.code === "IO_FAILED" && error.message.startsWith(`cannot read ${join(dir, "gone.ts")}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
