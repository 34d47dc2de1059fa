// Keyset pagination over (created_at, id), the one helper behind every time-ordered list.
// The cursor is the sort key of the last row served; its timestamp travels as text with
// microseconds, read by PostgreSQL itself (a JS Date keeps only milliseconds, and a cursor
// that rounded would skip or repeat rows sharing a millisecond).
import { sql, type SelectQueryBuilder } from "kysely";
import type { DB } from "../models/index.js";

/** The position after which a time-ordered page starts. */
export interface TimeCursor {
  /** created_at as YYYY-MM-DDTHH:MM:SS.ffffffZ */
  readonly at: string;
  readonly id: string;
}

export interface TimeWindow {
  readonly limit: number;
  readonly after: TimeCursor | undefined;
}

export type Order = "asc" | "desc";

/** created_at at full precision, in UTC: what a cursor carries. */
const createdAtKey = sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The page after `window.after` in (created_at, id) order, plus one row that only tells
 * whether another page follows; each row carries its cursor as `cursor_at`.
 */
export const orderedByTime = <TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, order: Order, window: TimeWindow) => {
  let paged = query.select(createdAtKey.as("cursor_at"));
  const after = window.after;
  if (after) {
    paged = paged.where(sql<boolean>`(created_at, id) ${sql.raw(order === "asc" ? ">" : "<")} (${after.at}::timestamptz, ${after.id}::uuid)`);
  }
  return paged.orderBy(sql.ref("created_at"), order).orderBy(sql.ref("id"), order).limit(window.limit + 1);
};
