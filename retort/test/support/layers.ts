// The layer check behind test/architecture.test.ts: every import in a source tree, judged
// against a rule table (test/architecture-layers.json). Value imports are taken from
// esbuild's own resolution of the tree (what survives compilation is what runs, so an
// import used only as a type but not written `import type` counts as a value); type-only
// imports are read from the text.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { build } from "esbuild";

export interface LayerRules {
  readonly layers: Readonly<Record<string, readonly string[]>>;
  readonly shared: readonly string[];
  readonly api: readonly string[];
  readonly entries: Readonly<Record<string, readonly string[]>>;
  readonly pure: readonly string[];
  readonly lazy: readonly string[];
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return /\.ts$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
    });

const posix = (path: string): string => path.split(sep).join("/");

// `import type ... from "./x"` and `export type ... from "./x"`, at the start of a line.
const TYPE_IMPORT = /^\s*(?:import|export)\s+type\s[^;]*?from\s*["'](\.[^"']+)["']/gm;

/** Every import in `root` that breaks `rules`, one readable line each (empty: none). */
export const layerViolations = async (root: string, rules: LayerRules): Promise<string[]> => {
  const files = sourceFiles(root);
  const rel = (file: string) => posix(relative(root, file));
  const layerOf = (relPath: string): string => relPath.split("/")[0] ?? "";
  const below = (layer: string, seen = new Set<string>()): Set<string> => {
    for (const l of rules.layers[layer] ?? []) if (!seen.has(l)) below(l, seen.add(l));
    return seen;
  };
  const problems: string[] = [];
  const judge = (from: string, to: string, how: "value" | "type"): void => {
    if (rules.api.includes(from) || rules.shared.includes(to)) return;
    const fromLayer = layerOf(from);
    const toLayer = layerOf(to);
    if (fromLayer === toLayer) return;
    const entries = rules.entries[toLayer];
    if (entries !== undefined && !entries.includes(to)) {
      problems.push(`${from}: ${how} import of ${to}; other layers reach ${toLayer}/ only through ${entries.join(" or ")}`);
      return;
    }
    const allowed = rules.layers[fromLayer] ?? [];
    if (how === "value" ? allowed.includes(toLayer) : below(fromLayer).has(toLayer)) return;
    problems.push(`${from}: ${how} import of ${to}; ${fromLayer}/ may ${how === "value" ? `value-import only ${allowed.join(", ") || "nothing of ours"}` : "type-import only layers below it"}`);
  };

  const result = await build({
    entryPoints: files,
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    outdir: join(root, "..", ".layers-out"),
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
  });
  for (const [input, { imports }] of Object.entries(result.metafile.inputs)) {
    const from = posix(input);
    for (const imported of imports) {
      if (imported.external === true) {
        const pkg = imported.path;
        const name = pkg.startsWith("@") ? pkg.split("/").slice(0, 2).join("/") : (pkg.split("/")[0] ?? pkg);
        if (rules.pure.includes(layerOf(from))) problems.push(`${from}: imports ${pkg}; ${layerOf(from)}/ does no I/O and imports no package`);
        else if (rules.lazy.includes(name) && imported.kind !== "dynamic-import") problems.push(`${from}: imports ${pkg} statically; load it with import() where a URL of its kind is used`);
        continue;
      }
      judge(from, posix(imported.path), "value");
    }
  }
  for (const file of files) {
    for (const match of readFileSync(file, "utf8").matchAll(TYPE_IMPORT)) {
      const target = resolve(dirname(file), (match[1] as string).replace(/\.js$/, ".ts"));
      judge(rel(file), rel(target), "type");
    }
  }
  return problems;
};
