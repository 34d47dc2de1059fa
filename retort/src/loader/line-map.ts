// Large source maps cut down to one mapping per generated line. Node parses an inline map
// in full when it compiles the module (with source maps enabled), into one array per
// mapping: esbuild maps every token, so a 10,000-table models module carries a 10 MB map
// that cost 150 ms and 90 MB to parse, for stack traces that a models module rarely has.
// One mapping per line keeps every line of a trace exact; only columns then point at the
// start of the line's code.

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((ch, i) => [ch, i]));

/** Maps (their VLQ `mappings` text) at least this long are cut down; smaller ones stay exact. */
export const LINE_MAP_THRESHOLD = 1 << 20;

const decodeSegment = (text: string): number[] => {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of text) {
    const digit = DIGIT.get(ch);
    if (digit === undefined) throw new Error(`not a base64 VLQ digit: ${ch}`);
    value += (digit & 31) << shift;
    if ((digit & 32) !== 0) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
};

const encodeValue = (value: number): string => {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = "";
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
};

/**
 * `mappings` with only the first segment of each generated line that names a source
 * position, names dropped. Source fields are deltas across the whole text, so every
 * segment is decoded to keep the running positions right.
 */
export const firstSegmentPerLine = (mappings: string): string => {
  let source = 0;
  let line = 0;
  let column = 0;
  let writtenSource = 0;
  let writtenLine = 0;
  let writtenColumn = 0;
  const lines = mappings.split(";");
  const out: string[] = [];
  for (const text of lines) {
    let generated = 0;
    let kept = "";
    if (text !== "") {
      for (const segment of text.split(",")) {
        const values = decodeSegment(segment);
        generated += values[0] ?? 0;
        if (values.length < 4) continue;
        source += values[1] as number;
        line += values[2] as number;
        column += values[3] as number;
        if (kept !== "") continue;
        kept = encodeValue(generated) + encodeValue(source - writtenSource) + encodeValue(line - writtenLine) + encodeValue(column - writtenColumn);
        writtenSource = source;
        writtenLine = line;
        writtenColumn = column;
      }
    }
    out.push(kept);
  }
  return out.join(";");
};

const PREFIX = "//# sourceMappingURL=data:application/json;base64,";

/** An inline source-map comment, cut down to a line map when its mappings are large. */
export const lineMapComment = (comment: string): string => {
  const start = comment.indexOf(PREFIX);
  if (start < 0) return comment;
  const encoded = comment.slice(start + PREFIX.length).trim();
  // Base64 is 4/3 of the text: a short comment cannot hold large mappings.
  if ((encoded.length * 3) / 4 < LINE_MAP_THRESHOLD) return comment;
  const map = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as { mappings?: unknown; names?: unknown };
  if (typeof map.mappings !== "string" || map.mappings.length < LINE_MAP_THRESHOLD) return comment;
  const thin = { ...map, names: [], mappings: firstSegmentPerLine(map.mappings) };
  return `${comment.slice(0, start)}${PREFIX}${Buffer.from(JSON.stringify(thin), "utf8").toString("base64")}`;
};
