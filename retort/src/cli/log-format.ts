// The text `retort log` prints: one line per row, newest first, in four columns (when,
// who, what, how long), aligned as `docker ps` aligns its table.
import type { LogResult } from "../commands/log.js";
import { when } from "../commands/log-text.js";
import { formatElapsed } from "./progress.js";

type Row = LogResult["entries"][number];

const heads = (ids: readonly string[]): string => (ids.length === 0 ? "<base>" : ids.join(", "));

const what = (row: Row): string =>
  row.direction === "accept"
    ? `accept ${row.revision} (checksum ${row.checksum?.slice(0, 12) ?? "none"})`
    : `${row.direction} ${heads(row.headsBefore)} -> ${heads(row.headsAfter)}`;

const who = (row: Row): string => {
  const client = row.osUser === null ? (row.host ?? "?") : row.host === null ? row.osUser : `${row.osUser}@${row.host}`;
  // SQLite has no users: its rows carry an empty database user, which says nothing.
  return row.databaseUser === "" ? client : `${client} (database user ${row.databaseUser})`;
};

export const logText = (result: LogResult): string[] => {
  const lines: string[] = [];
  if (result.accepted !== undefined) {
    const { revision, path, checksum } = result.accepted;
    lines.push(`Accepted ${revision} (${path}) as it is now: checksum ${checksum.slice(0, 12)} recorded`);
  }
  if (result.entries.length === 0) {
    lines.push(`Nothing logged in ${result.database} (table ${result.table}).`);
    return lines;
  }
  const table = [["WHEN", "WHO", "WHAT", "HOW LONG"], ...result.entries.map((row) => [when(row.finishedAt), who(row), what(row), formatElapsed(row.durationMs)])];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((cells) => (cells[column] as string).length)));
  for (const cells of table) lines.push(cells.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] as number) : cell)).join("  "));
  return lines;
};
