// No log line holds a statement's parameter values. A route that inserts a user whose
// username is longer than its column fails with a 500; its log line names the failure but
// holds neither the password hash, nor the email, nor any other value the insert carried,
// on PGlite (whose errors carry `params`) and on PostgreSQL (whose `detail` repeats values).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createTempDatabase, postgresSkip } from "../../retort/test/support/postgres.js";
import { readHeadRevisions } from "../app/revisions.js";
import { insertUser } from "../app/repositories/users.js";
import { migrate, ok } from "./support/cli.js";
import { freshPglite } from "./support/pglite.js";
import { client, startServer, type RunningServer } from "./support/server.js";

const SECRETS = {
  email: "leak@example.com",
  username: "leakuser",
  password_hash: "scrypt$16384$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5-leaked-hash",
};

const suite = (label: string, provision: () => Promise<{ url: string; cleanup(): Promise<void> }>, skip: string | false) =>
  describe(`error logs on ${label}`, { skip }, () => {
    let database: { url: string; cleanup(): Promise<void> };
    let server: RunningServer;

    before(async () => {
      database = await provision();
      ok(await migrate(database.url, "upgrade", "head"), "./migrate.sh upgrade head");
      server = await startServer(database.url, {
        heads: await readHeadRevisions(),
        extend: (app, ctx) => {
          app.post("/test/failing-insert", async () => {
            // The API's schema refuses this before any query; this route skips it on purpose.
            await insertUser(ctx.db, { ...SECRETS, full_name: "x".repeat(300) });
            return { inserted: true };
          });
          // A NOT NULL violation's detail is "Failing row contains (...)": every value.
          app.post("/test/failing-not-null", async () => {
            await insertUser(ctx.db, { ...SECRETS, username: null as unknown as string });
            return { inserted: true };
          });
        },
      });
    });

    after(async () => {
      await server?.close();
      await database?.cleanup();
    });

    for (const path of ["/test/failing-insert", "/test/failing-not-null"]) {
      test(`${path}: the 500's log line names the failure and holds no parameter`, async () => {
        const before = server.logs.length;
        const res = await client(server.baseUrl)("POST", path);
        assert.equal(res.status, 500);
        assert.deepEqual(res.body, { error: { code: "INTERNAL_ERROR", message: "internal server error" } });
        const lines = server.logs.slice(before);
        const failure = lines.find((line) => line.includes('"request failed"'));
        assert.ok(failure, lines.join("\n"));
        const entry = JSON.parse(failure) as { err: { type: string; code: string; message: string } };
        assert.match(entry.err.code, /^[0-9A-Z]{5}$/);
        assert.equal(typeof entry.err.message, "string");
        for (const line of lines) {
          for (const value of Object.values(SECRETS)) assert.ok(!line.includes(value), `a log line holds ${value}: ${line}`);
          assert.ok(!line.includes("scrypt$"), line);
          assert.ok(!/"params"|"parameters"|"detail"/.test(line), line);
        }
      });
    }
  });

suite(
  "PGlite",
  async () => {
    const pglite = await freshPglite();
    return { url: pglite.url, cleanup: pglite.cleanup };
  },
  false,
);

const skip = await postgresSkip();
suite(
  "PostgreSQL",
  async () => {
    const db = await createTempDatabase("backend_logs");
    return { url: db.url, cleanup: () => db.drop() };
  },
  skip,
);
