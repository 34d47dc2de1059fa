import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { writeRevisionFile } from "../../src/script/write-revision.js";

const root = mkdtempSync(join(tmpdir(), "retort-write-"));
after(() => rmSync(root, { recursive: true, force: true }));

describe("writeRevisionFile", () => {
  test("writes the file, creating the folder, and returns its absolute path", async () => {
    const dir = join(root, "migrations", "versions");
    const path = await writeRevisionFile(dir, "ae1027a6acf4_add_avatar.ts", "content\n");
    assert.equal(path, join(dir, "ae1027a6acf4_add_avatar.ts"));
    assert.equal(readFileSync(path, "utf8"), "content\n");
  });

  test("a name without a known extension gets .ts", async () => {
    assert.equal(await writeRevisionFile(root, "ab12_x", "x"), join(root, "ab12_x.ts"));
  });

  test("never overwrites: REVISION_EXISTS", async () => {
    await writeRevisionFile(root, "cd34.ts", "first");
    await assert.rejects(writeRevisionFile(root, "cd34.ts", "second"), {
      code: "REVISION_EXISTS",
      message: `${join(root, "cd34.ts")} already exists`,
      hint: "choose another message or revision id; retort never overwrites a revision file",
    });
    assert.equal(readFileSync(join(root, "cd34.ts"), "utf8"), "first");
  });
});
