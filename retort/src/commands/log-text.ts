// The words for the applied-migration log that both a command's error and the CLI's
// output use. Imports nothing, so the CLI can hold it without loading database code.

/** A timestamp as the log prints it: "2026-12-01 13:45:12 UTC". */
export const when = (date: Date): string => date.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");

export const editedLine = (edit: { readonly revision: string; readonly path: string; readonly ranAt: Date }): string =>
  `migration ${edit.revision} (${edit.path}) was edited after it ran on ${when(edit.ranAt)}`;
