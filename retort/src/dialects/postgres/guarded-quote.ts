// The compilers' door to quote.ts: quote.ts signals a bad name with TypeError, and to the
// user that is a bad operation argument (INVALID_OPERATION), whichever compiler met it.
import { RetortError } from "../../errors.js";
import { quoteIdent, quoteQualified, quoteString } from "./quote.js";

export const invalid = (message: string, hint: string): RetortError => new RetortError("INVALID_OPERATION", message, { hint });

const guarded = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TypeError) throw invalid(error.message, "Give every name as a non-empty string without NUL characters.");
    throw error;
  }
};

export const ident = (name: string): string => guarded(() => quoteIdent(name));
export const qualified = (name: string, schema?: string): string => guarded(() => quoteQualified(name, schema));
export const str = (value: string): string => guarded(() => quoteString(value));
