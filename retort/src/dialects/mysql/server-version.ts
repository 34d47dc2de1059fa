// Which MySQL-protocol servers the dialect speaks for. It reads MariaDB's catalog shapes
// (CHECK_CONSTRAINTS.TABLE_NAME, quoted COLUMN_DEFAULT) and writes MariaDB's statements
// (RENAME COLUMN from 10.5, DROP INDEX IF EXISTS, max_statement_time); on Oracle MySQL 8
// those differ, so a session there is refused up front instead of half-working.
import { RetortError } from "../../errors.js";

/** The refusal for a server `SELECT VERSION()` describes, or undefined when it is supported. */
export const unsupportedServer = (version: string): RetortError | undefined => {
  // Some MariaDB builds prefix their version with "5.5.5-" for old replication clients.
  const mariadb = /^(?:5\.5\.5-)?(\d+)\.(\d+)\.\d+.*mariadb/i.exec(version);
  if (mariadb === null)
    return new RetortError("UNSUPPORTED_OPERATION", `the server at this URL is MySQL ${version.split("-")[0]}, and retort's mysql:// dialect speaks for MariaDB only so far`, {
      hint: "use MariaDB 10.5 or later; Oracle MySQL 8 reads its catalog differently and is not supported yet",
    });
  const [major, minor] = [Number(mariadb[1]), Number(mariadb[2])];
  if (major < 10 || (major === 10 && minor < 5))
    return new RetortError("UNSUPPORTED_OPERATION", `the server is MariaDB ${major}.${minor}, older than 10.5`, {
      hint: "retort needs MariaDB 10.5 or later (ALTER TABLE ... RENAME COLUMN, CHECK constraints in information_schema)",
    });
  return undefined;
};
