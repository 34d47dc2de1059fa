// A migration file's checksum, the fingerprint the applied-migration log keeps so that an
// edit after the file ran can be told: SHA-256 of the source with line endings normalised,
// so a checkout with CRLF (git's autocrlf on Windows) reads as the same file.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { RetortError } from "../errors.js";

/** Hex SHA-256 of `source` after CRLF and lone CR became LF. */
export const sourceChecksum = (source: string): string =>
  createHash("sha256").update(source.replace(/\r\n?/g, "\n"), "utf8").digest("hex");

export const fileChecksum = async (path: string): Promise<string> => {
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (error) {
    throw new RetortError("IO_FAILED", `cannot read ${path}: ${(error as Error).message}`, {
      hint: "check that the migration file exists and is readable",
      details: { file: path },
    });
  }
  return sourceChecksum(source);
};
