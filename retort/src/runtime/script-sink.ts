// The sink that writes an SQL script (offline mode): each statement with its parameters
// written in as literals and one terminating semicolon, groups separated by a blank line.
import type { Dialect, DialectCompiler, VersionTableLocation } from "../dialects/index.js";
import type { Statement } from "../ops/types.js";
import type { MigrationTarget, StatementSink } from "./sink.js";

export interface ScriptSink extends StatementSink {
  readonly kind: "script";
  /** The script so far; every group ends with a newline. */
  text(): string;
}

const terminated = (sql: string): string => `${sql.trimEnd().replace(/;+$/, "")};`;

export const scriptSink = (compiler: Pick<DialectCompiler, "inline" | "transaction">): ScriptSink => {
  const lines: string[] = [];
  const add = (statement: Statement): void => {
    lines.push(terminated(compiler.inline(statement)));
  };
  const line = (sql: string): Promise<void> => {
    lines.push(terminated(sql));
    return Promise.resolve();
  };
  return {
    kind: "script",
    batches: false,
    execute: async (statement) => add(statement),
    write: async (statement) => {
      add(statement);
      return null;
    },
    begin: () => line(compiler.transaction.begin),
    commit: () => line(compiler.transaction.commit),
    rollback: () => line(compiler.transaction.rollback),
    comment: (text) => {
      lines.push(`-- ${text}`);
    },
    endSection: () => {
      lines.push("");
    },
    text: () => lines.join("\n"),
  };
};

/** An offline run's target: a fresh script for `dialect`. */
export const offlineTarget = (
  dialect: Dialect,
  versionTable: VersionTableLocation,
  logTable?: VersionTableLocation,
): MigrationTarget & { readonly sink: ScriptSink } => ({
  sink: scriptSink(dialect.compiler),
  dialect,
  versionTable,
  ...(logTable === undefined ? {} : { logTable }),
});
