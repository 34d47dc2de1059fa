// Splits a text training item into passages the reply engine can rank and cite. A passage
// is a paragraph, or a run of its sentences, of at most CHUNK_CHARS characters: short
// enough that a question's words found in it are about one thing, long enough to answer.
export const CHUNK_CHARS = 600;
// A paragraph this short (a heading, a label) is kept with the one after it (or, last in
// the text, with the one before).
const SHORT_PARAGRAPH = 40;

const words = (text: string, max: number): string[] => {
  const pieces: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    // A single "word" longer than a chunk (a URL, a hash) is cut where it must be.
    for (let rest = word; rest !== ""; rest = rest.slice(max)) {
      const part = rest.slice(0, max);
      if (current !== "" && current.length + 1 + part.length > max) {
        pieces.push(current);
        current = part;
      } else current = current === "" ? part : `${current} ${part}`;
    }
  }
  if (current !== "") pieces.push(current);
  return pieces;
};

const sentences = (paragraph: string, max: number): string[] => {
  const units = paragraph.split(/(?<=[.!?])\s+/).flatMap((sentence) => (sentence.length > max ? words(sentence, max) : [sentence]));
  const chunks: string[] = [];
  let current = "";
  for (const unit of units) {
    if (current !== "" && current.length + 1 + unit.length > max) {
      chunks.push(current);
      current = unit;
    } else current = current === "" ? unit : `${current} ${unit}`;
  }
  if (current !== "") chunks.push(current);
  return chunks;
};

/** The passages of a text, in order; none for blank text. */
export const chunkText = (text: string, max = CHUNK_CHARS): string[] => {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p !== "");
  const merged: string[] = [];
  let pending = "";
  for (const paragraph of paragraphs) {
    const joined = pending === "" ? paragraph : `${pending} ${paragraph}`;
    if (paragraph.length < SHORT_PARAGRAPH && joined.length < max) pending = joined;
    else {
      merged.push(joined);
      pending = "";
    }
  }
  // A short last paragraph (a closing line) joins the one before it when it fits.
  const last = merged.at(-1);
  if (pending !== "" && last !== undefined && last.length + 1 + pending.length <= max) merged[merged.length - 1] = `${last} ${pending}`;
  else if (pending !== "") merged.push(pending);
  return merged.flatMap((paragraph) => (paragraph.length > max ? sentences(paragraph, max) : [paragraph]));
};
