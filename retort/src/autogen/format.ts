// Generated files are formatted with the project's own Prettier when it has one (resolved
// from the project directory, so its version and config apply); otherwise the renderer's
// own layout stands, which is already indented and one statement per line.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

interface PrettierApi {
  format(source: string, options: Record<string, unknown>): Promise<string>;
  resolveConfig(file: string): Promise<Record<string, unknown> | null>;
}

const loadPrettier = async (projectDir: string): Promise<PrettierApi | undefined> => {
  let resolved: string;
  try {
    resolved = createRequire(join(projectDir, "package.json")).resolve("prettier");
  } catch {
    return undefined; // not installed in this project: keep our own layout
  }
  const module = (await import(pathToFileURL(resolved).href)) as PrettierApi & { default?: PrettierApi };
  return typeof module.format === "function" ? module : module.default;
};

/** `source` formatted as `file` would be by the project's Prettier, or unchanged without one. */
export const formatSource = async (source: string, file: string, projectDir: string): Promise<{ text: string; formatter: "prettier" | "none" }> => {
  const prettier = await loadPrettier(projectDir);
  if (prettier === undefined) return { text: source, formatter: "none" };
  const config = (await prettier.resolveConfig(file)) ?? {};
  return { text: await prettier.format(source, { ...config, filepath: file }), formatter: "prettier" };
};
