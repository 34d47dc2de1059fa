// displayPath, which `history` calls for every revision: relative to the working directory
// when the file is inside it, absolute otherwise, whatever shape the two paths come in.
import assert from "node:assert/strict";
import { test } from "node:test";
import { displayPath } from "../../src/commands/revision-info.js";

test("a file below the working directory reads relative; one outside it, or the folder itself, absolute", () => {
  const cases: [cwd: string, path: string, shown: string][] = [
    ["/p", "/p/migrations/versions/a1_one.ts", "migrations/versions/a1_one.ts"],
    ["/p/", "/p/migrations/versions/a1_one.ts", "migrations/versions/a1_one.ts"],
    ["/p/migrations/versions", "/p/migrations/versions/a1_one.ts", "a1_one.ts"],
    ["/p/migrations/versions", "/p/migrations/versions", "/p/migrations/versions"],
    ["/p/other", "/p/migrations/versions/a1_one.ts", "/p/migrations/versions/a1_one.ts"],
    ["/p", "/p/..a1_one.ts", "/p/..a1_one.ts"],
    ["/p", "/p/migrations//versions/./a1_one.ts", "migrations/versions/a1_one.ts"],
    ["/p", "/p/migrations/versions/..", "migrations"],
    ["/p", "/p/migrations/versions/.", "migrations/versions"],
    ["/", "/a1_one.ts", "a1_one.ts"],
  ];
  for (const [cwd, path, shown] of cases) assert.equal(displayPath(cwd, path), shown, `${cwd} ${path}`);
  // Asked again (the folder's relative path now remembered), the same answers.
  for (const [cwd, path, shown] of cases) assert.equal(displayPath(cwd, path), shown, `${cwd} ${path}`);
});
