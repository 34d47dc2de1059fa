// Client input the database would choke on, refused before any handler runs, as a 400 in
// the one error shape: a body that is not UTF-8, JSON nested past a fixed depth (deep nesting overflows the stack of
// every recursive walker after the parser), NUL characters (PostgreSQL text and jsonb
// cannot hold U+0000) and unpaired UTF-16 surrogates (the drivers would store U+FFFD in
// their place, silently changing the text), in any string of the body, the query string
// or the path, object keys included.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError, type ErrorDetail } from "./http-errors.js";

export const MAX_JSON_DEPTH = 32;

/** Deepest nesting of arrays and objects in JSON text, without parsing it. */
export const jsonDepth = (text: string): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
};

// Without the u flag a regular expression sees UTF-16 code units, surrogate halves included.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const problemIn = (text: string): string | undefined => {
  if (text.includes("\u0000")) return "must not contain NUL (U+0000) characters";
  if (LONE_SURROGATE.test(text)) return "must not contain unpaired UTF-16 surrogates";
  return undefined;
};

const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** The first string (or key) under `value` that the database cannot store as sent. */
const findBadText = (value: unknown, path: string): Omit<ErrorDetail, "location"> | undefined => {
  if (typeof value === "string") {
    const message = problemIn(value);
    return message === undefined ? undefined : { path, message };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], `${path}/${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = problemIn(key);
      if (keyProblem !== undefined) return { path: `${path}/${escapePointer(key.replace(/[^\x20-\x7e]/g, "?"))}`, message: `a key ${keyProblem}` };
      const found = findBadText(item, `${path}/${escapePointer(key)}`);
      if (found) return found;
    }
  }
  return undefined;
};

const refuse = (location: string, found: Omit<ErrorDetail, "location">) =>
  new ApiError(400, "VALIDATION_FAILED", `${location}${found.path} ${found.message}`, [{ location, ...found }]);

export const installInputGuards = (app: FastifyInstance): void => {
  const parse = app.getDefaultJsonParser("error", "error");
  // Bytes that are not UTF-8 would otherwise be decoded to U+FFFD without a word.
  const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new ApiError(400, "INVALID_JSON", "the body is not valid UTF-8"), undefined);
      return;
    }
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      done(new ApiError(400, "JSON_TOO_DEEP", `the JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`), undefined);
      return;
    }
    parse(request, text, done);
  });
  app.addHook("preValidation", async (request: FastifyRequest) => {
    const parts: [string, unknown][] = [
      ["params", request.params],
      ["querystring", request.query],
      ["body", request.body],
    ];
    for (const [location, value] of parts) {
      const found = findBadText(value, "");
      if (found) throw refuse(location, found);
    }
  });
};
