// Durations as users write them ("500ms", "2s", "1.5min", "1h"), shared by the config, the
// migration headers and CLI flags so that every place accepts the same spellings.

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 };

/** Milliseconds, or null when `text` is not a duration such as "2s". */
export const parseDuration = (text: string): number | null => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h)\s*$/.exec(text);
  if (match === null) return null;
  const ms = Number(match[1]) * (UNITS[match[2] as string] as number);
  return Number.isFinite(ms) ? Math.round(ms) : null;
};

export const DURATION_HINT = 'a duration such as "500ms", "2s", "1min" or "1h"';
