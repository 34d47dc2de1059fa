// retort's configuration for the backend (the seed's alembic.ini + env.py).
//
// No `url` here on purpose: with DATABASE_URL unset, retort uses embedded PGlite in
// ./.retort/pglite, the same directory the server opens. In Docker and production,
// DATABASE_URL points at PostgreSQL, e.g. the seed's
// postgresql://chatbot_user:chatbot_pass@localhost:5432/chatbot_db (see README.md).
import { defineConfig } from "retort-migrate";

export default defineConfig({
  migrations: "migrations",
  models: "./app/models/index.ts",
  // Revision files are named by their id alone: 001_initial.ts holds revision "001_initial".
  fileTemplate: "%(rev)s",
  // The reply engine's trigram indexes need pg_trgm; on PGlite it must be loaded with the
  // instance for 006's CREATE EXTENSION to work (the server loads it too, app/database.ts).
  pgliteExtensions: ["pg_trgm"],
});
