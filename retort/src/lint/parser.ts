// The one door to PostgreSQL's own parser (libpg_query compiled to WebAssembly, from the
// `libpg-query` package): loaded once per process, only when something is linted, so no
// other command pays for it. A statement the parser refuses is returned as an error for
// the caller to report, never thrown.
import type { Node, RawStmt } from "libpg-query";

type Parser = typeof import("libpg-query");

let parser: Promise<Parser> | undefined;
let ready: Parser | undefined;

/** Loads the parser; every other function here needs it loaded first. */
export const loadParser = async (): Promise<void> => {
  parser ??= (async () => {
    const module = await import("libpg-query");
    await module.loadModule();
    return module;
  })();
  ready = await parser;
};

const loaded = (): Parser => {
  if (ready === undefined) throw new Error("internal error: the SQL parser is used before loadParser()");
  return ready;
};

export interface ParsedStatement {
  readonly node: Node;
  /** The statement's own text, trimmed. */
  readonly text: string;
}

export type ParseOutcome =
  | { readonly ok: true; readonly statements: readonly ParsedStatement[] }
  | { readonly ok: false; readonly message: string };

const statementText = (sql: string, raw: RawStmt): string => {
  const start = raw.stmt_location ?? 0;
  const end = raw.stmt_len === undefined || raw.stmt_len === 0 ? sql.length : start + raw.stmt_len;
  return sql.slice(start, end).trim();
};

export const parseSql = (sql: string): ParseOutcome => {
  try {
    const result = loaded().parseSync(sql);
    const statements = (result.stmts ?? []).flatMap((raw) => (raw.stmt === undefined ? [] : [{ node: raw.stmt, text: statementText(sql, raw) }]));
    return { ok: true, statements };
  } catch (error) {
    const details = (error as { sqlDetails?: { message: string; cursorPosition: number } }).sqlDetails;
    const message = details === undefined ? String((error as Error).message ?? error) : details.message;
    const near = details === undefined ? "" : ` at character ${details.cursorPosition + 1}`;
    return { ok: false, message: `${message}${near}` };
  }
};

const WORDS = /[\p{L}\p{N}_$]{64,}/u;
const longWord = (sql: string): boolean =>
  // Multi-byte letters reach 64 bytes in fewer characters.
  /[^\x00-\x7f]/.test(sql) && (sql.match(/[\p{L}\p{N}_$]{16,}/gu) ?? []).some((word) => Buffer.byteLength(word, "utf8") > 63);

/**
 * Identifiers as written, before the parser truncates them to 63 bytes: the only way to see
 * that a name will not be the one the author typed.
 */
export const writtenIdentifiers = (sql: string): string[] => {
  // Scanning costs as much as parsing: skip it when no word could be over the limit.
  if (!sql.includes('"') && !WORDS.test(sql) && !longWord(sql)) return [];
  try {
    return loaded()
      .scanSync(sql)
      .tokens.filter((token) => token.tokenName === "IDENT")
      .map((token) => (token.text.startsWith('"') ? token.text.slice(1, -1).replace(/""/g, '"') : token.text.toLowerCase()));
  } catch {
    // The scanner refuses only what the parser refuses too, and that is reported there.
    return [];
  }
};
