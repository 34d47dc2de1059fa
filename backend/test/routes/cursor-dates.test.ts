// A time cursor names a real instant: the calendar, leap years included, decides.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isRealTimestamp } from "../../app/routes/pagination.js";

test("real instants pass; impossible dates and times do not", () => {
  const real = ["2026-02-28T23:59:59.999999Z", "2024-02-29T00:00:00.000000Z", "2000-02-29T12:00:00.000000Z", "0001-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z"];
  const impossible = [
    "2026-02-29T00:00:00.000000Z",
    "1900-02-29T00:00:00.000000Z",
    "2026-02-30T00:00:00.000000Z",
    "2026-04-31T00:00:00.000000Z",
    "0000-01-01T00:00:00.000000Z",
    "9999-99-99T00:00:00.000000Z",
    "2026-00-10T00:00:00.000000Z",
    "2026-01-00T00:00:00.000000Z",
    "2026-01-01T24:00:00.000000Z",
    "2026-01-01T00:60:00.000000Z",
    "2026-01-01T00:00:60.000000Z",
    "2026-01-01T00:00:00.000Z",
    "2026-01-01 00:00:00.000000Z",
  ];
  for (const text of real) assert.equal(isRealTimestamp(text), true, text);
  for (const text of impossible) assert.equal(isRealTimestamp(text), false, text);
});
