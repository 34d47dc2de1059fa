// Applying operations in tests goes through the dialect's own compiler, as the runtime
// does, so that no test builds SQL text by hand.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Connection } from "../../../src/drivers/types.js";
import type { Op } from "../../../src/ops/types.js";
import { compileOp } from "../../../src/dialects/postgres/compile.js";
import { postgresCapabilities } from "../../../src/dialects/postgres/capabilities.js";
import type { PulledFile } from "../../../src/autogen/render-models.js";

export const applyOps = async (conn: Connection, ops: readonly Op[]): Promise<void> => {
  for (const op of ops) for (const statement of compileOp(op, { capabilities: postgresCapabilities(conn.kind) })) await conn.query(statement.sql, statement.params);
};

/** The DSL module the pulled files import, in place of the package name. */
export const DSL_MODULE = new URL("../../../src/index.ts", import.meta.url).pathname;

/** Writes pulled model files to a temporary directory and imports their index.ts. */
export const loadPulled = async (files: readonly PulledFile[]): Promise<Record<string, unknown>> => {
  const dir = mkdtempSync(join(tmpdir(), "retort-pull-"));
  try {
    for (const file of files) writeFileSync(join(dir, file.path), file.text);
    return (await import(pathToFileURL(join(dir, "index.ts")).href)) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
