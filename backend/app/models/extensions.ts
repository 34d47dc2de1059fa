// Extensions the schema needs: pg_trgm for the passages' trigram index (006). On PGlite it
// is loaded when the instance is created (app/database.ts); CREATE EXTENSION then enables it.
import { extension } from "retort-migrate";

export const pgTrgm = extension("pg_trgm");
