// Checks a loaded config object key by key, so that a typo ("urll") or a wrong type fails
// loudly at startup instead of being silently ignored.
import { RetortError } from "../errors.js";
import { DURATION_HINT, parseDuration } from "../duration.js";
import type { RetortConfig } from "./define-config.js";

const KEYS = [
  "url",
  "migrations",
  "versionLocations",
  "template",
  "versionTable",
  "versionTableSchema",
  "logTable",
  "editedMigrations",
  "models",
  "exclude",
  "schemas",
  "namingConvention",
  "revisionIdLength",
  "fileTemplate",
  "lint",
  "autogenerate",
  "lockTimeout",
  "lockRetries",
  "statementTimeout",
  "postWrite",
  "pgliteExtensions",
  "tenants",
] as const satisfies readonly (keyof RetortConfig)[];

type Check = (value: unknown) => string | null;

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const nonEmptyString: Check = (v) => (typeof v === "string" && v.trim() !== "" ? null : "must be a non-empty string");
const stringList: Check = (v) =>
  isStringArray(v) && v.every((s) => s.trim() !== "") ? null : "must be an array of non-empty strings";

const duration: Check = (v) => (typeof v === "string" && parseDuration(v) !== null ? null : `must be ${DURATION_HINT}`);

const CHECKS: Record<(typeof KEYS)[number], Check> = {
  url: nonEmptyString,
  migrations: nonEmptyString,
  versionLocations: (v) => (stringList(v) === null && (v as string[]).length > 0 ? null : "must be a non-empty array of folder paths"),
  template: nonEmptyString,
  versionTable: nonEmptyString,
  versionTableSchema: nonEmptyString,
  logTable: (v) => (v === false || nonEmptyString(v) === null ? null : "must be a table name, or false to keep no log"),
  editedMigrations: (v) => (v === "warn" || v === "error" ? null : 'must be "warn" or "error"'),
  models: (v) => (nonEmptyString(v) === null || stringList(v) === null ? null : "must be a module path or an array of them"),
  exclude: (v) => {
    if (!isPlainObject(v)) return "must be an object { tables?, schemas? }";
    const extra = Object.keys(v).filter((k) => k !== "tables" && k !== "schemas");
    if (extra.length > 0) return `has unknown keys ${extra.join(", ")} (expected tables, schemas)`;
    if (v.tables !== undefined && !(Array.isArray(v.tables) && v.tables.every((t) => typeof t === "string" || t instanceof RegExp)))
      return ".tables must be an array of table names and regular expressions";
    if (v.schemas !== undefined && !isStringArray(v.schemas)) return ".schemas must be an array of schema names";
    return null;
  },
  schemas: stringList,
  namingConvention: (v) =>
    isPlainObject(v) && Object.values(v).every((t) => typeof t === "string") ? null : "must be an object of string templates",
  revisionIdLength: (v) =>
    typeof v === "number" && Number.isInteger(v) && v >= 4 && v <= 32 ? null : "must be an integer from 4 to 32",
  postWrite: (v) =>
    Array.isArray(v) && v.every((hook) => stringList(hook) === null && (hook as string[]).length > 0)
      ? null
      : 'must be an array of commands, each an array of strings: [["biome", "format", "--write"]]',
  pgliteExtensions: (v) =>
    isStringArray(v) && v.every((name) => /^[a-z][a-z0-9_]*$/.test(name))
      ? null
      : 'must be an array of PGlite contrib extension names such as ["pg_trgm"]',
  fileTemplate: (v) =>
    typeof v === "string" && v.includes("%(rev)s") ? null : 'must be a string containing "%(rev)s"',
  // Rule ids are checked by `retort lint`, which knows them; here only the shape.
  lint: (v) => {
    if (!isPlainObject(v)) return "must be an object { rules?, largeTableRows? }";
    const extra = Object.keys(v).filter((k) => k !== "rules" && k !== "largeTableRows");
    if (extra.length > 0) return `has unknown keys ${extra.join(", ")} (expected rules, largeTableRows)`;
    if (v.rules !== undefined && !(isPlainObject(v.rules) && Object.values(v.rules).every((l) => l === "off" || l === "warn" || l === "error")))
      return '.rules must map rule ids to "off", "warn" or "error"';
    if (v.largeTableRows !== undefined && !(typeof v.largeTableRows === "number" && Number.isInteger(v.largeTableRows) && v.largeTableRows >= 0))
      return ".largeTableRows must be a whole number of rows";
    return null;
  },
  autogenerate: (v) => {
    if (!isPlainObject(v)) return "must be an object { safe? }";
    const extra = Object.keys(v).filter((k) => k !== "safe");
    if (extra.length > 0) return `has unknown keys ${extra.join(", ")} (expected safe)`;
    if (v.safe !== undefined && typeof v.safe !== "boolean") return ".safe must be true or false";
    return null;
  },
  // The entries are checked when the list is read (config/tenants.ts): a function's list
  // exists only then.
  tenants: (v) =>
    Array.isArray(v) || typeof v === "function" ? null : "must be an array of { name, url?, schema? } or a function returning one",
  lockTimeout: duration,
  lockRetries: (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 100 ? null : "must be an integer from 0 to 100"),
  statementTimeout: duration,
};

const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
};

const suggestion = (key: string): string => {
  const best = KEYS.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d)[0];
  return best !== undefined && best.d <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean ${best.k}?)` : "";
};

const invalid = (file: string, message: string): RetortError =>
  new RetortError("CONFIG_INVALID", `${file}: ${message}`, {
    hint: `the config's default export must be defineConfig({ ... }) with the keys ${KEYS.join(", ")}`,
    details: { file },
  });

/** The config object, checked; throws CONFIG_INVALID naming the file and every problem. */
export const validateConfig = (value: unknown, file: string): RetortConfig => {
  if (!isPlainObject(value)) {
    const got = value === undefined ? "nothing" : value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    throw invalid(file, `the default export must be a config object, got ${got}`);
  }
  const unknown = Object.keys(value).filter((key) => !(KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw invalid(file, `unknown config ${unknown.length === 1 ? "key" : "keys"} ${unknown.map((k) => `"${k}"${suggestion(k)}`).join(", ")}`);
  }
  const problems: string[] = [];
  for (const key of KEYS) {
    if (value[key] === undefined) continue;
    const problem = CHECKS[key](value[key]);
    if (problem !== null) problems.push(`"${key}" ${problem}`);
  }
  if (problems.length > 0) throw invalid(file, problems.join("; "));
  return value as RetortConfig;
};
