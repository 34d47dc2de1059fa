// Keyset pagination. A cursor is the sort key of the last row served, opaque to clients
// (base64url JSON). Timestamps travel as text with microseconds, read by PostgreSQL
// itself: a JS Date keeps only milliseconds, and a cursor that rounded would skip or
// repeat rows sharing a millisecond.
import { sql, type RawBuilder } from "kysely";
import { ApiError } from "../http-errors.js";
import { DEFAULT_LIMIT } from "./schemas.js";

export interface PageParams {
  readonly limit?: string | undefined;
  readonly cursor?: string | undefined;
}

/** The position after which a time-ordered page starts: (created_at, id). */
export interface TimeCursor {
  readonly at: string;
  readonly id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SERIAL = /^[1-9][0-9]{0,18}$/;

const invalidCursor = () =>
  new ApiError(400, "INVALID_CURSOR", "the cursor is not one this list issued; start again from the first page without it");

const decode = (raw: string): unknown[] => {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (Array.isArray(value)) return value;
  } catch {
    // Falls through to the one answer for any cursor that was not ours.
  }
  throw invalidCursor();
};

const encode = (values: readonly string[]): string => Buffer.from(JSON.stringify(values)).toString("base64url");

export const pageLimit = (query: PageParams): number => Number(query.limit ?? DEFAULT_LIMIT);

export const timeCursor = (query: PageParams): TimeCursor | undefined => {
  if (query.cursor === undefined) return undefined;
  const [at, id, ...rest] = decode(query.cursor);
  if (typeof at !== "string" || typeof id !== "string" || rest.length > 0 || !TIMESTAMP.test(at) || !UUID.test(id)) throw invalidCursor();
  return { at, id };
};

export const serialCursor = (query: PageParams): string | undefined => {
  if (query.cursor === undefined) return undefined;
  const [id, ...rest] = decode(query.cursor);
  if (typeof id !== "string" || rest.length > 0 || !SERIAL.test(id)) throw invalidCursor();
  return id;
};

/** Select this as `cursor_at` beside the row: created_at at full precision, in UTC. */
export const createdAtKey = sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Rows strictly after the cursor in (created_at, id) order, ascending or descending. */
export const afterTime = (cursor: TimeCursor, order: "asc" | "desc"): RawBuilder<boolean> =>
  sql<boolean>`(created_at, id) ${sql.raw(order === "asc" ? ">" : "<")} (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;

/** Query limit + 1 rows; the extra one only says whether a next page exists. */
export const timePage = <R extends { id: string; cursor_at: string }, T>(rows: readonly R[], limit: number, present: (row: R) => T) => {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(present),
    limit,
    next_cursor: rows.length > limit && last ? encode([last.cursor_at, last.id]) : null,
  };
};

export const serialPage = <R extends { id: string | number | bigint }, T>(rows: readonly R[], limit: number, present: (row: R) => T) => {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(present), limit, next_cursor: rows.length > limit && last ? encode([String(last.id)]) : null };
};
