// Database URLs: which driver a URL selects, and the masked form that is the only way a URL
// is ever shown. A password must never reach output, errors or logs, so masking is textual
// and tolerant: it works on URLs that the URL parser rejects.
import { isAbsolute, resolve } from "node:path";
import { RetortError } from "../errors.js";

export type DatabaseTarget =
  | { readonly kind: "postgres"; readonly url: string; readonly display: string }
  /** MySQL or MariaDB (mysql:// or mariadb://), through mysql2. */
  | { readonly kind: "mysql"; readonly url: string; readonly display: string }
  | {
      readonly kind: "pglite";
      readonly dataDir: string | null;
      readonly display: string;
      /** Contrib extensions to load with the instance (the config's pgliteExtensions). */
      readonly extensions?: readonly string[];
    }
  /** A SQLite database file (null: in memory, gone when the connection closes). */
  | { readonly kind: "sqlite"; readonly file: string | null; readonly display: string };

const ACCEPTED =
  "use postgresql://user:password@host:5432/database (special characters in the user name or password percent-encoded: @ as %40, : as %3A, / as %2F, % as %25), pglite://memory, pglite://./relative/dir, pglite:///absolute/dir, sqlite:///absolute/file.db, sqlite://./relative.db, sqlite://memory, or mysql://user:password@host:3306/database (mariadb:// alike)";

/** The URL with its password (userinfo or `password=` parameter) replaced by `***`. */
export const maskUrl = (raw: string): string => {
  const text = String(raw);
  const schemeEnd = text.indexOf("://");
  if (schemeEnd < 0) return maskQueryPassword(text);
  const head = text.slice(0, schemeEnd + 3);
  const rest = text.slice(schemeEnd + 3);
  // The userinfo ends at the last "@" before the query; if the password itself holds an
  // unencoded "?" or "#" there is no "@" before it, so fall back to the last "@" anywhere.
  // Over-masking a query is acceptable; leaking a password is not.
  const queryStart = rest.search(/[?#]/);
  const authorityPart = queryStart < 0 ? rest : rest.slice(0, queryStart);
  let at = authorityPart.lastIndexOf("@");
  if (at < 0) at = rest.lastIndexOf("@");
  if (at < 0) return head + maskQueryPassword(rest);
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(":");
  const maskedUserinfo = colon < 0 ? userinfo : `${userinfo.slice(0, colon)}:***`;
  return head + maskedUserinfo + maskQueryPassword(rest.slice(at));
};

const maskQueryPassword = (text: string): string => text.replace(/([?&;]password=)[^&#]*/gi, "$1***");

export const parseDatabaseUrl = (raw: string, cwd: string): DatabaseTarget => {
  const text = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") return parsePostgres(text);
  if (scheme === "pglite") return parsePglite(text, cwd);
  if (scheme === "sqlite") return parseSqlite(text, cwd);
  if (scheme === "mysql" || scheme === "mariadb") return parseMysql(text);
  const what =
    text === ""
      ? "the database URL is empty"
      : scheme === undefined
        ? `"${maskUrl(text)}" is not a database URL`
        : `unsupported database URL scheme "${scheme}://" in ${maskUrl(text)}`;
  throw new RetortError("BAD_URL", what, { hint: ACCEPTED });
};

const badPostgres = (text: string, problem: string): RetortError =>
  new RetortError("BAD_URL", `invalid PostgreSQL URL ${maskUrl(text)}: ${problem}`, { hint: ACCEPTED });

const parsePostgres = (text: string): DatabaseTarget => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    const authority = text.slice(text.indexOf("://") + 3).split(/[?#]/)[0] ?? "";
    const hostPort = authority.slice(authority.lastIndexOf("@") + 1).split("/")[0] ?? "";
    const port = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(hostPort)?.[1];
    // The port text is not echoed: in "user:secret/db" (a forgotten "@") it is the password.
    if (port !== undefined && !/^\d{0,5}$/.test(port)) throw badPostgres(text, "the port after the host is not a number");
    throw badPostgres(text, "it is not a well-formed URL (is a character in the password not percent-encoded?)");
  }
  // An unencoded "/" in a password ends the host early and leaves "@host" in the path.
  if (url.pathname.includes("@")) {
    throw badPostgres(text, 'an "@" follows the host; percent-encode special characters in the user name and password');
  }
  for (const [part, value] of [
    ["user name", url.username],
    ["password", url.password],
    ["database name", url.pathname.slice(1)],
  ] as const) {
    try {
      decodeURIComponent(value);
    } catch {
      throw badPostgres(text, `the ${part} has an invalid percent-encoding ("%" must be written %25)`);
    }
  }
  if (url.pathname.slice(1).includes("/")) {
    throw badPostgres(text, `the path "${url.pathname}" names more than one database`);
  }
  if (url.hash !== "") throw badPostgres(text, 'a URL fragment ("#...") is not allowed');
  return { kind: "postgres", url: text, display: maskUrl(text) };
};

const parsePglite = (text: string, cwd: string): DatabaseTarget => {
  const location = text.slice("pglite://".length);
  if (location === "memory") return { kind: "pglite", dataDir: null, display: "pglite://memory" };
  if (location === "" || /[?#]/.test(location)) {
    throw new RetortError(
      "BAD_URL",
      location === ""
        ? `invalid PGlite URL ${text}: no data directory is given`
        : `invalid PGlite URL ${text}: query strings and fragments are not supported`,
      { hint: ACCEPTED },
    );
  }
  const dataDir = isAbsolute(location) ? resolve(location) : resolve(cwd, location);
  return { kind: "pglite", dataDir, display: `pglite://${dataDir}` };
};

// sqlite:///abs/file.db (three slashes: the path is absolute), sqlite://./rel.db (from
// the working directory), sqlite://memory. No query string: options are retort's own.
const parseSqlite = (text: string, cwd: string): DatabaseTarget => {
  const location = text.slice("sqlite://".length);
  if (location === "memory" || location === ":memory:") return { kind: "sqlite", file: null, display: "sqlite://memory" };
  const problem =
    location === ""
      ? "no database file is given"
      : /[?#]/.test(location)
        ? "query strings and fragments are not supported"
        : location.endsWith("/")
          ? "the path names a directory, not a database file"
          : undefined;
  if (problem !== undefined) throw new RetortError("BAD_URL", `invalid SQLite URL ${text}: ${problem}`, { hint: ACCEPTED });
  const file = isAbsolute(location) ? resolve(location) : resolve(cwd, location);
  return { kind: "sqlite", file, display: `sqlite://${file}` };
};

/** Host, port and database of a PostgreSQL URL as pg would use them, for messages. */
export const describePostgresUrl = (raw: string): { host: string; port: string; database: string; password: string } => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { host: "localhost", port: "5432", database: "", password: "" };
  }
  const param = (name: string): string | null => url.searchParams.get(name);
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const user = decode(url.username) || param("user") || process.env.PGUSER || process.env.USER || "";
  return {
    host: (url.hostname ? decode(url.hostname) : null) ?? param("host") ?? process.env.PGHOST ?? "localhost",
    port: url.port || param("port") || process.env.PGPORT || "5432",
    database: decode(url.pathname.slice(1)) || param("dbname") || process.env.PGDATABASE || user,
    password: decode(url.password) || param("password") || "",
  };
};

/**
 * The same server and credentials, another database: for the throwaway database a shadow
 * replay creates beside the one the URL names. The name is retort's own (letters, digits, _).
 */
export const withDatabase = (target: Extract<DatabaseTarget, { kind: "postgres" | "mysql" }>, database: string): DatabaseTarget => {
  const url = new URL(target.url);
  url.pathname = `/${encodeURIComponent(database)}`;
  url.searchParams.delete("dbname");
  const text = url.toString();
  return { kind: target.kind, url: text, display: maskUrl(text) };
};

const parseMysql = (text: string): DatabaseTarget => {
  const bad = (problem: string): RetortError =>
    new RetortError("BAD_URL", `invalid MySQL URL ${maskUrl(text)}: ${problem}`, { hint: ACCEPTED });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad("it is not a well-formed URL (is a character in the password not percent-encoded?)");
  }
  if (url.pathname.includes("@")) throw bad('an "@" follows the host; percent-encode special characters in the user name and password');
  for (const [part, value] of [
    ["user name", url.username],
    ["password", url.password],
    ["database name", url.pathname.slice(1)],
  ] as const) {
    try {
      decodeURIComponent(value);
    } catch {
      throw bad(`the ${part} has an invalid percent-encoding ("%" must be written %25)`);
    }
  }
  if (url.pathname.slice(1) === "") throw bad("no database is named; add it as the path (mysql://user@host:3306/database)");
  if (url.pathname.slice(1).includes("/")) throw bad(`the path "${url.pathname}" names more than one database`);
  if (url.hash !== "") throw bad('a URL fragment ("#...") is not allowed');
  return { kind: "mysql", url: text, display: maskUrl(text) };
};

/** Host, port, user, password and database of a MySQL URL, decoded, for the driver and messages. */
export const describeMysqlUrl = (raw: string): { host: string; port: string; user: string; password: string; database: string } => {
  const url = new URL(raw);
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  return {
    host: url.hostname === "" ? "localhost" : decode(url.hostname).replace(/^\[(.*)\]$/, "$1"),
    port: url.port || "3306",
    user: decode(url.username) || "root",
    password: decode(url.password),
    database: decode(url.pathname.slice(1)),
  };
};
