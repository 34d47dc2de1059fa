// Large source maps become line maps: every generated line keeps its first mapping, so a
// stack trace from a large module still names the .ts line it came from.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { firstSegmentPerLine, lineMapComment, LINE_MAP_THRESHOLD } from "../../src/loader/line-map.js";
import { loadModule } from "../../src/loader/index.js";

const root = mkdtempSync(join(tmpdir(), "retort-line-map-"));
process.env.RETORT_CACHE_DIR = join(root, "cache");
after(() => rmSync(root, { recursive: true, force: true }));

describe("line maps", () => {
  test("the first segment of each line stays, its source fields re-based on the segments kept", () => {
    // Absolute [generated column, source, line, column]: line 0 (0,0,0,0) (4,0,0,4) (9,0,1,2);
    // line 1 (2,0,3,0, name 0); line 2 (7) with no source; line 3 (0,0,5,1). As deltas:
    // AAAA,IAAI,KACF;EAEFA;O;AAEC. Kept, re-based: (0,0,0,0); (2,0,3,0) = EAGA; none; (0,0,2,1) = AAEC.
    assert.equal(firstSegmentPerLine("AAAA,IAAI,KACF;EAEFA;O;AAEC"), "AAAA;EAGA;;AAEC");
  });

  test("small maps are left exact, large ones cut down", () => {
    const small = `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ version: 3, mappings: "AAAA,IAAI" })).toString("base64")}`;
    assert.equal(lineMapComment(small), small);
    const mappings = Array.from({ length: LINE_MAP_THRESHOLD / 8 }, () => "AAAA,IAAI").join(";");
    const large = `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ version: 3, names: ["x"], mappings })).toString("base64")}`;
    const thin = JSON.parse(Buffer.from(lineMapComment(large).slice(large.indexOf("base64,") + 7), "base64").toString("utf8")) as { mappings: string; names: string[] };
    assert.deepEqual(thin.names, []);
    // Each line's first segment sits 4 columns after the previous line's last: AAAI once re-based.
    assert.equal(thin.mappings, ["AAAA", ...Array.from({ length: LINE_MAP_THRESHOLD / 8 - 1 }, () => "AAAI")].join(";"));
  });

  test("a module whose map is cut down still names the .ts line in its stack traces", async () => {
    // Enough tokens on enough lines for a map over the threshold, the throw far down the file.
    const filler = Array.from({ length: 40_000 }, (_, i) => `export const v${i}: number = ${i} + ${i} * 2 - (${i} % 7) + Math.max(${i}, 1);`);
    const file = join(root, "big.ts");
    writeFileSync(file, [...filler, "export function fail(): never {", '  throw new Error("boom");', "}", ""].join("\n"));
    const module = await loadModule(file);
    assert.throws(
      () => (module.fail as () => void)(),
      (error) => new RegExp(`big\\.ts:${filler.length + 2}:`).test((error as Error).stack ?? ""),
    );
  });
});
