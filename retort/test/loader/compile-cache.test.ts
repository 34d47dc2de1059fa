import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { toFunctionBody } from "../../src/loader/compile-cache.js";

describe("toFunctionBody: esbuild's ESM output as a function body returning the exports", () => {
  test("the trailing export clause becomes the return value", () => {
    const code = 'const revision = "ab12";\nasync function up(op) {\n}\nexport {\n  revision,\n  up as upgrade\n};\n';
    assert.equal(toFunctionBody(code), '"use strict";const revision = "ab12";\nasync function up(op) {\n}\nreturn { "revision": revision, "upgrade": up };');
  });

  test("a module without exports returns an empty object", () => {
    assert.equal(toFunctionBody("const a = 1;\n"), '"use strict";const a = 1;\n\nreturn {  };');
  });

  test("imports from retort-migrate are bound to the library passed in as a parameter", () => {
    const code = 'import {\n  integer,\n  text as t\n} from "retort-migrate";\nimport * as R from "retort-migrate";\nimport "retort-migrate";\nconst c = [integer(), t(), R.sql];\nexport {\n  c\n};\n';
    assert.equal(
      toFunctionBody(code),
      '"use strict";const { integer, text: t } = __retortMigrate$;\nconst R = __retortMigrate$;\n\nconst c = [integer(), t(), R.sql];\nreturn { "c": c };',
    );
  });

  test("anything that needs module semantics is left to the module loader", () => {
    for (const code of [
      'import { helper } from "./_helpers.js";\nconst a = helper;\nexport {\n  a\n};\n',
      'import def from "retort-migrate";\nexport {\n  def\n};\n',
      'import { x } from "retort-migrate/internal";\nexport {\n  x\n};\n',
      'const m = await import("./helper.js");\nexport {\n  m\n};\n',
      "const here = import.meta.url;\nexport {\n  here\n};\n",
      'const fs = require("node:fs");\nexport {\n  fs\n};\n',
      "export const a = 1;\n",
      'export * from "./other.js";\n',
      'const a = 1;\nexport {\n  a as "quoted name"\n};\n',
    ]) {
      assert.equal(toFunctionBody(code), null, code);
    }
  });
});
