// The header cache: an unchanged file's revision comes from the cache without being read,
// anything else is read again, and a file changed moments before it was read is not kept
// (its timestamp could still match after another change within the same clock tick).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

const root = mkdtempSync(join(tmpdir(), "retort-header-cache-"));
const cache = join(root, "cache");
process.env.RETORT_CACHE_DIR = cache;
after(() => rmSync(root, { recursive: true, force: true }));

const { scanVersions } = await import("../../src/script/scan-versions.js");
const { isRetortError } = await import("../../src/errors.js");

const header = (revision: string, down: string | null, message: string): string =>
  `export const revision = "${revision}";\nexport const downRevision = ${down === null ? "null" : `"${down}"`};\nexport const message = "${message}";\n\nexport async function upgrade(): Promise<void> {}\n`;

const cacheFiles = (): string[] => readdirSync(cache).filter((name) => name.startsWith("headers-"));
const cached = (): { dir: string; files: Record<string, { revision: { message?: string } }> } =>
  JSON.parse(readFileSync(join(cache, cacheFiles()[0]!), "utf8"));

describe("the header cache", () => {
  const dir = join(root, "versions");
  before(async () => {
    mkdirSync(dir);
    writeFileSync(join(dir, "a1_one.ts"), header("a1", null, "one"));
    writeFileSync(join(dir, "a2_two.ts"), header("a2", "a1", "two"));
    writeFileSync(join(dir, "a3_three.ts"), header("a3", "a2", "three"));
    // Older than the window in which a file's stamp is not trusted.
    await sleep(2100);
  });

  test("the first scan keeps every settled file; the next takes them from the cache without reading them", async () => {
    const first = await scanVersions([dir]);
    assert.deepEqual(first.map((r) => [r.id, r.message]), [["a1", "one"], ["a2", "two"], ["a3", "three"]]);
    assert.equal(cacheFiles().length, 1);
    const kept = cached();
    assert.equal(kept.dir, dir);
    assert.deepEqual(Object.keys(kept.files), ["a1_one.ts", "a2_two.ts", "a3_three.ts"]);
    // What the cache says wins while the file's stamp is unchanged: the file was not read.
    kept.files["a2_two.ts"]!.revision.message = "from the cache";
    writeFileSync(join(cache, cacheFiles()[0]!), JSON.stringify(kept));
    const second = await scanVersions([dir]);
    assert.deepEqual(second.map((r) => r.message), ["one", "from the cache", "three"]);
    assert.deepEqual(second, first.map((r) => (r.id === "a2" ? { ...r, message: "from the cache" } : r)));
  });

  test("a file edited in place (same size) is read again, and not kept while its change is recent", async () => {
    writeFileSync(join(dir, "a2_two.ts"), header("a2", "a1", "2wo"));
    const scanned = await scanVersions([dir]);
    assert.deepEqual(scanned.map((r) => r.message), ["one", "2wo", "three"]);
    assert.deepEqual(Object.keys(cached().files), ["a1_one.ts", "a3_three.ts"]);
    assert.deepEqual((await scanVersions([dir])).map((r) => r.message), ["one", "2wo", "three"]);
  });

  test("a removed file is gone from the scan and from the cache; an added one is read", async () => {
    unlinkSync(join(dir, "a3_three.ts"));
    writeFileSync(join(dir, "a4_four.ts"), header("a4", "a2", "four"));
    const scanned = await scanVersions([dir]);
    assert.deepEqual(scanned.map((r) => r.id), ["a1", "a2", "a4"]);
    assert.deepEqual(Object.keys(cached().files), ["a1_one.ts"]);
  });

  test("a malformed file fails every scan, and the cache of the others stays", async () => {
    writeFileSync(join(dir, "a5_bad.ts"), "export const revision = compute();\n");
    for (let run = 0; run < 2; run++) {
      await assert.rejects(scanVersions([dir]), (error: unknown) => isRetortError(error) && error.code === "MALFORMED_REVISION_FILE");
    }
    assert.deepEqual(Object.keys(cached().files), ["a1_one.ts"]);
    unlinkSync(join(dir, "a5_bad.ts"));
  });

  test("a cache file that is not this folder's, or not JSON, is ignored and replaced", async () => {
    const file = join(cache, cacheFiles()[0]!);
    for (const content of ["{ not json", JSON.stringify({ ...cached(), dir: "/elsewhere" }), JSON.stringify({ ...cached(), format: "0" })]) {
      writeFileSync(file, content);
      assert.deepEqual((await scanVersions([dir])).map((r) => r.message), ["one", "2wo", "four"]);
    }
    assert.equal(cached().dir, dir);
  });
});
