import { mkdirSync, writeFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { RetortError } from "../errors.js";

/**
 * Writes a new revision file and returns its absolute path. Never overwrites: an existing
 * file is REVISION_EXISTS. A name without a .ts/.mts/.js/.mjs extension gets ".ts".
 */
export const writeRevisionFile = async (dir: string, fileName: string, content: string): Promise<string> => {
  const name = [".ts", ".mts", ".js", ".mjs"].includes(extname(fileName)) ? fileName : `${fileName}.ts`;
  const path = resolve(join(dir, name));
  try {
    mkdirSync(resolve(dir), { recursive: true });
    writeFileSync(path, content, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new RetortError("REVISION_EXISTS", `${path} already exists`, {
        hint: "choose another message or revision id; retort never overwrites a revision file",
        details: { file: path },
      });
    }
    throw new RetortError("IO_FAILED", `could not write ${path}: ${(error as Error).message}`, {
      hint: "check that the versions folder is writable",
      cause: error,
    });
  }
  return path;
};
