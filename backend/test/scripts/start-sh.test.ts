// `npm start` runs start.sh: migrate to head, then serve. Run here as a real process, the
// way the Docker image runs it, including two replicas starting at once.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createTempDatabase, postgresSkip } from "../../../retort/test/support/postgres.js";
import { backendDir, scriptEnv } from "../support/cli.js";

const pgSkip = await postgresSkip();
const SECRET = "start-test-secret-".padEnd(40, "s");
const head = readdirSync(join(backendDir, "migrations", "versions"))
  .filter((name) => /^\d{3}_.*\.ts$/.test(name))
  .sort()
  .at(-1)
  ?.slice(0, -3);

interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/** Starts start.sh and resolves once the server logs that it listens (or rejects if it exits first). */
const startBackend = (databaseUrl: string): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn("sh", ["./start.sh"], {
      cwd: backendDir,
      env: scriptEnv(databaseUrl, { PORT: "0", HOST: "127.0.0.1", AUTH_SECRET: SECRET }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let listening = false;
    const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /"msg":"Server listening at http:\/\/127\.0\.0\.1:(\d+)"/.exec(output);
      if (match && !listening) {
        listening = true;
        resolve({ child, port: Number(match[1]), output: () => output, exited });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => {
      if (!listening) reject(new Error(`start.sh exited ${code} before listening:\n${output}`));
    });
  });

const stop = async (started: Started): Promise<number | null> => {
  started.child.kill("SIGTERM");
  return started.exited;
};

const health = async (port: number) => (await fetch(`http://127.0.0.1:${port}/health`)).json();

describe("start.sh", () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  test("on PGlite: migrates an empty data directory to head, serves, and stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "backend-start-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const started = await startBackend(`pglite://${join(dir, "pglite")}`);
    assert.deepEqual(await health(started.port), { status: "ok", database: "pglite", revision: head, head, up_to_date: true });
    assert.equal(await stop(started), 0);
    assert.match(started.output(), /"msg":"shutting down"/);
    assert.ok(!started.output().includes(SECRET));
  });

  test("on PostgreSQL: two replicas starting at once both migrate safely and serve", { skip: pgSkip }, async () => {
    const database = await createTempDatabase("backend_start");
    cleanups.push(() => database.drop());
    const replicas = await Promise.all([startBackend(database.url), startBackend(database.url)]);
    for (const replica of replicas) {
      assert.deepEqual(await health(replica.port), { status: "ok", database: "postgres", revision: head, head, up_to_date: true });
    }
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query("select version_num from alembic_version");
      assert.deepEqual(rows, [{ version_num: head }]);
    } finally {
      await client.end();
    }
    for (const replica of replicas) assert.equal(await stop(replica), 0);
  });
});
