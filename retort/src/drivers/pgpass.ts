// The password for a connection from the libpq password file (~/.pgpass, or $PGPASSFILE),
// read by retort itself: pg's own reading prints a deprecation warning on the user's
// terminal. Lines are host:port:database:user:password, `*` matching anything, `\:` and
// `\\` escaping. As libpq does, a file others can read is ignored.
import { readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export interface PgpassQuery {
  readonly host: string;
  readonly port: string;
  readonly database: string;
  readonly user: string;
}

export const pgpassPath = (env: NodeJS.ProcessEnv): string =>
  env.PGPASSFILE !== undefined && env.PGPASSFILE !== "" ? env.PGPASSFILE : join(env.HOME ?? homedir(), ".pgpass");

/** The fields of one line, unescaped; null for comments, blanks and malformed lines. */
export const parsePgpassLine = (line: string): string[] | null => {
  if (line.trim() === "" || line.startsWith("#")) return null;
  const fields: string[] = [];
  let field = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\" && i + 1 < line.length) field += line[++i];
    else if (c === ":" && fields.length < 4) {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields.length === 5 ? fields : null;
};

/** The first matching line's password, as libpq picks it; undefined when none matches. */
export const pgpassLookup = (text: string, query: PgpassQuery): string | undefined => {
  // libpq matches a socket connection as host "localhost".
  const host = query.host.startsWith("/") ? "localhost" : query.host;
  const wanted = [host, query.port, query.database, query.user];
  for (const line of text.split(/\r?\n/)) {
    const fields = parsePgpassLine(line);
    if (fields === null) continue;
    if (wanted.every((value, i) => fields[i] === "*" || fields[i] === value)) return fields[4];
  }
  return undefined;
};

export const readPgpass = async (query: PgpassQuery, env: NodeJS.ProcessEnv): Promise<string | undefined> => {
  const path = pgpassPath(env);
  try {
    const info = await stat(path);
    if (!info.isFile() || (process.platform !== "win32" && (info.mode & 0o077) !== 0)) return undefined;
    return pgpassLookup(await readFile(path, "utf8"), query);
  } catch {
    return undefined;
  }
};
