// Naming conventions for constraints and indexes, in the manner of SQLAlchemy's
// naming_convention: every constraint gets a stable name that autogenerate and downgrades
// can refer to. Tokens: %(table)s, %(column_0)s, %(column_0_N)s (all columns joined by
// "_"), %(column_0N)s (joined with nothing), %(referred_table)s, %(referred_column_0)s,
// %(constraint_name)s; SQLAlchemy's "_name" spellings (%(table_name)s, %(column_0_name)s,
// ...) are accepted as the same tokens.
import { RetortError } from "../errors.js";

export type ConstraintKind = "pk" | "fk" | "uq" | "ix" | "ck";

const FINAL = Symbol.for("retort.finalName");

/** A name the naming convention does not touch: conv("usrgrp_users_status_check"). */
export interface FinalName {
  readonly [FINAL]: string;
}

/** A constraint or index name as a model gives it. */
export type ConstraintName = string | FinalName;

/**
 * Marks a name as final, as SQLAlchemy's conv() does: the naming convention does not apply
 * to it. `pull` writes every name it read from a database this way, so that the models
 * name each constraint exactly as the database does.
 */
export const conv = (name: string): FinalName => Object.freeze({ [FINAL]: name });

export const isFinalName = (value: unknown): value is FinalName => typeof value === "object" && value !== null && FINAL in value;

/** The text of a name, final or not (for messages). */
export const nameText = (name: ConstraintName): string => (isFinalName(name) ? name[FINAL] : name);

export interface NameContext {
  readonly kind: ConstraintKind;
  readonly table: string;
  readonly columns: readonly string[];
  readonly referredTable?: string;
  readonly referredColumns?: readonly string[];
  /** The name given in the model, for conventions that embed it (checks, by default). */
  readonly constraintName?: string;
  /** The given name is final (conv()): the convention does not apply. */
  readonly final?: boolean;
}

export type NameTemplate = string | ((context: NameContext) => string);

export type NamingConvention = Partial<Record<ConstraintKind, NameTemplate>>;

export const DEFAULT_NAMING_CONVENTION: Readonly<Record<ConstraintKind, NameTemplate>> = Object.freeze({
  pk: "pk_%(table)s",
  fk: "fk_%(table)s_%(column_0)s_%(referred_table)s",
  uq: "uq_%(table)s_%(column_0)s",
  ix: "ix_%(table)s_%(column_0)s",
  ck: "ck_%(table)s_%(constraint_name)s",
});

/** PostgreSQL truncates longer identifiers silently (NAMEDATALEN - 1 bytes). */
export const MAX_IDENTIFIER_BYTES = 63;

const KIND_WORDS: Record<ConstraintKind, string> = {
  pk: "primary key",
  fk: "foreign key",
  uq: "unique constraint",
  ix: "index",
  ck: "check constraint",
};

const ALIASES: Record<string, string> = {
  table_name: "table",
  column_0_name: "column_0",
  column_0_N_name: "column_0_N",
  column_0N_name: "column_0N",
  referred_table_name: "referred_table",
  referred_column_0_name: "referred_column_0",
  referred_column_0_N_name: "referred_column_0_N",
  referred_column_0N_name: "referred_column_0N",
};

const KNOWN_TOKENS = new Set([
  "table",
  "column_0",
  "column_0_N",
  "column_0N",
  "referred_table",
  "referred_column_0",
  "referred_column_0_N",
  "referred_column_0N",
  "constraint_name",
]);

const tokenValue = (token: string, ctx: NameContext): string | undefined => {
  switch (ALIASES[token] ?? token) {
    case "table":
      return ctx.table;
    case "column_0":
      return ctx.columns[0];
    case "column_0_N":
      return ctx.columns.length > 0 ? ctx.columns.join("_") : undefined;
    case "column_0N":
      return ctx.columns.length > 0 ? ctx.columns.join("") : undefined;
    case "referred_table":
      return ctx.referredTable;
    case "referred_column_0":
      return ctx.referredColumns?.[0];
    case "referred_column_0_N":
      return ctx.referredColumns !== undefined && ctx.referredColumns.length > 0 ? ctx.referredColumns.join("_") : undefined;
    case "referred_column_0N":
      return ctx.referredColumns !== undefined && ctx.referredColumns.length > 0 ? ctx.referredColumns.join("") : undefined;
    case "constraint_name":
      return ctx.constraintName;
    default:
      throw new RetortError("INVALID_SCHEMA", `unknown token %(${token})s in the naming convention`, {
        hint: "Use %(table)s, %(column_0)s, %(column_0_N)s, %(column_0N)s, %(referred_table)s, %(referred_column_0)s or %(constraint_name)s.",
      });
  }
};

const describe = (ctx: NameContext): string =>
  `${KIND_WORDS[ctx.kind]} on table "${ctx.table}"${ctx.columns.length > 0 ? ` (${ctx.columns.join(", ")})` : ""}`;

// FNV-1a, enough to tell two truncated names apart; no cryptography needed.
const shortHash = (text: string): string => {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0").slice(0, 4);
};

// Over-long generated names are cut and given a hash of the full name, so that two long
// names stay distinct and the name PostgreSQL stores is the name the Schema holds.
const fitLength = (name: string): string => {
  if (Buffer.byteLength(name, "utf8") <= MAX_IDENTIFIER_BYTES) return name;
  let cut = name;
  while (Buffer.byteLength(cut, "utf8") > MAX_IDENTIFIER_BYTES - 5) cut = cut.slice(0, -1);
  return `${cut}_${shortHash(name)}`;
};

const tooLong = (name: string, ctx: NameContext) =>
  new RetortError("INVALID_SCHEMA", `the name "${name}" of the ${describe(ctx)} is longer than ${MAX_IDENTIFIER_BYTES} bytes`, {
    hint: "PostgreSQL would truncate it silently; choose a shorter name.",
  });

const MARK = "\u0000";

// A given name that already has the shape the convention would give it
// (check("ck_bots_range") under "ck_%(table)s_%(constraint_name)s") is kept as it is
// rather than prefixed twice, which is what a reader of the model expects.
const alreadyConventional = (template: string, ctx: NameContext): boolean => {
  const given = ctx.constraintName ?? "";
  const tokens = [...template.matchAll(/%\(([A-Za-z0-9_]+)\)s/g)].map((m) => m[1] ?? "");
  // Unknown tokens are reported by the main path.
  if (tokens.some((t) => !KNOWN_TOKENS.has(ALIASES[t] ?? t))) return false;
  const rendered = template.replace(/%\(([A-Za-z0-9_]+)\)s/g, (_m, token: string) =>
    token === "constraint_name" ? MARK : (tokenValue(token, ctx) ?? MARK),
  );
  const parts = rendered.split(MARK);
  if (parts.length !== 2) return false;
  const [prefix = "", suffix = ""] = parts;
  return (
    (prefix.length > 0 || suffix.length > 0) &&
    given.length > prefix.length + suffix.length &&
    given.startsWith(prefix) &&
    given.endsWith(suffix)
  );
};

/**
 * The concrete name of a constraint or index. A name given in the model is kept as it is,
 * unless the convention for its kind embeds %(constraint_name)s (checks, by default) and
 * the name does not already have the convention's shape.
 */
export const constraintName = (convention: NamingConvention, ctx: NameContext): string => {
  const template = convention[ctx.kind] ?? DEFAULT_NAMING_CONVENTION[ctx.kind];
  const embedsName = typeof template === "string" && /%\((constraint_name)\)s/.test(template);
  if (ctx.constraintName !== undefined && (!embedsName || ctx.final === true)) {
    if (Buffer.byteLength(ctx.constraintName, "utf8") > MAX_IDENTIFIER_BYTES) throw tooLong(ctx.constraintName, ctx);
    if (ctx.constraintName.length === 0)
      throw new RetortError("INVALID_SCHEMA", `the ${describe(ctx)} has an empty name`, {
        hint: "Give a non-empty name, or none to use the naming convention.",
      });
    return ctx.constraintName;
  }
  if (typeof template === "function") return fitLength(template(ctx));
  if (ctx.constraintName !== undefined && alreadyConventional(template, ctx)) return ctx.constraintName;
  const name = template.replace(/%\(([A-Za-z0-9_]+)\)s/g, (_match, token: string) => {
    const value = tokenValue(token, ctx);
    if (value === undefined) {
      throw new RetortError(
        "INVALID_SCHEMA",
        `the ${describe(ctx)} has no name, and the naming convention "${template}" needs %(${token})s to make one`,
        {
          hint:
            token === "constraint_name"
              ? 'Give the constraint a name, e.g. check("price_positive", sql`price > 0`).'
              : "Give it an explicit name.",
        },
      );
    }
    return value;
  });
  return fitLength(name);
};
