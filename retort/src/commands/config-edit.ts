// Adding keys to the retort.config.ts that `retort init` wrote, for commands that learn
// something the config should say (`pull` writing the models module). A config the user
// has made their own is never rewritten: the caller prints the lines to add instead.
import { readFile, writeFile } from "node:fs/promises";
import { INIT_CONFIG_MARK } from "./init.js";

const CLOSING = "\n});\n";

/** A key and its value as TypeScript source, e.g. ["models", '"./models/index.ts"']. */
export type ConfigEntry = readonly [key: string, source: string];

export const entryLine = ([key, source]: ConfigEntry): string => `${key}: ${source},`;

/**
 * Inserts the entries before the closing `});` of a config still in init's shape (its
 * header comment, one object literal, no key of the same name); true when the file was
 * changed, false when it was left alone.
 */
export const addToInitConfig = async (file: string, entries: readonly ConfigEntry[]): Promise<boolean> => {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return false;
  }
  const ours = text.includes(INIT_CONFIG_MARK) && text.endsWith(CLOSING) && text.indexOf("defineConfig({") === text.lastIndexOf("defineConfig({");
  if (!ours || entries.some(([key]) => new RegExp(`^\\s*${key}\\s*:`, "m").test(text))) return false;
  const lines = entries.map((entry) => `  ${entryLine(entry)}\n`).join("");
  await writeFile(file, `${text.slice(0, text.length - CLOSING.length + 1)}${lines}});\n`);
  return true;
};
