// "Did you mean ...?": the known name closest to a mistyped one by edit distance, so that
// `retort upgrade haed` answers with `head`. Pure: names in, one name or null out.

/**
 * Edit distance counting an insertion, a deletion, a substitution or a swap of two
 * neighbouring characters as one edit ("haed" is one edit from "head"); case-insensitive.
 */
export const editDistance = (a: string, b: string): number => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[x.length]![y.length]!;
};

/**
 * The candidate closest to `typed`, or null when none is close enough to be a typo: at most
 * a third of the typed length (and at least 1) edits away. A candidate longer than `typed`
 * is also compared by its prefix of the same length, so a mistyped partial id ("ae1072")
 * finds the full id it was meant to start ("ae1027a6acf4"), once it is as long as a partial
 * id may be (shorter, every prefix is a near miss). Ties go to the earlier candidate.
 */
const MIN_PREFIX = 4;

export const closest = (typed: string, candidates: Iterable<string>): string | null => {
  if (typed === "") return null;
  const limit = Math.max(1, Math.floor(typed.length / 3));
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === typed) continue;
    const whole = editDistance(typed, candidate);
    const prefix = typed.length >= MIN_PREFIX && candidate.length > typed.length ? editDistance(typed, candidate.slice(0, typed.length)) : whole;
    const distance = Math.min(whole, prefix);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
};
