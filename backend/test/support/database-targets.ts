// The two databases every database test runs on: a fresh PGlite directory, and a temporary
// PostgreSQL database (skipped loudly without a server, as postgresSkip() says).
import { createTempDatabase, postgresSkip } from "../../../retort/test/support/postgres.js";
import { freshPglite } from "./pglite.js";

export interface DatabaseTarget {
  readonly label: string;
  readonly skip: string | false;
  readonly provision: () => Promise<{ url: string; cleanup: () => Promise<void> }>;
}

export const databaseTargets = async (prefix: string): Promise<DatabaseTarget[]> => [
  { label: "PGlite", skip: false, provision: freshPglite },
  {
    label: "PostgreSQL",
    skip: await postgresSkip(),
    provision: async () => {
      const db = await createTempDatabase(prefix);
      return { url: db.url, cleanup: () => db.drop() };
    },
  },
];
