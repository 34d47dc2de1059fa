// The second step of `npm run build`, after tsc: the CLI (dist/cli/main.js) and the library
// entry (dist/index.js) are rebuilt by esbuild as two entries over shared chunks in
// dist/chunks/, and the per-module files tsc wrote for what the chunks now hold are removed
// (their .d.ts stay: the library's types are tsc's).
//
// Why: Node 20 loads an ES module with an asynchronous read and its own resolution, one
// waterfall per level of imports, and has no compile cache; `retort heads` spent more of
// its time loading 38 modules than reading 1,000 migration headers. Each command's
// `import()` stays a chunk of its own, so `heads` still loads no database code.
//
// Why both entries in one build: a migration's `import ... from "retort-migrate"` gets
// dist/index.js (loader/evaluate.ts), and it must share every class with the running CLI
// (instanceof checks, branded schema objects); as entries of one build they share the
// chunks that hold them. The chunks sit one folder below dist/, as cli/ does, so the
// `import.meta.url`-relative paths (../../package.json, ../index.js) resolve as in tsc's output.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const entries = { "cli/main": "dist/cli/main.js", index: "dist/index.js" };

rmSync(join(dist, "chunks"), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Packages stay imports (resolved from node_modules at run time), drivers included: they
  // are loaded with import() where a URL of their kind is used, and must stay optional.
  packages: "external",
  allowOverwrite: true,
  metafile: true,
  logLevel: "warning",
});

const outputs = new Set(Object.keys(result.metafile.outputs));
for (const input of Object.keys(result.metafile.inputs)) {
  if (input.startsWith("dist/") && !outputs.has(input)) rmSync(join(root, input));
}
