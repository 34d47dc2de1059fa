import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { isRetortError } from "../../src/errors.js";
import { scanVersions } from "../../src/script/scan-versions.js";

const root = mkdtempSync(join(tmpdir(), "retort-scan-"));
after(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

const folder = (files: Record<string, string>): string => {
  const dir = join(root, `v${++count}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
};

const BODY = `
export async function upgrade(op: Operations): Promise<void> {}
export async function downgrade(op: Operations): Promise<void> {}
`;

/** Scanning a folder with one file must fail with exactly this message. */
const malformed = async (source: string, message: (file: string) => string): Promise<void> => {
  const dir = folder({ "m.ts": source });
  const file = join(dir, "m.ts");
  await assert.rejects(scanVersions([dir]), (error: unknown) => {
    assert.ok(isRetortError(error));
    assert.equal(error.code, "MALFORMED_REVISION_FILE");
    assert.equal(error.message, message(file));
    return true;
  });
};

describe("scanVersions", () => {
  test("reads every header constant, in file-name order, without running the files", async () => {
    const dir = folder({
      "001_initial.ts": `/**
 * initial schema. A comment mentioning export const revision = "not-this-one";
 */
import type { Operations } from "retort-migrate";
// export const downRevision = "nor-this";

export const revision = "1975ea83b712";
export const downRevision: string | string[] | null = null;
export const message = "initial";
export const createDate = "2026-11-24T19:00:00Z";

throw new Error("scanning must not execute this file");
${BODY}`,
      "002_triggers.ts": `import type { Operations } from 'retort-migrate'
export const revision: string = 'ae1027a6acf4'
export const downRevision = '1975ea83b712'
export const branchLabels = ['triggers'] as const
export const dependsOn: string[] = [
  "1975ea83b712", // the tables the triggers need
  /* trailing comma */
]
export const message = 'it\\'s "quoted" \\u00e9'
export const transactional = false;
${BODY}`,
      "003_merge.mts": `export const revision = \`c0ffee000001\`;
export const downRevision = [
  "ae1027a6acf4",
  '1975ea83b712',
];
export const upgrade = async (op: unknown) => {};
export const downgrade = async (op: unknown) => {};
export const message = "after the first function: ignored";
`,
      "004_plain.js": `export const revision = "d00d00000004";\nexport const downRevision = "c0ffee000001";\nexport function upgrade() {}\nexport function downgrade() {}\n`,
      "_helpers.ts": `export const notARevision = 1;`,
      ".hidden.ts": `garbage`,
      "types.d.ts": `export declare const revision: string;`,
      "README.md": `# notes`,
      "__init__.py": ``,
    });
    assert.deepEqual(await scanVersions([dir]), [
      {
        id: "1975ea83b712",
        downRevisions: [],
        dependsOn: [],
        branchLabels: [],
        message: "initial",
        path: join(dir, "001_initial.ts"),
        transactional: true,
        createDate: "2026-11-24T19:00:00Z",
      },
      {
        id: "ae1027a6acf4",
        downRevisions: ["1975ea83b712"],
        dependsOn: ["1975ea83b712"],
        branchLabels: ["triggers"],
        message: `it's "quoted" é`,
        path: join(dir, "002_triggers.ts"),
        transactional: false,
      },
      {
        id: "c0ffee000001",
        downRevisions: ["ae1027a6acf4", "1975ea83b712"],
        dependsOn: [],
        branchLabels: [],
        path: join(dir, "003_merge.mts"),
        transactional: true,
      },
      {
        id: "d00d00000004",
        downRevisions: ["c0ffee000001"],
        dependsOn: [],
        branchLabels: [],
        path: join(dir, "004_plain.js"),
        transactional: true,
      },
    ]);
  });

  test("several folders are read in order; an empty folder has no revisions", async () => {
    const a = folder({ "a.ts": `export const revision = "aaaa";\nexport const downRevision = null;${BODY}` });
    const b = folder({ "b.ts": `export const revision = "bbbb";\nexport const downRevision = "aaaa";${BODY}` });
    const empty = folder({});
    assert.deepEqual(
      (await scanVersions([a, empty, b])).map((r) => [r.id, r.path]),
      [
        ["aaaa", join(a, "a.ts")],
        ["bbbb", join(b, "b.ts")],
      ],
    );
    assert.deepEqual(await scanVersions([empty]), []);
  });

  test("a missing folder says so and points to retort init", async () => {
    const missing = join(root, "does-not-exist", "versions");
    await assert.rejects(scanVersions([missing]), (error: unknown) => {
      assert.ok(isRetortError(error));
      assert.equal(error.code, "VERSIONS_NOT_FOUND");
      assert.equal(error.message, `the versions folder ${missing} does not exist`);
      assert.equal(error.hint, "run `retort init` to create the migrations folder, or set migrations / versionLocations in retort.config.ts");
      return true;
    });
  });

  test("the same revision id in two files is DUPLICATE_REVISION naming both", async () => {
    const dir = folder({
      "a.ts": `export const revision = "abcd1234";\nexport const downRevision = null;${BODY}`,
      "b.ts": `export const revision = "abcd1234";\nexport const downRevision = null;${BODY}`,
    });
    await assert.rejects(scanVersions([dir]), {
      code: "DUPLICATE_REVISION",
      message: `revision abcd1234 is declared by both ${join(dir, "a.ts")} and ${join(dir, "b.ts")}`,
    });
  });

  describe("malformed headers name the file and line", () => {
    test("no revision", () =>
      malformed(`export const downRevision = null;${BODY}`, (f) => `${f}: no \`export const revision = ...\` before the first function`));
    test("revision after the first function", () =>
      malformed(`export const downRevision = null;${BODY}export const revision = "late";\n`, (f) => `${f}: no \`export const revision = ...\` before the first function`));
    test("revision computed", () =>
      malformed(`import { id } from "./id";\n\nexport const revision = id("x");\nexport const downRevision = null;${BODY}`, (f) => `${f}:3: \`revision\` is not a literal`));
    test("revision a concatenation", () =>
      malformed(`export const revision = "ab" + "cd";\nexport const downRevision = null;${BODY}`, (f) => `${f}:1: \`revision\` is not a literal`));
    test("revision a number", () =>
      malformed(`export const revision = 42;\nexport const downRevision = null;${BODY}`, (f) => `${f}:1: \`revision\` is not a literal`));
    test("revision empty", () =>
      malformed(`export const revision = "";\nexport const downRevision = null;${BODY}`, (f) => `${f}:1: \`revision\` must be a non-empty string literal`));
    test("revision an interpolated template", () =>
      malformed("const x = 1;\nexport const revision = `r${x}`;\nexport const downRevision = null;" + BODY, (f) => `${f}:2: \`revision\` is not a literal`));
    test("no downRevision", () =>
      malformed(`export const revision = "abcd";${BODY}`, (f) => `${f}: no \`export const downRevision = ...\` before the first function`));
    test("downRevision array with a non-literal", () =>
      malformed(`export const revision = "abcd";\nexport const downRevision = [\n  "a",\n  b,\n];${BODY}`, (f) => `${f}:2: \`downRevision\` is not a literal`));
    test("downRevision of the wrong type", () =>
      malformed(`export const revision = "abcd";\nexport const downRevision = true;${BODY}`, (f) => `${f}:2: \`downRevision\` must be null, a revision id string or an array of them`));
    test("downRevision declared twice", () =>
      malformed(`export const revision = "abcd";\nexport const downRevision = null;\nexport const downRevision = "x";${BODY}`, (f) => `${f}:3: \`downRevision\` is declared more than once`));
    test("an unterminated string", () =>
      malformed(`export const revision = "abcd;\nexport const downRevision = null;${BODY}`, (f) => `${f}:1: unterminated string literal`));
    test("transactional not a boolean", () =>
      malformed(`export const revision = "abcd";\nexport const downRevision = null;\nexport const transactional = "no";${BODY}`, (f) => `${f}:3: \`transactional\` must be true or false`));
    test("branchLabels of the wrong type", () =>
      malformed(`export const revision = "abcd";\nexport const downRevision = null;\nexport const branchLabels = false;${BODY}`, (f) => `${f}:3: \`branchLabels\` must be null, a string or an array of strings`));
    test("message not a string", () =>
      malformed(`export const revision = "abcd";\nexport const downRevision = null;\nexport const message = ["a"];${BODY}`, (f) => `${f}:3: \`message\` must be a string literal`));
  });

  test("the malformed-file error has a hint and is bad input", async () => {
    const dir = folder({ "m.ts": `export const downRevision = null;${BODY}` });
    await assert.rejects(scanVersions([dir]), (error: unknown) => {
      assert.ok(isRetortError(error));
      assert.equal(error.kind, "input");
      assert.equal(
        error.hint,
        'header constants are read without running the file, so write them as literals, e.g. export const revision = "ae1027a6acf4"; export const downRevision = null;',
      );
      return true;
    });
  });
});
