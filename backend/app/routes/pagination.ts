// What a list request and response carry: limit and an opaque cursor in, a page with
// next_cursor out. A cursor is base64url JSON of the last row's sort key (see
// repositories/keyset.ts); anything that is not one this API issued is INVALID_CURSOR.
import { ApiError } from "../http-errors.js";
import type { TimeCursor, TimeWindow } from "../repositories/keyset.js";
import { DEFAULT_LIMIT } from "./schemas.js";

export interface PageParams {
  readonly limit?: string | undefined;
  readonly cursor?: string | undefined;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
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

/** A calendar instant PostgreSQL accepts: year 1 or later, a real day of a real month. */
export const isRealTimestamp = (text: string): boolean => {
  const parts = TIMESTAMP.exec(text);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  // Day 0 of the next month is the last day of this one, leap years included.
  const last = new Date(Date.UTC(2000, month, 0));
  last.setUTCFullYear(year, month, 0);
  return day >= 1 && day <= last.getUTCDate();
};

const limitOf = (query: PageParams): number => Number(query.limit ?? DEFAULT_LIMIT);

export const timeWindow = (query: PageParams): TimeWindow => {
  const limit = limitOf(query);
  if (query.cursor === undefined) return { limit, after: undefined };
  const [at, id, ...rest] = decode(query.cursor);
  if (typeof at !== "string" || typeof id !== "string" || rest.length > 0 || !isRealTimestamp(at) || !UUID.test(id)) throw invalidCursor();
  const after: TimeCursor = { at, id };
  return { limit, after };
};

export const serialWindow = (query: PageParams): { limit: number; after: string | undefined } => {
  const limit = limitOf(query);
  if (query.cursor === undefined) return { limit, after: undefined };
  const [id, ...rest] = decode(query.cursor);
  if (typeof id !== "string" || rest.length > 0 || !SERIAL.test(id)) throw invalidCursor();
  return { limit, after: id };
};

/** Rows came as limit + 1; the extra one only says whether a next page exists. */
export const timePage = <R extends { id: string; cursor_at: string }, T>(rows: readonly R[], limit: number, present: (row: R) => T) => {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(present), limit, next_cursor: rows.length > limit && last ? encode([last.cursor_at, last.id]) : null };
};

export const serialPage = <R extends { id: string | number | bigint }, T>(rows: readonly R[], limit: number, present: (row: R) => T) => {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(present), limit, next_cursor: rows.length > limit && last ? encode([String(last.id)]) : null };
};
