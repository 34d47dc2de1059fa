import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEFAULT_TEMPLATE, renderRevision } from "../../src/script/template.js";
import { readRevision } from "../../src/script/scan-versions.js";

describe("renderRevision", () => {
  test("the default template renders a complete migration file", () => {
    const text = renderRevision(DEFAULT_TEMPLATE, {
      revision: "ae1027a6acf4",
      downRevision: "1975ea83b712",
      message: "add user avatar field",
      createDate: "2026-11-24T19:00:00Z",
      upgrade: '  op.addColumn("users", column("avatar_url", text()));',
      downgrade: '  op.dropColumn("users", "avatar_url");',
      imports: 'import { column, text } from "retort-migrate";',
    });
    assert.equal(
      text,
      `/**
 * add user avatar field
 *
 * Revision ID: ae1027a6acf4
 * Revises: 1975ea83b712
 * Create Date: 2026-11-24T19:00:00Z
 */
import type { Operations } from "retort-migrate";
import { column, text } from "retort-migrate";

export const revision = "ae1027a6acf4";
export const downRevision: string | string[] | null = "1975ea83b712";
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = null;
export const message = "add user avatar field";
export const createDate = "2026-11-24T19:00:00Z";

export async function upgrade(op: Operations): Promise<void> {
  op.addColumn("users", column("avatar_url", text()));
}

export async function downgrade(op: Operations): Promise<void> {
  op.dropColumn("users", "avatar_url");
}
`,
    );
  });

  test("a base revision, a merge, labels and dependencies render as literals; empty lines vanish", () => {
    const text = renderRevision(DEFAULT_TEMPLATE, {
      revision: "c0ffee000001",
      downRevision: ["ae1027a6acf4", "1975ea83b712"],
      branchLabels: ["triggers"],
      dependsOn: ["aaaa", "bbbb"],
      createDate: "2026-11-24T19:00:00Z",
    });
    assert.match(text, /^ \* Revises: ae1027a6acf4, 1975ea83b712$/m);
    assert.match(text, /^export const downRevision: string \| string\[\] \| null = \["ae1027a6acf4", "1975ea83b712"\];$/m);
    assert.match(text, /^export const branchLabels: string \| string\[\] \| null = "triggers";$/m);
    assert.match(text, /^export const dependsOn: string \| string\[\] \| null = \["aaaa", "bbbb"\];$/m);
    assert.match(text, /^export const message = null;$/m);
    assert.match(text, /^import type \{ Operations \} from "retort-migrate";\n\nexport const revision/m);
    assert.match(text, /upgrade\(op: Operations\): Promise<void> \{\n\}/);
    const base = renderRevision(DEFAULT_TEMPLATE, { revision: "1975ea83b712", downRevision: null, createDate: "d" });
    assert.match(base, /^ \* Revises: <base>$/m);
    assert.match(base, /^export const downRevision: string \| string\[\] \| null = null;$/m);
  });

  test("a hostile message stays a valid literal and cannot close the doc comment", () => {
    const message = 'it\'s "quoted" */ console.log("pwned") /*\nsecond line \\ end';
    const text = renderRevision(DEFAULT_TEMPLATE, { revision: "abcd1234", downRevision: null, message, createDate: "d" });
    assert.match(text, /^ \* it's "quoted" \* \/ console\.log\("pwned"\) \/\* second line \\ end$/m);
    assert.equal(readRevision("/v/x.ts", text).message, message);
  });

  test("a custom template: both forms of a placeholder, unknown ${...} left alone", () => {
    const template = "// ${revision:text} <- ${downRevision:text}\nexport const revision = ${revision};\nconst note = `${other}`;\n${upgrades}\n";
    assert.equal(
      renderRevision(template, { revision: "ab12", downRevision: ["x", "y"], createDate: "d", upgrade: "up();" }),
      '// ab12 <- x, y\nexport const revision = "ab12";\nconst note = `${other}`;\nup();\n',
    );
  });

  test("what the default template renders is read back exactly by the header scanner", () => {
    const text = renderRevision(DEFAULT_TEMPLATE, {
      revision: "ae1027a6acf4",
      downRevision: ["a1", "b2"],
      branchLabels: ["x"],
      dependsOn: ["d4"],
      message: "m",
      createDate: "2026-11-24T19:00:00Z",
    });
    assert.deepEqual(readRevision("/v/ae.ts", text), {
      id: "ae1027a6acf4",
      downRevisions: ["a1", "b2"],
      dependsOn: ["d4"],
      branchLabels: ["x"],
      message: "m",
      path: "/v/ae.ts",
      transactional: true,
      createDate: "2026-11-24T19:00:00Z",
    });
  });
});
